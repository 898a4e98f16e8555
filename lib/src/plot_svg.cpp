#include "fieldbench/plot_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "fieldbench/error.hpp"

namespace fieldbench {
namespace {

constexpr double kPlotWidth = 600, kHeight = 520;
constexpr double kLeft = 90, kTop = 50, kBottom = 70;  // margins; the legend sits on the right
constexpr double kCharWidth = 7;                       // generous for 12 px sans-serif, so labels fit
constexpr const char* kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
                                   "#7f7f7f"};

std::string xmlEscaped(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string countLabel(double n) {
  const auto v = static_cast<std::uint64_t>(std::llround(n));
  if (v >= (1ull << 30) && v % (1ull << 30) == 0) return fmt::format("{}G", v >> 30);
  if (v >= (1ull << 20) && v % (1ull << 20) == 0) return fmt::format("{}M", v >> 20);
  if (v >= (1ull << 10) && v % (1ull << 10) == 0) return fmt::format("{}K", v >> 10);
  return std::to_string(v);
}

// 1e6 -> "1 M", 5.01e7 -> "50.1 M": three significant digits and a unit prefix.
std::string rateLabel(double perSecond) {
  if (perSecond >= 1e12) return fmt::format("{:.3g} T", perSecond / 1e12);
  if (perSecond >= 1e9) return fmt::format("{:.3g} G", perSecond / 1e9);
  if (perSecond >= 1e6) return fmt::format("{:.3g} M", perSecond / 1e6);
  if (perSecond >= 1e3) return fmt::format("{:.3g} K", perSecond / 1e3);
  return fmt::format("{:.3g}", perSecond);
}

}  // namespace

std::vector<PlotSeries> plotSeries(const std::vector<BenchmarkFile>& files) {
  std::vector<PlotSeries> out;
  std::size_t color = 0;
  for (const auto& f : files) {
    // Devices of the file in order of first appearance ("" for a one-device report).
    std::vector<std::string> devices;
    for (const auto& e : f.entries) {
      if (std::ranges::find(devices, e.key.device) == devices.end()) devices.push_back(e.key.device);
    }
    for (const auto& device : devices) {
      std::string name = f.deviceName.empty() ? f.label : f.deviceName;
      if (!device.empty()) {
        const auto slot = static_cast<std::size_t>(std::stoul(device));
        // context.devices is in run order; the entry carries the Vulkan index, so find the name by position.
        std::size_t position = static_cast<std::size_t>(std::ranges::find(devices, device) - devices.begin());
        name = position < f.devices.size() ? fmt::format("[{}] {}", slot, f.devices[position])
                                           : fmt::format("device {}", slot);
      }
      if (files.size() > 1) name += fmt::format(" ({})", f.label);
      bool any = false;
      for (const auto& [measure, label, dashed] :
           {std::tuple{"kernel", "kernel", false}, std::tuple{"roundtrip", "round trip", true}}) {
        PlotSeries s{.label = fmt::format("{}: {}", name, label), .source = name, .measure = measure, .points = {},
                     .color = color, .dashed = dashed};
        for (const auto& e : f.entries) {
          if (e.key.device != device || e.key.measure != measure || !e.verified || !e.itemsPerSecond) continue;
          if (*e.itemsPerSecond > 0) s.points.emplace_back(static_cast<double>(e.key.elements), *e.itemsPerSecond);
        }
        std::ranges::sort(s.points);
        if (!s.points.empty()) {
          out.push_back(std::move(s));
          any = true;
        }
      }
      if (any) ++color;
    }
  }
  if (out.empty()) throwUsage("plot: no verified kernel or roundtrip figure in the given files");
  return out;
}

void writePlotTable(const std::vector<PlotSeries>& series, std::ostream& out) {
  std::vector<std::string> sources;
  std::vector<double> sizes;
  for (const auto& s : series) {
    if (std::ranges::find(sources, s.source) == sources.end()) sources.push_back(s.source);
    for (const auto& p : s.points) {
      if (std::ranges::find(sizes, p.first) == sizes.end()) sizes.push_back(p.first);
    }
  }
  std::ranges::sort(sizes);
  for (std::size_t i = 0; i < sources.size(); ++i) out << fmt::format("[{}] {}\n", i, sources[i]);
  out << fmt::format("elements/s at the median time; (x) relative to [0]\n\n");
  constexpr std::size_t kCell = 18;
  auto find = [&](const std::string& source, const char* measure, double n) -> std::optional<double> {
    for (const auto& s : series) {
      if (s.source != source || s.measure != measure) continue;
      for (const auto& [x, y] : s.points) {
        if (x == n) return y;
      }
    }
    return std::nullopt;
  };
  constexpr const char* kMeasures[] = {"kernel", "roundtrip"};
  std::string head1 = fmt::format("{:>10}", ""), head2 = fmt::format("{:>10}", "elements");
  for (const char* m : kMeasures) {
    head1 += fmt::format("  {:<{}}", fmt::format("{} (elem/s)", m), kCell * sources.size() - 2);
    for (std::size_t i = 0; i < sources.size(); ++i) head2 += fmt::format("  {:<{}}", fmt::format("[{}]", i), kCell - 2);
  }
  auto trimmed = [](std::string line) { return line.erase(line.find_last_not_of(' ') + 1); };
  out << trimmed(head1) << "\n" << trimmed(head2) << "\n";
  for (const double n : sizes) {
    std::string line = fmt::format("{:>10}", countLabel(n));
    for (const char* m : kMeasures) {
      const auto base = find(sources.front(), m, n);
      for (std::size_t i = 0; i < sources.size(); ++i) {
        const auto v = find(sources[i], m, n);
        std::string text = v ? rateLabel(*v) : "-";
        if (v && i > 0 && base && *base > 0) text += fmt::format(" ({:.2f}x)", *v / *base);
        line += fmt::format("  {:<{}}", text, kCell - 2);
      }
    }
    out << trimmed(line) << "\n";
  }
}

void writePlotSvg(const std::vector<PlotSeries>& series, const std::string& title, std::ostream& out) {
  double xMin = INFINITY, xMax = 0, yMin = INFINITY, yMax = 0;
  for (const auto& s : series) {
    for (const auto& [x, y] : s.points) {
      xMin = std::min(xMin, x), xMax = std::max(xMax, x), yMin = std::min(yMin, y), yMax = std::max(yMax, y);
    }
  }
  if (!(xMax > 0)) throwUsage("plot: nothing to draw");
  // Axes: whole powers of two (x) and of ten (y) around the data.
  double lx0 = std::floor(std::log2(xMin)), lx1 = std::ceil(std::log2(xMax));
  if (lx1 <= lx0) lx1 = lx0 + 1;
  double ly0 = std::floor(std::log10(yMin)), ly1 = std::ceil(std::log10(yMax));
  if (ly1 <= ly0) ly1 = ly0 + 1;
  std::size_t longest = 0;
  for (const auto& s : series) longest = std::max(longest, s.label.size());
  const double width = kLeft + kPlotWidth + 60 + kCharWidth * static_cast<double>(longest);
  const double plotW = kPlotWidth, plotH = kHeight - kTop - kBottom;
  auto px = [&](double x) { return kLeft + (std::log2(x) - lx0) / (lx1 - lx0) * plotW; };
  auto py = [&](double y) { return kTop + plotH - (std::log10(y) - ly0) / (ly1 - ly0) * plotH; };

  out << fmt::format(R"(<?xml version="1.0" encoding="UTF-8"?>)"
                     "\n"
                     R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" )"
                     R"(font-family="sans-serif" font-size="12">)"
                     "\n",
                     width, kHeight);
  out << fmt::format(R"(<rect x="0" y="0" width="{}" height="{}" fill="white"/>)"
                     "\n",
                     width, kHeight);
  out << fmt::format(R"(<text class="title" x="{}" y="{}" text-anchor="middle" font-size="15">{}</text>)"
                     "\n",
                     kLeft + plotW / 2, kTop - 20, xmlEscaped(title));

  // Grid and tick labels.
  const int xStep = (lx1 - lx0) > 12 ? 2 : 1;
  for (int e = static_cast<int>(lx0); e <= static_cast<int>(lx1); e += xStep) {
    const double x = px(std::ldexp(1.0, e));
    out << fmt::format(R"(<line class="grid" x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="#ddd"/>)"
                       "\n"
                       R"(<text class="xtick" x="{0:.1f}" y="{3}" text-anchor="middle">{4}</text>)"
                       "\n",
                       x, kTop, kTop + plotH, kTop + plotH + 18, countLabel(std::ldexp(1.0, e)));
  }
  for (int e = static_cast<int>(ly0); e <= static_cast<int>(ly1); ++e) {
    const double y = py(std::pow(10.0, e));
    out << fmt::format(R"(<line class="grid" x1="{1}" y1="{0:.1f}" x2="{2}" y2="{0:.1f}" stroke="#ddd"/>)"
                       "\n"
                       R"(<text class="ytick" x="{3}" y="{4:.1f}" text-anchor="end">{5}</text>)"
                       "\n",
                       y, kLeft, kLeft + plotW, kLeft - 8, y + 4, rateLabel(std::pow(10.0, e)));
  }
  out << fmt::format(R"(<rect class="frame" x="{}" y="{}" width="{}" height="{}" fill="none" stroke="black"/>)"
                     "\n",
                     kLeft, kTop, plotW, plotH);
  out << fmt::format(R"(<text class="xlabel" x="{}" y="{}" text-anchor="middle">elements (log scale)</text>)"
                     "\n",
                     kLeft + plotW / 2, kHeight - 25);
  out << fmt::format(R"svg(<text class="ylabel" x="{0}" y="{1}" text-anchor="middle" transform="rotate(-90 {0} {1})">)svg"
                     R"(throughput, elements/s (log scale)</text>)"
                     "\n",
                     22, kTop + plotH / 2);

  // Series, then the legend.
  for (const auto& s : series) {
    const char* color = kColors[s.color % std::size(kColors)];
    std::string points;
    for (const auto& [x, y] : s.points) points += fmt::format("{}{:.1f},{:.1f}", points.empty() ? "" : " ", px(x), py(y));
    out << fmt::format(R"(<polyline class="series" data-label="{}" points="{}" fill="none" stroke="{}" )"
                       R"(stroke-width="2"{}/>)"
                       "\n",
                       xmlEscaped(s.label), points, color, s.dashed ? R"( stroke-dasharray="6,4")" : "");
    for (const auto& [x, y] : s.points) {
      out << fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="2.5" fill="{}"/>)"
                         "\n",
                         px(x), py(y), color);
    }
  }
  double ly = kTop + 10;
  const double lx = kLeft + plotW + 15;
  for (const auto& s : series) {
    const char* color = kColors[s.color % std::size(kColors)];
    out << fmt::format(R"(<line class="legend" x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="{3}" stroke-width="2"{4}/>)"
                       "\n"
                       R"(<text class="legend" x="{5}" y="{6}">{7}</text>)"
                       "\n",
                       lx, ly, lx + 28, color, s.dashed ? R"( stroke-dasharray="6,4")" : "", lx + 34, ly + 4,
                       xmlEscaped(s.label));
    ly += 18;
  }
  out << "</svg>\n";
}

}  // namespace fieldbench
