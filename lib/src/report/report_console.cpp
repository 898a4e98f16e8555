#include "fieldbench/report_console.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "fieldbench/stats.hpp"

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

std::string percent(double fraction) { return fraction > 0 ? fmt::format("{:.0f}%", fraction * 100) : "-"; }

std::string cell(const CaseResult& c, const char* name, bool& noisy) {
  const auto* m = c.measure(name);
  if (m == nullptr) return "-";
  const bool flag = m->summary.cv > kNoisyCv;
  noisy = noisy || flag;
  return duration(m->summary.median) + (flag ? "~" : " ");
}

// With several kinds: the fastest verified round trip of each size (else nothing).
std::string fastestRoundTrips(const Report& report) {
  std::map<std::uint64_t, const CaseResult*> fastest;
  std::set<MemoryKind> kinds;
  for (const auto& c : report.cases) {
    kinds.insert(c.memory);
    const auto* m = c.measure("roundtrip");
    if (c.failed() || m == nullptr) continue;
    auto& best = fastest[c.elements];
    if (!best || m->summary.median < best->measure("roundtrip")->summary.median) best = &c;
  }
  if (kinds.size() > 1) {
    std::string line;
    for (const auto& [n, c] : fastest) {
      line += fmt::format("{}{} {} {}", line.empty() ? "" : "; ", n, toString(c->memory),
                          duration(c->measure("roundtrip")->summary.median));
    }
    return fmt::format("fastest round trip: {}\n", line);
  }
  return {};
}

// --variant and what each kernel ran: "best: bls12-381-fp.mul cios64 (fastest of cios32 1.2 ms, cios64 0.9 ms)".
std::string variantLine(const ReportContext& rc) {
  std::string line = rc.variantOption + ":";
  for (const auto& v : rc.variants) {
    line += fmt::format("{} {} {}", line.back() == ':' ? "" : ";", v.kernel, v.variant);
    if (v.choice != "best") {
      line += fmt::format(" ({})", v.choice);
      continue;
    }
    std::string probes;
    for (const auto& [name, ns] : v.probeNs) probes += fmt::format("{}{} {}", probes.empty() ? "" : ", ", name, duration(ns));
    line += fmt::format(" (fastest of {})", probes);
  }
  return line;
}

// "clocks:  SM 1755-1980 MHz, memory 3201 MHz at the sizes' starts and ends (NVML)", or unknown and why.
std::string clocksLine(const Report& report) {
  std::uint32_t smLow = 0, smHigh = 0, memLow = 0, memHigh = 0;
  for (const auto& c : report.cases) {
    for (const GpuClocks& k : {c.clocksStart, c.clocksEnd}) {
      if (!k.known()) continue;
      smLow = smLow == 0 ? k.smMHz : std::min(smLow, k.smMHz);
      smHigh = std::max(smHigh, k.smMHz);
      memLow = memLow == 0 ? k.memoryMHz : std::min(memLow, k.memoryMHz);
      memHigh = std::max(memHigh, k.memoryMHz);
    }
  }
  if (smHigh == 0) {
    const auto& source = report.context.clockSource;
    return fmt::format("clocks:  {}\n", source.empty() ? std::string("unknown") : source);
  }
  auto range = [](std::uint32_t lo, std::uint32_t hi) {
    return lo == hi ? fmt::format("{} MHz", hi) : fmt::format("{}-{} MHz", lo, hi);
  };
  return fmt::format("clocks:  SM {}, memory {} at the sizes' starts and ends (NVML)\n", range(smLow, smHigh),
                     range(memLow, memHigh));
}

// --runs: per size, each timed measure's noise within runs (the mean of the runs' cv) beside
// the spread between them (slowest run median / fastest - 1).
std::string runsTable(const Report& report) {
  if (report.context.runs < 2) return {};
  std::string out = fmt::format("\nbetween runs ({} runs, each in a fresh context): cv within runs / spread of run "
                                "medians (max / min - 1)\n",
                                report.context.runs);
  const auto row = "{:>10} {:>14} {:>14} {:>14} {:>14}  {}\n";
  out += fmt::format(fmt::runtime(row), "elements", "upload", "kernel", "download", "roundtrip", "memory");
  auto noise = [](const CaseResult& c, const char* name) {
    const auto* m = c.measure(name);
    if (m == nullptr || m->runSamplesNs.empty()) return std::string("-");
    const double within = meanWithinRunCv(m->runSamplesNs);
    const auto medians = runMedians(m->runSamplesNs);
    return fmt::format("{} / {}", std::isfinite(within) ? fmt::format("{:.1f}%", within * 100) : "-",
                       fmt::format("{:.1f}%", relativeSpread(medians) * 100));
  };
  for (const auto& c : report.cases) {
    if (c.failed()) continue;
    out += fmt::format(fmt::runtime(row), c.elements, noise(c, "upload"), noise(c, "kernel"), noise(c, "download"),
                       noise(c, "roundtrip"), fmt::format("{} {}", c.op, toString(c.memory)));
  }
  return out;
}

// --batch: each size's kernel as the round trip timed it beside N kernels back to back (time
// per kernel), with the batch's rates.
std::string batchTable(const Report& report, bool& noisy) {
  if (report.context.batch == 0) return {};
  std::string out = fmt::format("\nkernel batch: {} kernels back to back per repetition, the GPU busy between them "
                                "(time per kernel; the result checked)\n",
                                report.context.batch);
  const auto row = "{:>10} {:>11} {:>11} {:>10} {:>9} {:>10}  {}\n";
  out += fmt::format(fmt::runtime(row), "elements", "kernel", "batch", "elem/s", "GB/s", "op/s", "");
  for (const auto& c : report.cases) {
    const auto* m = c.failed() ? nullptr : c.measure("kernel_batch");
    if (m == nullptr) continue;
    out += fmt::format(fmt::runtime(row), c.elements, cell(c, "kernel", noisy), cell(c, "kernel_batch", noisy),
                       rate(itemsPerSecond(c, *m)), fmt::format("{:.1f}", bytesPerSecond(c, *m) / 1e9),
                       rate(opsPerSecond(c, *m)),
                       fmt::format("{}{} ({})", c.op, c.variant.empty() ? "" : " [" + c.variant + "]", toString(c.memory)));
  }
  return out;
}

}  // namespace

void ConsoleReporter::write(const Report& report, std::ostream& out) const {
  const auto& rc = report.context;
  const auto& d = rc.device;
  out << fmt::format("fieldbench {} ({})\n", rc.version, rc.commit);
  out << fmt::format("device:  {} ({}), driver {} {}, Vulkan {}\n", d.name, d.type, d.driverName, d.driverInfo,
                     d.apiVersion);
  if (!d.queues.empty()) out << fmt::format("queues:  {}\n", d.queues);
  const auto repetitions = rc.minTime > 0 ? fmt::format("repetitions for {} s", rc.minTime)
                                          : fmt::format("{} iterations", rc.iterations);
  const auto workgroup = rc.workgroupSize != 0 ? std::to_string(rc.workgroupSize)
                                               : fmt::format("auto ({})", kAutoWorkgroupText);
  const auto chunking = rc.overlap ? fmt::format("chunks of {} KiB", rc.chunkBytes >> 10) : std::string("no overlap");
  const auto warmupTime = rc.warmupTime > 0 ? fmt::format(" (at least {} s)", rc.warmupTime) : std::string();
  out << fmt::format("run:     {}, {} after {} warm-up{}, seed {}, workgroup {}, inputs {}, {}, "
                     "{} cache; times are medians\n",
                     rc.kernel, repetitions, rc.warmup, warmupTime, rc.seed, workgroup, rc.inputs, chunking, rc.cache);
  if (rc.hostToDeviceBytesPerSecond > 0) {
    out << fmt::format("link:    host to device {:.1f} GB/s, device to host {:.1f} GB/s alone; {:.1f} and {:.1f} GB/s "
                       "both at once ({} MiB copies)\n",
                       rc.hostToDeviceBytesPerSecond / 1e9, rc.deviceToHostBytesPerSecond / 1e9,
                       rc.hostToDeviceDuplexBytesPerSecond / 1e9, rc.deviceToHostDuplexBytesPerSecond / 1e9,
                       rc.linkProbeBytes >> 20);
  }
  out << clocksLine(report);
  out << fmt::format("field:   {}, {} op(s) per element\n", rc.field, rc.opsPerElement);
  if (!rc.variants.empty()) out << fmt::format("variant: {}\n", variantLine(rc));
  if (rc.runs > 1) out << fmt::format("runs:    {}, each with a fresh device and buffers; times are over all runs\n", rc.runs);
  if (rc.slowdownPercent > 0) {
    out << fmt::format("SLOWDOWN: every timed measure made {}% slower by FIELDBENCH_SLOWDOWN (a test aid)\n",
                       rc.slowdownPercent);
  }
  const auto row = "{:>10} {:>11} {:>11} {:>11} {:>11} {:>12} {:>10} {:>9} {:>6} {:>6} {:>10} {:>6}  {}\n";
  out << "\n" << fmt::format(fmt::runtime(row), "elements", "upload", "kernel", "download", "roundtrip", "duplex floor",
                             "elem/s", "GB/s", "eff", "eff", "op/s", "chunks", "verified");
  out << fmt::format(fmt::runtime(row), "", "", "", "", "", "", "(kernel)", "(kernel)", "kern", "round", "(kernel)", "",
                     "");
  bool noisy = false;
  bool anyFraction = false, anyFp64Fraction = false;
  const CaseResult* previous = nullptr;
  for (const auto& c : report.cases) {
    // A heading for each kernel and memory kind.
    if (!previous || previous->memory != c.memory || previous->op != c.op || previous->variant != c.variant) {
      out << fmt::format("{}{} ({}):\n", c.op, c.variant.empty() ? "" : " [" + c.variant + "]", toString(c.memory));
    }
    previous = &c;
    if (c.failed()) {
      out << fmt::format("{:>10}  MISMATCH: {}\n", c.elements, c.mismatchDetail);
      continue;
    }
    const auto* kernel = c.measure("kernel");
    out << fmt::format(fmt::runtime(row), c.elements, cell(c, "upload", noisy), cell(c, "kernel", noisy),
                       cell(c, "download", noisy), cell(c, "roundtrip", noisy),
                       c.duplexFloorNs > 0 ? duration(c.duplexFloorNs) + " " : "-",
                       kernel ? rate(itemsPerSecond(c, *kernel)) : "-",
                       kernel ? fmt::format("{:.1f}", bytesPerSecond(c, *kernel) / 1e9) : "-",
                       percent(c.kernelEfficiency), percent(c.roundtripEfficiency),
                       kernel ? rate(opsPerSecond(c, *kernel)) : "-", c.chunks,
                       (c.verified() ? std::string("ok") : std::string("not checked")) +
                           (c.intRateFraction > 0 ? fmt::format("  int rate {:.0f}%", c.intRateFraction * 100) : "") +
                           (c.fp64RateFraction > 0 ? fmt::format("  fp64 rate {:.0f}%", c.fp64RateFraction * 100) : ""));
    anyFraction = anyFraction || c.intRateFraction > 0;
    anyFp64Fraction = anyFp64Fraction || c.fp64RateFraction > 0;
  }
  for (const auto& sk : report.skipped) out << fmt::format("{}: skipped: {}\n", toString(sk.memory), sk.reason);
  for (const auto& sv : rc.skippedVariants) {
    out << fmt::format("{} [{}]: skipped: {}\n", sv.kernel, sv.variant, sv.reason);
  }
  out << batchTable(report, noisy);
  out << runsTable(report);
  out << fastestRoundTrips(report);
  out << "\neff kern: copy-roofline time / kernel time; eff round: duplex floor / round trip; duplex floor: the\n"
         "least the bytes up and down take over the link above, both directions at once (JSON and CSV also give\n"
         "pcie_floor_ns, one direction after the other)\n";
  if (anyFraction) {
    out << "int rate: op/s x the variant's 32-bit multiply-adds per op / int_probe's multiply-adds per s\n";
  }
  if (anyFp64Fraction) out << "fp64 rate: op/s x the FP64 instructions of the variant's products per op / fp64_probe's fmas per s\n";
  if (noisy) out << "~ noisy: coefficient of variation above 5%\n";
  if (report.context.incomplete) {
    out << fmt::format("\nINCOMPLETE: interrupted after {} of {} sizes.\n", report.cases.size(),
                       report.context.sizesRequested);
  }
  if (report.anyMismatch()) out << "\nVERIFICATION FAILED: the figures of mismatched sizes are withheld.\n";
}

}  // namespace fieldbench
