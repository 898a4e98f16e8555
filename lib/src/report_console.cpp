#include "fieldbench/report_console.hpp"

#include <fmt/format.h>

#include <cmath>

namespace fieldbench {
namespace {

// A measure whose coefficient of variation exceeds this is flagged as noisy.
constexpr double kNoisyCv = 0.05;

std::string duration(double ns) {
  if (!std::isfinite(ns)) return "-";
  if (ns < 1e3) return fmt::format("{:.0f} ns", ns);
  if (ns < 1e6) return fmt::format("{:.1f} us", ns / 1e3);
  if (ns < 1e9) return fmt::format("{:.2f} ms", ns / 1e6);
  return fmt::format("{:.2f} s", ns / 1e9);
}

std::string rate(double perSecond) {
  if (perSecond >= 1e9) return fmt::format("{:.2f} G", perSecond / 1e9);
  if (perSecond >= 1e6) return fmt::format("{:.1f} M", perSecond / 1e6);
  return fmt::format("{:.1f} K", perSecond / 1e3);
}

std::string cell(const CaseResult& c, const char* name, bool& noisy) {
  const auto* m = c.measure(name);
  if (m == nullptr) return "-";
  const bool flag = m->summary.cv > kNoisyCv;
  noisy = noisy || flag;
  return duration(m->summary.median) + (flag ? "~" : " ");
}

}  // namespace

void ConsoleReporter::write(const Report& report, std::ostream& out) const {
  const auto& rc = report.context;
  const auto& d = rc.device;
  out << fmt::format("fieldbench {} ({})\n", rc.version, rc.commit);
  out << fmt::format("device:  {} ({}), driver {} {}, Vulkan {}\n", d.name, d.type, d.driverName, d.driverInfo,
                     d.apiVersion);
  out << fmt::format("run:     {} iterations after {} warm-up, seed {}, workgroup {}, inputs {}; "
                     "times are medians\n\n",
                     rc.iterations, rc.warmup, rc.seed, rc.workgroupSize, rc.inputs);
  out << fmt::format("{:<13} {:>10} {:>11} {:>11} {:>11} {:>11} {:>11} {:>9} {:>9}  {}\n", "memory", "elements",
                     "upload", "kernel", "download", "roundtrip", "elem/s", "GB/s", "GB/s", "verified");
  out << fmt::format("{:<13} {:>10} {:>11} {:>11} {:>11} {:>11} {:>11} {:>9} {:>9}\n", "", "", "", "", "", "",
                     "(kernel)", "(kernel)", "(round)");
  bool noisy = false;
  for (const auto& c : report.cases) {
    if (c.failed()) {
      out << fmt::format("{:<13} {:>10}  MISMATCH: {}\n", toString(c.memory), c.elements, c.mismatchDetail);
      continue;
    }
    const auto* kernel = c.measure("kernel");
    const auto* round = c.measure("roundtrip");
    out << fmt::format("{:<13} {:>10} {:>11} {:>11} {:>11} {:>11} {:>11} {:>9} {:>9}  {}\n", toString(c.memory),
                       c.elements, cell(c, "upload", noisy), cell(c, "kernel", noisy), cell(c, "download", noisy),
                       cell(c, "roundtrip", noisy), kernel ? rate(itemsPerSecond(c, *kernel)) : "-",
                       kernel ? fmt::format("{:.1f}", bytesPerSecond(c, *kernel) / 1e9) : "-",
                       round ? fmt::format("{:.2f}", bytesPerSecond(c, *round) / 1e9) : "-",
                       c.verified() ? "ok" : "not checked");
  }
  if (noisy) out << "\n~ noisy: coefficient of variation above 5%\n";
  if (report.anyMismatch()) out << "\nVERIFICATION FAILED: the figures of mismatched sizes are withheld.\n";
}

}  // namespace fieldbench
