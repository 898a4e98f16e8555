#include "fieldbench/session.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <ctime>

#include "fieldbench/error.hpp"
#include "fieldbench/files.hpp"
#include "fieldbench/kernels.hpp"
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

}  // namespace

Report runSession(const Context& context, const RunOptions& options) {
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
  rc.workgroupSize = options.workgroupSize;
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
  for (auto n : sizes) checkFits(context, options.memory, n);  // every size, before running any

  const Kernel& kernel = fieldAddKernel();
  Runner runner(context, kernel, options.workgroupSize);
  const RunConfig config{.memory = options.memory, .iterations = options.iterations, .warmup = options.warmup};
  for (auto n : sizes) {
    const auto a = options.knownAnswer() ? std::move(fileA) : randomElements(n, options.seed);
    const auto b = options.knownAnswer() ? std::move(fileB) : randomElements(n, ~options.seed);
    const auto expected = options.verify ? referenceAdd(a, b) : std::vector<Element>{};
    auto outcome = runner.run(config, a, b, expected);

    CaseResult c{.op = std::string(kernel.name), .memory = options.memory, .elements = n,
                 .verifyEnabled = options.verify, .mismatches = outcome.verify.mismatches,
                 .mismatchDetail = outcome.verify.detail, .measures = {}};
    if (!c.failed()) {
      auto& s = outcome.samples;
      if (!s.upload.empty()) c.measures.push_back(measure("upload", std::move(s.upload), 2 * kElementBytes));
      if (!s.kernel.empty()) c.measures.push_back(measure("kernel", std::move(s.kernel), kernel.bytesPerElement));
      if (!s.download.empty()) c.measures.push_back(measure("download", std::move(s.download), kElementBytes));
      c.measures.push_back(measure("roundtrip", std::move(s.roundtrip), kernel.bytesPerElement));
    }
    report.cases.push_back(std::move(c));
    if (options.knownAnswer()) {
      writeFileAtomically(options.resultFile, std::as_bytes(std::span(outcome.result)));
    }
  }
  return report;
}

}  // namespace fieldbench
