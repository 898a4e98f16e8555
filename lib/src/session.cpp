#include "fieldbench/session.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "fieldbench/error.hpp"
#include "fieldbench/files.hpp"
#include "fieldbench/interrupt.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/memory_kind.hpp"
#include "fieldbench/runner.hpp"
#include "fieldbench/verify.hpp"
#include "fieldbench/version.hpp"

namespace fieldbench {
namespace {

std::string isoDate() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &local);
  return buf;
}

std::string hostName() {
  char buf[256] = {};
  return ::gethostname(buf, sizeof buf - 1) == 0 ? buf : "unknown";
}

MeasureResult measure(std::string name, std::vector<double> samples, std::uint64_t bytesPerElement) {
  MeasureResult m{.name = std::move(name), .samplesNs = std::move(samples), .summary = {},
                  .bytesPerElement = bytesPerElement};
  m.summary = summarize(m.samplesNs);
  return m;
}

// Link bandwidth from the largest verified size's copies, then each case's efficiencies.
void addEfficiencies(Report& report) {
  auto& rc = report.context;
  // The largest size with both copies (the last such, over kinds and ops); never int_probe's.
  const CaseResult* largest = nullptr;
  for (const auto& c : report.cases) {
    if (c.op == "int_probe" || !c.measure("upload") || !c.measure("download")) continue;
    if (largest == nullptr || c.elements >= largest->elements) largest = &c;
  }
  if (largest != nullptr) {
    rc.hostToDeviceBytesPerSecond = bytesPerSecond(*largest, *largest->measure("upload"));
    rc.deviceToHostBytesPerSecond = bytesPerSecond(*largest, *largest->measure("download"));
  }
  for (auto& c : report.cases) {
    const auto* kernel = c.measure("kernel");
    const auto* roofline = c.measure("roofline");
    const auto* round = c.measure("roundtrip");
    if (kernel && roofline && kernel->summary.median > 0) {
      c.kernelEfficiency = roofline->summary.median / kernel->summary.median;
    }
    if (round && rc.hostToDeviceBytesPerSecond > 0 && rc.deviceToHostBytesPerSecond > 0) {
      const double n = static_cast<double>(c.elements);
      const auto eb = static_cast<double>(c.elementBytes);
      const double floorNs = 1e9 * (n * 2 * eb / rc.hostToDeviceBytesPerSecond +
                                    n * eb / rc.deviceToHostBytesPerSecond);
      c.pcieFloorNs = floorNs;
      c.roundtripEfficiency = floorNs / round->summary.median;
    }
  }
}

// The kernel's pipeline statistics, once per kernel, between runs (outside every timed region).
void recordStatistics(ReportContext& rc, std::string_view kernel, const Runner& runner) {
  if (rc.pipelineStatistics.contains(std::string(kernel))) return;
  if (auto statistics = runner.kernelStatistics(); !statistics.empty()) {
    rc.pipelineStatistics.emplace(kernel, std::move(statistics));
  }
}

}  // namespace

Report runSession(const Context& context, const RunOptions& options, const SessionProgress& progress) {
  validate(options);
  Report report;
  auto& rc = report.context;
  rc.date = isoDate();
  rc.host = hostName();
  rc.version = kVersion;
  rc.commit = kGitCommit;
  rc.device = context.info();
  rc.iterations = options.iterations;
  rc.warmup = options.warmup;
  rc.minTime = options.minTime;
  rc.workgroupSize = options.workgroupSize;  // 0: auto, per size (CaseResult::workgroupSize)
  rc.cache = options.cold ? "cold" : "warm";
  rc.seed = options.seed;
  const Field& field = findField(options.field);
  rc.field = field.name;
  rc.opsPerElement = options.opsPerElement;
  const std::uint64_t elementBytes = field.elementBytes();

  // Known-answer operands (packed, field.limbs words each), or the sizes to draw random operands for.
  std::vector<std::uint64_t> fileA, fileB;
  std::vector<std::uint64_t> sizes = options.elements;
  if (options.knownAnswer()) {
    rc.inputs = "files";
    fileA = readElementFile(options.aFile, field);
    fileB = readElementFile(options.bFile, field);
    if (fileA.size() != fileB.size()) {
      throwUsage(fmt::format("element files differ in size: '{}' has {} elements, '{}' has {}", options.aFile,
                             fileA.size() / field.limbs, options.bFile, fileB.size() / field.limbs));
    }
    sizes = {fileA.size() / field.limbs};
  }
  // Kinds the device cannot provide are skipped with the reason; if none is left, that is a usage error.
  // No --memory (or auto): the fastest kind this device supports.
  const auto caps = memoryCapabilities(context);
  const std::vector<MemoryKind> asked = options.memories.empty() ? std::vector{autoMemoryKind(caps)} : options.memories;
  const auto kinds = supportedKinds(asked, caps, report.skipped);
  for (const auto kind : kinds) {
    for (auto n : sizes) checkFits(context, kind, n, options.cold, elementBytes);  // every size, before running any
  }

  // The classic add (BLS12-381 Fp, one op per element) runs --kernel's field_add variant
  // and keeps its name; every other op is the generic kernel "<field>.<op>".
  auto kernelFor = [&](FieldOp op) -> const Kernel& {
    if (&field == &bls12381Fp() && op == FieldOp::kAdd && options.opsPerElement == 1) {
      return findFieldAddKernel(options.kernel);
    }
    return fieldOpKernel(field, op);
  };
  std::string kernelNames;
  for (FieldOp op : options.ops) {
    const Kernel& kernel = kernelFor(op);
    if (const auto why = kernel.unsupportedReason(context); !why.empty()) throwUsage(why);
    kernelNames += (kernelNames.empty() ? "" : ",") + std::string(kernel.name);
  }
  const bool mul = std::find(options.ops.begin(), options.ops.end(), FieldOp::kMul) != options.ops.end();
  // The integer-rate probe runs with mul, at the largest size up to kIntProbeMaxElements
  // (its CPU reference costs 3072 multiply-adds per element).
  const bool probe = mul && !options.knownAnswer();
  const std::uint64_t probeElements = std::min(*std::max_element(sizes.begin(), sizes.end()), kIntProbeMaxElements);
  if (probe) {
    checkFits(context, kinds.front(), probeElements, options.cold, intProbeKernel().elementBytes);
    kernelNames += ",int_probe";
  }
  rc.kernel = kernelNames;
  rc.chunkBytes = options.chunkBytes;
  rc.overlap = options.overlap;
  for (const auto kind : kinds) rc.memory += (rc.memory.empty() ? "" : ",") + std::string(toString(kind));
  auto configFor = [&](MemoryKind kind) {
    return RunConfig{.memory = kind, .chunkBytes = options.chunkBytes, .overlap = options.overlap,
                     .iterations = options.iterations, .warmup = options.warmup, .minTime = options.minTime,
                     .cold = options.cold, .roofline = true, .timeoutSeconds = options.timeoutSeconds};
  };

  // One case: prepare, fill, reference, run, measures.
  auto runCase = [&](Runner& runner, const Kernel& kernel, MemoryKind kind, const std::string& op, std::uint64_t n,
                     std::uint64_t opsPerElement, auto&& fill, auto&& reference) {
    const RunConfig config = configFor(kind);
    const HostIo io = runner.prepare(config, n);
    fill(io);
    const auto expected = options.verify ? reference(io) : std::vector<std::uint64_t>{};
    auto outcome = runner.run(config, expected);
    const std::uint64_t eb = kernel.elementBytes;
    CaseResult c{.op = op, .memory = kind, .elements = n,
                 .verifyEnabled = options.verify, .mismatches = outcome.verify.mismatches,
                 .mismatchDetail = outcome.verify.detail, .measures = {},
                 .workgroupSize = outcome.workgroupSize, .chunks = outcome.chunks,
                 .field = kernel.field != nullptr ? std::string(kernel.field->name) : std::string(),
                 .elementBytes = eb, .opsPerElement = opsPerElement};
    if (!c.failed()) {
      auto& s = outcome.samples;
      auto add = [&](const char* name, std::vector<double>& samples, std::uint64_t bytesPerElement) {
        if (!samples.empty()) c.measures.push_back(measure(name, std::move(samples), bytesPerElement));
      };
      add("upload", s.upload, 2 * eb);
      add("kernel", s.kernel, kernel.bytesPerElement);
      add("download", s.download, eb);
      add("roundtrip", s.roundtrip, 3 * eb);
      add("host_write", s.hostWrite, 2 * eb);
      add("host_read", s.hostRead, eb);
      add("roofline", s.roofline, copyKernelFor(eb).bytesPerElement);
      add("submit_latency", s.submitLatency, 0);
      add("completion_latency", s.completionLatency, 0);
    }
    report.cases.push_back(std::move(c));
    return io;
  };

  // Progress counts every (kind, op, size) case, and the probe.
  const std::size_t steps = kinds.size() * options.ops.size() * sizes.size() + (probe ? 1 : 0);
  rc.sizesRequested = steps;
  std::size_t step = 0;
  for (const auto kind : kinds) {
    if (rc.incomplete) break;
    for (FieldOp op : options.ops) {
      if (rc.incomplete) break;
      const Kernel& kernel = kernelFor(op);
      const std::string name = kernel.chained ? (options.opsPerElement == 1
                                                     ? std::string(kernel.name)
                                                     : fmt::format("{}.x{}", kernel.name, options.opsPerElement))
                                              : std::string(kernel.name);
      Runner runner(context, kernel, rc.workgroupSize, options.opsPerElement);
      for (auto n : sizes) {
        // Ctrl-C: stop between sizes; the finished ones are reported, marked incomplete.
        if (interruptRequested()) {
          rc.incomplete = true;
          break;
        }
        if (progress) progress(step++, steps, n);
        const HostIo io = runCase(
            runner, kernel, kind, name, n, options.opsPerElement,
            [&](const HostIo& in) {
              if (options.knownAnswer()) {
                std::copy(fileA.begin(), fileA.end(), in.a.begin());
                std::copy(fileB.begin(), fileB.end(), in.b.begin());
              } else {
                fillRandom(field, in.a, options.seed);
                fillRandom(field, in.b, ~options.seed);
              }
            },
            [&](const HostIo& in) { return referenceOp(field, op, options.opsPerElement, in.a, in.b); });
        if (options.knownAnswer() && kind == kinds.front()) {
          writeFileAtomically(options.resultFile, std::as_bytes(io.result));
        }
        recordStatistics(rc, kernel.name, runner);
      }
    }
  }

  if (probe && !rc.incomplete && !interruptRequested()) {
    if (progress) progress(step++, steps, probeElements);
    Runner runner(context, intProbeKernel(), rc.workgroupSize);
    (void)runCase(
        runner, intProbeKernel(), kinds.front(), "int_probe", probeElements, intProbeOpsPerElement(),
        [&](const HostIo& io) {
          fillRandom(bls12381Fp(), io.a, options.seed);
          fillRandom(bls12381Fp(), io.b, ~options.seed);
        },
        [&](const HostIo& io) { return referenceIntProbe(io.a, io.b); });
    recordStatistics(rc, intProbeKernel().name, runner);
    const CaseResult& p = report.cases.back();
    const auto* probeKernel = p.measure("kernel");
    const double intOpsPerSecond = probeKernel ? opsPerSecond(p, *probeKernel) : 0;
    for (auto& c : report.cases) {
      const auto* k = c.measure("kernel");
      if (intOpsPerSecond > 0 && k != nullptr && c.field == field.name && c.op.find(".mul") != std::string::npos) {
        c.intRateFraction = opsPerSecond(c, *k) * static_cast<double>(mulIntOpsPerMul(field)) / intOpsPerSecond;
      }
    }
  }
  addEfficiencies(report);
  return report;
}

}  // namespace fieldbench
