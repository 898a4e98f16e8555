#include "fieldbench/session.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "fieldbench/error.hpp"
#include "fieldbench/files.hpp"
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
  const CaseResult* largest = nullptr;  // the largest size with both copies (the last such, over kinds)
  for (const auto& c : report.cases) {
    if (c.measure("upload") && c.measure("download") && (!largest || c.elements >= largest->elements)) largest = &c;
  }
  if (largest) {
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
      const double floorNs = 1e9 * (n * 2 * kElementBytes / rc.hostToDeviceBytesPerSecond +
                                    n * kElementBytes / rc.deviceToHostBytesPerSecond);
      c.pcieFloorNs = floorNs;
      c.roundtripEfficiency = floorNs / round->summary.median;
    }
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

  // Known-answer operands, or the sizes to draw random operands for.
  std::vector<Element> fileA, fileB;
  std::vector<std::uint64_t> sizes = options.elements;
  if (options.knownAnswer()) {
    rc.inputs = "files";
    fileA = readElementFile(options.aFile);
    fileB = readElementFile(options.bFile);
    if (fileA.size() != fileB.size()) {
      throwUsage(fmt::format("element files differ in size: '{}' has {} elements, '{}' has {}", options.aFile,
                             fileA.size(), options.bFile, fileB.size()));
    }
    sizes = {fileA.size()};
  }
  // Kinds the device cannot provide are skipped with the reason; if none is left, that is a usage error.
  // No --memory (or auto): the fastest kind this device supports.
  const auto caps = memoryCapabilities(context);
  const std::vector<MemoryKind> asked = options.memories.empty() ? std::vector{autoMemoryKind(caps)} : options.memories;
  const auto kinds = supportedKinds(asked, caps, report.skipped);
  for (const auto kind : kinds) {
    for (auto n : sizes) checkFits(context, kind, n, options.cold);  // every size, before running any
  }

  const Kernel& kernel = findFieldAddKernel(options.kernel);
  if (const auto why = kernel.unsupportedReason(context); !why.empty()) throwUsage(why);
  rc.kernel = kernel.name;
  Runner runner(context, kernel, rc.workgroupSize);
  rc.chunkBytes = options.chunkBytes;
  rc.overlap = options.overlap;
  for (const auto kind : kinds) rc.memory += (rc.memory.empty() ? "" : ",") + std::string(toString(kind));
  const auto total = kinds.size() * sizes.size();
  std::size_t done = 0;
  for (const auto kind : kinds) {
    const RunConfig config{.memory = kind, .chunkBytes = options.chunkBytes, .overlap = options.overlap,
                           .iterations = options.iterations, .warmup = options.warmup, .minTime = options.minTime,
                           .cold = options.cold, .roofline = true};
    for (std::size_t index = 0; index < sizes.size(); ++index) {
      const auto n = sizes[index];
      if (progress) progress(done++, total, n);
      const HostIo io = runner.prepare(config, n);
      if (options.knownAnswer()) {
        std::copy(fileA.begin(), fileA.end(), io.a.begin());
        std::copy(fileB.begin(), fileB.end(), io.b.begin());
      } else {
        fillRandom(io.a, options.seed);
        fillRandom(io.b, ~options.seed);
      }
      const auto expected = options.verify ? referenceAdd(io.a, io.b) : std::vector<Element>{};
      auto outcome = runner.run(config, expected);
      CaseResult c{.op = std::string(kernel.name), .memory = kind, .elements = n,
                   .verifyEnabled = options.verify, .mismatches = outcome.verify.mismatches,
                   .mismatchDetail = outcome.verify.detail, .measures = {},
                   .workgroupSize = outcome.workgroupSize, .chunks = outcome.chunks};
      if (!c.failed()) {
        auto& s = outcome.samples;
        auto add = [&](const char* name, std::vector<double>& samples, std::uint64_t bytesPerElement) {
          if (!samples.empty()) c.measures.push_back(measure(name, std::move(samples), bytesPerElement));
        };
        add("upload", s.upload, 2 * kElementBytes);
        add("kernel", s.kernel, kernel.bytesPerElement);
        add("download", s.download, kElementBytes);
        add("roundtrip", s.roundtrip, kernel.bytesPerElement);
        add("host_write", s.hostWrite, 2 * kElementBytes);
        add("host_read", s.hostRead, kElementBytes);
        add("roofline", s.roofline, copyKernel().bytesPerElement);
        add("submit_latency", s.submitLatency, 0);
        add("completion_latency", s.completionLatency, 0);
      }
      report.cases.push_back(std::move(c));
      if (options.knownAnswer() && kind == kinds.front()) {
        writeFileAtomically(options.resultFile, std::as_bytes(io.result));
      }
    }
  }
  addEfficiencies(report);
  return report;
}

}  // namespace fieldbench
