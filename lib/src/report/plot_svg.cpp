#include "fieldbench/plot_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

#include "fieldbench/error.hpp"

namespace fieldbench {
namespace {

constexpr double kPlotWidth = 600, kPlotHeight = 400;  // the plot area, px, whatever the legend holds
constexpr double kLeft = 90, kTop = 50, kRight = 30;   // margins; the legend sits below the plot
constexpr double kLegendTop = 75;                      // plot bottom to the legend's first baseline (below the x label)
constexpr double kLegendRow = 18, kLegendSample = 34, kLegendGap = 20;  // row height; sample line + gap; between entries
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

std::string reportBaseName(const std::string& path) {
  const std::filesystem::path p(path);
  return p.extension() == ".json" ? p.stem().string() : p.filename().string();
}

namespace {

// One line source: a device of a file, and the name its series carry.
struct PlotSource {
  std::size_t file = 0;
  std::string device;  // the entries' device_index ("" for a one-device report)
  std::string name;
};

// The device name of each file and device ("[index] name" in a --device all report, the file's
// base name where a report names no device); the base name is added only where files share a name.
std::vector<PlotSource> plotSources(const std::vector<BenchmarkFile>& files) {
  std::vector<PlotSource> out;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    // Devices of the file in order of first appearance ("" for a one-device report).
    std::vector<std::string> devices;
    for (const auto& e : f.entries) {
      if (std::ranges::find(devices, e.key.device) == devices.end()) devices.push_back(e.key.device);
    }
    for (std::size_t position = 0; position < devices.size(); ++position) {
      const auto& device = devices[position];
      std::string name = f.deviceName.empty() ? reportBaseName(f.label) : f.deviceName;
      if (!device.empty()) {
        // context.devices is in run order; the entry carries the Vulkan index, so find the name by position.
        const auto slot = static_cast<std::size_t>(std::stoul(device));
        name = position < f.devices.size() ? fmt::format("[{}] {}", slot, f.devices[position])
                                           : fmt::format("device {}", slot);
      }
      out.push_back({.file = i, .device = device, .name = std::move(name)});
    }
  }
  auto collides = [&](const PlotSource& s) {
    return std::ranges::any_of(out, [&](const PlotSource& o) { return o.file != s.file && o.name == s.name; });
  };
  std::vector<bool> shared;
  for (const auto& s : out) shared.push_back(collides(s));
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (shared[i]) out[i].name += fmt::format(" ({})", reportBaseName(files[out[i].file].label));
  }
  // Same device and same base name in two folders: the file's position tells them apart.
  std::vector<bool> still;
  for (std::size_t i = 0; i < out.size(); ++i) still.push_back(shared[i] && collides(out[i]));
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (still[i]) out[i].name.insert(out[i].name.size() - 1, fmt::format(", file {}", out[i].file + 1));
  }
  return out;
}

}  // namespace

std::vector<PlotSeries> plotSeries(const std::vector<BenchmarkFile>& files) {
  std::vector<PlotSeries> out;
  std::size_t color = 0;
  for (const auto& source : plotSources(files)) {
    const auto& f = files[source.file];
    bool any = false;
    for (const auto& [measure, label, dashed] :
         {std::tuple{"kernel", "kernel", false}, std::tuple{"roundtrip", "round trip", true}}) {
      PlotSeries s{.label = fmt::format("{}: {}", source.name, label), .source = source.name, .measure = measure,
                   .points = {}, .color = color, .dashed = dashed};
      for (const auto& e : f.entries) {
        if (e.key.device != source.device || e.key.measure != measure || !e.verified || !e.itemsPerSecond) continue;
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

namespace {

// A legend entry's place: left end of its sample line and its row's baseline.
struct LegendSlot {
  double x = 0, y = 0;
};

// Legend entries flow left to right in rows below the plot area, starting at `top`; a row
// ends before `right`. Returns each entry's slot; `bottom` receives the last row's bottom.
std::vector<LegendSlot> legendLayout(const std::vector<PlotSeries>& series, double top, double right, double& bottom) {
  std::vector<LegendSlot> slots;
  double x = kLeft, y = top;
  for (const auto& s : series) {
    const double w = kLegendSample + kCharWidth * static_cast<double>(s.label.size()) + kLegendGap;
    if (x > kLeft && x + w > right) x = kLeft, y += kLegendRow;
    slots.push_back({.x = x, .y = y});
    x += w;
  }
  bottom = y + kLegendRow / 2;
  return slots;
}

// Grid lines and tick labels: x at powers of two, y at powers of ten.
template <typename Px, typename Py>
void writeGrid(std::ostream& out, double lx0, double lx1, double ly0, double ly1, double plotH, Px px, Py py) {
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
                       y, kLeft, kLeft + kPlotWidth, kLeft - 8, y + 4, rateLabel(std::pow(10.0, e)));
  }
}

void writeLegend(std::ostream& out, const std::vector<PlotSeries>& series, const std::vector<LegendSlot>& slots) {
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& s = series[i];
    const auto [x, y] = slots[i];
    out << fmt::format(R"(<line class="legend" x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="{3}" stroke-width="2"{4}/>)"
                       "\n"
                       R"(<text class="legend" x="{5}" y="{6}">{7}</text>)"
                       "\n",
                       x, y, x + 28, kColors[s.color % std::size(kColors)],
                       s.dashed ? R"( stroke-dasharray="6,4")" : "", x + 34, y + 4, xmlEscaped(s.label));
  }
}

}  // namespace

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
  const double plotW = kPlotWidth, plotH = kPlotHeight;
  // The legend goes below the x axis label, in rows no wider than the plot's margins allow; an
  // entry wider than a row widens the SVG, never narrows the plot.
  double width = kLeft + plotW + kRight, legendBottom = 0;
  for (const auto& s : series) {
    width = std::max(width, kLeft + kLegendSample + kCharWidth * static_cast<double>(s.label.size()) + kRight);
  }
  const auto slots = legendLayout(series, kTop + plotH + kLegendTop, width - kRight, legendBottom);
  const double height = legendBottom + kLegendRow;
  auto px = [&](double x) { return kLeft + (std::log2(x) - lx0) / (lx1 - lx0) * plotW; };
  auto py = [&](double y) { return kTop + plotH - (std::log10(y) - ly0) / (ly1 - ly0) * plotH; };

  out << fmt::format(R"(<?xml version="1.0" encoding="UTF-8"?>)"
                     "\n"
                     R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" )"
                     R"(font-family="sans-serif" font-size="12">)"
                     "\n",
                     width, height);
  out << fmt::format(R"(<rect x="0" y="0" width="{}" height="{}" fill="white"/>)"
                     "\n",
                     width, height);
  out << fmt::format(R"(<text class="title" x="{}" y="{}" text-anchor="middle" font-size="15">{}</text>)"
                     "\n",
                     kLeft + plotW / 2, kTop - 20, xmlEscaped(title));
  writeGrid(out, lx0, lx1, ly0, ly1, plotH, px, py);
  out << fmt::format(R"(<rect class="frame" x="{}" y="{}" width="{}" height="{}" fill="none" stroke="black"/>)"
                     "\n",
                     kLeft, kTop, plotW, plotH);
  out << fmt::format(R"(<text class="xlabel" x="{}" y="{}" text-anchor="middle">elements (log scale)</text>)"
                     "\n",
                     kLeft + plotW / 2, kTop + plotH + 45);
  out << fmt::format(R"svg(<text class="ylabel" x="{0}" y="{1}" text-anchor="middle" transform="rotate(-90 {0} {1})">)svg"
                     R"(throughput, elements/s (log scale)</text>)"
                     "\n",
                     22, kTop + plotH / 2);
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
  writeLegend(out, series, slots);
  out << "</svg>\n";
}

}  // namespace fieldbench
