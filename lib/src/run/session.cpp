#include "fieldbench/session.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <memory>
#include <span>

#include "fieldbench/error.hpp"
#include "fieldbench/files.hpp"
#include "fieldbench/interrupt.hpp"
#include "fieldbench/gpu_clocks.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/link.hpp"
#include "fieldbench/memory_kind.hpp"
#include "fieldbench/ntt.hpp"
#include "fieldbench/runner.hpp"
#include "fieldbench/stats.hpp"
#include "fieldbench/user_shader.hpp"
#include "fieldbench/verify.hpp"
#include "fieldbench/version.hpp"

namespace fieldbench {
namespace {

// Untimed runs before the integer-rate probes' timed ones.
constexpr std::uint32_t kProbeWarmup = 20;

// The kernel's pipeline statistics, once per kernel and variant, between runs (outside every
// timed region); keyed "<kernel>" or "<kernel>:<variant>".
void recordStatistics(ReportContext& rc, const Kernel& kernel, const Runner& runner) {
  std::string key(kernel.name);
  if (!kernel.variant.empty()) key += ":" + std::string(kernel.variant);
  if (rc.pipelineStatistics.contains(key)) return;
  if (auto statistics = runner.kernelStatistics(); !statistics.empty()) rc.pipelineStatistics.emplace(key, std::move(statistics));
}


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

MeasureResult measureOf(std::string name, std::vector<double> samples, std::uint64_t bytesPerElement) {
  MeasureResult m{.name = std::move(name), .samplesNs = std::move(samples), .summary = {},
                  .bytesPerElement = bytesPerElement};
  m.summary = summarize(m.samplesNs);
  return m;
}

bool isTransformCase(const CaseResult& c) { return c.op.ends_with(".ntt") || c.op.ends_with(".intt"); }

// The NTT's floor, ns: the larger of the memory floor (its passes' bytes at the bandwidth of
// the copy roofline over the same buffers) and the compute floor (n/2 log2 n butterflies, one
// mul each, at the mul rate this report measured: the largest mul case of the field and memory
// kind; none: the memory floor alone).
double transformFloorNs(const Report& report, const CaseResult& c) {
  const auto* kernel = c.measure("kernel");
  const auto* roofline = c.measure("roofline");
  const double memoryNs = roofline->summary.median * static_cast<double>(kernel->bytesPerElement) /
                          static_cast<double>(roofline->bytesPerElement);
  const CaseResult* mul = nullptr;
  for (const auto& m : report.cases) {
    if (m.field != c.field || m.memory != c.memory || m.op != c.field + ".mul" || !m.measure("kernel")) continue;
    if (mul == nullptr || m.elements >= mul->elements) mul = &m;
  }
  if (mul == nullptr) return memoryNs;
  const double mulsPerNs = static_cast<double>(mul->elements) / mul->measure("kernel")->summary.median;
  const double n = static_cast<double>(c.elements);
  return std::max(memoryNs, n / 2 * std::log2(n) / mulsPerNs);
}

// Each case's efficiencies: the kernel against the copy roofline (an NTT: its own floor), the
// round trip against the link probe's duplex floor (`link`, not measured when no kind copies).
void addEfficiencies(Report& report, const LinkBandwidth& link) {
  auto& rc = report.context;
  if (link.measured()) {
    rc.hostToDeviceBytesPerSecond = link.hostToDevice;
    rc.deviceToHostBytesPerSecond = link.deviceToHost;
    rc.hostToDeviceDuplexBytesPerSecond = link.hostToDeviceDuplex;
    rc.deviceToHostDuplexBytesPerSecond = link.deviceToHostDuplex;
    rc.linkProbeBytes = link.bytes;
  }
  for (auto& c : report.cases) {
    const auto* kernel = c.measure("kernel");
    const auto* roofline = c.measure("roofline");
    const auto* round = c.measure("roundtrip");
    if (kernel && roofline && kernel->summary.median > 0) {
      c.kernelEfficiency = isTransformCase(c) ? transformFloorNs(report, c) / kernel->summary.median
                                              : roofline->summary.median / kernel->summary.median;
    }
    if (round && link.measured() && !c.op.starts_with("int_probe")) {
      const double n = static_cast<double>(c.elements);
      const auto eb = static_cast<double>(c.elementBytes);
      const double in = n * (static_cast<double>(round->bytesPerElement) - eb);  // a and b, or a alone
      c.pcieFloorNs = serialFloorNs(link, in, n * eb);
      c.duplexFloorNs = duplexFloorNs(link, in, n * eb);
      if (round->summary.median > 0) c.roundtripEfficiency = c.duplexFloorNs / round->summary.median;
    }
  }
}


// --variant best's probe runs: this many timed repetitions after kBestWarmup untimed ones
// (the first variant follows the CPU reference's seconds, in which a GPU's clock drops), verified.
constexpr std::uint32_t kBestRepetitions = 5;
constexpr std::uint32_t kBestWarmup = 3;
// ... at the run's largest size, at most this many elements.
constexpr std::uint64_t kBestMaxElements = 1u << 20;

// The benchmark name of a kernel: field_add for BLS12-381 Fp add at K = 1 (the name older
// reports have), else "<field>.<op>", with ".x<K>" for K > 1; whichever variant runs.
std::string benchmarkName(const Kernel& kernel, std::uint32_t k) {
  if (kernel.field == &bls12381Fp() && kernel.op == FieldOp::kAdd && k == 1) return "field_add";
  if (!kernel.chained || k == 1) return std::string(kernel.name);
  return fmt::format("{}.x{}", kernel.name, k);
}

// One run of the session: its options, device, inputs and the report being filled.
class Session {
 public:
  Session(const Context& context, const RunOptions& options, const SessionProgress& progress)
      : context_(context), options_(options), progress_(progress), field_(findField(options.field)),
        clocks_(context.info().uuid) {}
  Report run();

 private:
  void fillContext();
  void readInputs();
  void loadShader();
  std::vector<const Kernel*> kernelsFor(FieldOp op);
  const Kernel& chooseBest(std::span<const Kernel* const> supported);
  void fill(const HostIo& io) const;
  void runKernel(const Kernel& kernel, MemoryKind kind, bool writesResult);
  void runProbe();
  using ProbeReference = std::vector<std::uint64_t> (*)(std::span<const std::uint64_t>, std::span<const std::uint64_t>);
  double runProbeCase(const Kernel& kernel, std::uint64_t opsPerElement, ProbeReference reference);
  [[nodiscard]] RunConfig configFor(MemoryKind kind) const {
    return RunConfig{.memory = kind, .chunkBytes = options_.chunkBytes, .overlap = options_.overlap,
                     .iterations = options_.iterations, .warmup = options_.warmup,
                     .warmupTime = options_.warmupTime, .minTime = options_.minTime,
                     .cold = options_.cold, .roofline = true, .batch = options_.batch,
                     .timeoutSeconds = options_.timeoutSeconds};
  }

  const Context& context_;
  const RunOptions& options_;
  const SessionProgress& progress_;
  const Field& field_;
  Report report_;
  std::vector<std::uint64_t> fileA_, fileB_;  // known-answer operands (packed, field.limbs words each)
  std::vector<std::uint64_t> sizes_;
  std::vector<MemoryKind> kinds_;
  std::size_t step_ = 0, steps_ = 0;
  GpuClockReader clocks_;  // read around each size's runs, never inside them
  bool wideProbe_ = false;  // int_probe_wide runs too (the probe runs, and the device has shaderInt64)
  bool fp64Probe_ = false;  // fp64_probe runs too (the probe runs, and the device has shaderFloat64)
  std::unique_ptr<UserShader> shader_;  // --shader: one more variant of the one op
};

void Session::fillContext() {
  auto& rc = report_.context;
  rc.date = isoDate();
  rc.host = hostName();
  rc.version = kVersion;
  rc.commit = kGitCommit;
  rc.device = context_.info();
  rc.iterations = options_.iterations;
  rc.warmup = options_.warmup;
  rc.warmupTime = options_.warmupTime;
  rc.batch = options_.batch;
  rc.minTime = options_.minTime;
  rc.workgroupSize = options_.workgroupSize;  // 0: auto, per size (CaseResult::workgroupSize)
  rc.cache = options_.cold ? "cold" : "warm";
  rc.seed = options_.seed;
  rc.field = field_.name;
  rc.opsPerElement = options_.opsPerElement;
  rc.chunkBytes = options_.chunkBytes;
  rc.overlap = options_.overlap;
  rc.variantOption = options_.variant;
  rc.clockSource = clocks_.source();
}

void Session::readInputs() {
  sizes_ = options_.elements;
  if (!options_.knownAnswer()) return;
  report_.context.inputs = "files";
  fileA_ = readElementFile(options_.aFile, field_);
  if (std::ranges::any_of(options_.ops, isTransform)) {  // one vector in, its transform out
    sizes_ = {fileA_.size() / field_.limbs};
    checkNttSize(field_, sizes_.front());
    return;
  }
  fileB_ = readElementFile(options_.bFile, field_);
  if (fileA_.size() != fileB_.size()) {
    throwUsage(fmt::format("element files differ in size: '{}' has {} elements, '{}' has {}", options_.aFile,
                           fileA_.size() / field_.limbs, options_.bFile, fileB_.size() / field_.limbs));
  }
  sizes_ = {fileA_.size() / field_.limbs};
}

void Session::fill(const HostIo& io) const {
  if (options_.knownAnswer()) {
    std::copy(fileA_.begin(), fileA_.end(), io.a.begin());
    std::copy(fileB_.begin(), fileB_.end(), io.b.begin());
  } else {
    fillRandom(field_, io.a, options_.seed);
    fillRandom(field_, io.b, ~options_.seed);
  }
}

// --shader: compiled and checked before anything runs; its provenance goes into the report.
void Session::loadShader() {
  if (options_.shaderFile.empty()) return;
  std::vector<ShaderDefine> defines;
  for (const auto& d : options_.shaderDefines) defines.push_back(parseShaderDefine(d));
  shader_ = UserShader::load(options_.shaderFile, defines, field_, options_.ops.front());
  if (options_.opsPerElement > 1 && !shader_->readsOpsPerElement()) {
    throwUsage(fmt::format("--ops-per-element {} needs --shader '{}' to declare layout(constant_id = 1) const uint "
                           "kOpsPerElement (it computes one op per element)", options_.opsPerElement,
                           options_.shaderFile));
  }
  report_.context.shader = ShaderProvenance{.path = shader_->path(), .sourceSha256 = shader_->sourceSha256(),
                                            .defines = options_.shaderDefines, .spirvBytes = shader_->spirvBytes(),
                                            .variant = std::string(shader_->kernel().variant)};
}

// The kernels `op` runs under --variant; variants the device cannot run are skipped with the reason
// (a named one too, so --device all goes on to the next device; known-answer mode needs it to run).
std::vector<const Kernel*> Session::kernelsFor(FieldOp op) {
  auto& rc = report_.context;
  std::vector<const Kernel*> all(fieldOpKernels(field_, op).begin(), fieldOpKernels(field_, op).end());
  if (shader_) all.push_back(&shader_->kernel());
  const std::string& v = options_.variant;
  const bool named = v != "best" && v != "all";
  // A name this op lacks: its only (first) variant.
  const auto it = std::ranges::find(all, v, &Kernel::variant);
  const auto candidates = !named ? std::span<const Kernel* const>(all) : std::span<const Kernel* const>(it != all.end() ? &*it : &all.front(), 1);
  std::vector<const Kernel*> supported;
  for (const Kernel* k : candidates) {
    if (auto why = k->unsupportedReason(context_); !why.empty()) {
      if (options_.knownAnswer() && named) throwUsage(why);  // the variant asked for cannot give the answer
      rc.skippedVariants.push_back({std::string(k->name), std::string(k->variant), std::move(why)});
    } else {
      supported.push_back(k);
    }
  }
  if (supported.size() == 1 || (v == "all" && !supported.empty()) || named) {
    for (const Kernel* k : supported) {
      const char* choice = named && it != all.end() ? "named" : supported.size() == 1 ? "only" : "all";
      rc.variants.push_back({std::string(k->name), std::string(k->variant), choice, {}});
    }
    return supported;
  }
  if (supported.empty()) throwUsage(fmt::format("no variant of {} runs on {}", all.front()->name, rc.device.name));
  return {&chooseBest(supported)};
}

// --variant best: each supported variant briefly, verified, at the largest size (at most
// kBestMaxElements); the fastest median kernel time wins. Not part of the report's figures.
const Kernel& Session::chooseBest(std::span<const Kernel* const> supported) {
  const std::uint64_t n = std::min(*std::ranges::max_element(sizes_), kBestMaxElements);
  const MemoryKind kind = kinds_.front();
  std::vector<std::uint64_t> expected;
  std::vector<VariantTiming> timings;
  VariantChoice choice{.kernel = std::string(supported.front()->name), .variant = {}, .choice = "best", .probeNs = {}};
  for (const Kernel* k : supported) {
    Runner runner(context_, *k, options_.workgroupSize, options_.opsPerElement);
    RunConfig config = configFor(kind);
    config.iterations = kBestRepetitions;
    config.warmup = kBestWarmup;
    config.minTime = 0;
    config.cold = false;
    config.roofline = false;
    config.batch = 0;
    const HostIo io = runner.prepare(config, n);
    fillRandom(field_, io.a, options_.seed);
    fillRandom(field_, io.b, ~options_.seed);
    if (expected.empty()) expected = runner.reference(io);
    const RunOutcome outcome = runner.run(config, expected);
    const auto& samples = outcome.samples.kernel.empty() ? outcome.samples.roundtrip : outcome.samples.kernel;
    timings.push_back({.variant = k->variant, .unsupportedReason = {}, .verified = outcome.verify.ok(),
                       .kernelNs = samples.empty() ? 0 : median(samples)});
    if (timings.back().verified) choice.probeNs.emplace_back(k->variant, timings.back().kernelNs);
  }
  const Kernel& best = *supported[chooseFastest(timings, supported.front()->name)];
  choice.variant = best.variant;
  report_.context.variants.push_back(std::move(choice));
  return best;
}

// The case record of one run: its figures unless verification failed.
CaseResult caseResult(const Kernel& kernel, MemoryKind kind, std::string name, std::uint64_t n,
                      std::uint64_t opsPerElement, bool verify, RunOutcome& outcome) {
  const std::uint64_t eb = kernel.elementBytes;
  CaseResult c{.op = std::move(name), .memory = kind, .elements = n,
               .verifyEnabled = verify, .mismatches = outcome.verify.mismatches,
               .mismatchDetail = outcome.verify.detail, .measures = {},
               .workgroupSize = outcome.workgroupSize, .chunks = outcome.chunks,
               .field = kernel.field != nullptr ? std::string(kernel.field->name) : std::string(),
               .elementBytes = eb, .opsPerElement = opsPerElement, .variant = std::string(kernel.variant)};
  if (c.failed()) return c;
  auto& s = outcome.samples;
  auto add = [&](const char* measure, std::vector<double>& samples, std::uint64_t bytesPerElement) {
    if (!samples.empty()) c.measures.push_back(measureOf(measure, std::move(samples), bytesPerElement));
  };
  // In: a and b, or a alone (the NTT); the kernel's bytes over all its passes.
  const std::uint64_t in = outcome.inputBytesPerElement != 0 ? outcome.inputBytesPerElement : 2 * eb;
  add("upload", s.upload, in);
  const std::uint64_t kernelBytes = kernel.bytesPerElement * outcome.passes;
  add("kernel", s.kernel, kernelBytes);
  add("download", s.download, eb);
  add("roundtrip", s.roundtrip, in + eb);
  add("host_write", s.hostWrite, in);
  add("host_read", s.hostRead, eb);
  add("roofline", s.roofline, copyKernelFor(eb).bytesPerElement);
  add("kernel_batch", s.kernelBatch, kernelBytes);
  add("submit_latency", s.submitLatency, 0);
  add("completion_latency", s.completionLatency, 0);
  return c;
}

// Every size of one kernel in one memory kind; `writesResult`: known-answer mode's result file.
void Session::runKernel(const Kernel& kernel, MemoryKind kind, bool writesResult) {
  auto& rc = report_.context;
  const std::string name = benchmarkName(kernel, options_.opsPerElement);
  Runner runner(context_, kernel, rc.workgroupSize, options_.opsPerElement);
  for (auto n : sizes_) {
    // Ctrl-C: stop between sizes; the finished ones are reported, marked incomplete.
    if (interruptRequested()) {
      rc.incomplete = true;
      return;
    }
    if (progress_) progress_(step_++, steps_, n);
    const RunConfig config = configFor(kind);
    const HostIo io = runner.prepare(config, n);
    fill(io);
    const auto expected = options_.verify ? runner.reference(io) : std::vector<std::uint64_t>{};
    const GpuClocks before = clocks_.read();
    auto outcome = runner.run(config, expected);
    report_.cases.push_back(caseResult(kernel, kind, name, n, options_.opsPerElement, options_.verify, outcome));
    report_.cases.back().clocksStart = before;
    report_.cases.back().clocksEnd = clocks_.read();
    if (writesResult) writeFileAtomically(options_.resultFile, std::as_bytes(io.result));
    recordStatistics(rc, kernel, runner);
  }
}

// One probe case; returns its multiply-adds per second (0 when it failed or was not timed).
double Session::runProbeCase(const Kernel& kernel, std::uint64_t opsPerElement, ProbeReference reference) {
  const std::uint64_t n = std::min(*std::ranges::max_element(sizes_), kIntProbeMaxElements);
  if (progress_) progress_(step_++, steps_, n);
  Runner runner(context_, kernel, report_.context.workgroupSize);
  // The probe follows seconds of CPU reference work, in which the GPU's clock drops: warm up
  // for kProbeWarmup runs (about 50 ms on an H200) so it measures the clock the kernels ran at.
  RunConfig config = configFor(kinds_.front());
  config.warmup = std::max(config.warmup, kProbeWarmup);
  const HostIo io = runner.prepare(config, n);
  fillRandom(bls12381Fp(), io.a, options_.seed);
  fillRandom(bls12381Fp(), io.b, ~options_.seed);
  const auto expected = options_.verify ? reference(io.a, io.b) : std::vector<std::uint64_t>{};
  const GpuClocks before = clocks_.read();
  auto outcome = runner.run(config, expected);
  report_.cases.push_back(caseResult(kernel, kinds_.front(), std::string(kernel.name), n, opsPerElement,
                                     options_.verify, outcome));
  report_.cases.back().clocksStart = before;
  report_.cases.back().clocksEnd = clocks_.read();
  recordStatistics(report_.context, kernel, runner);
  const CaseResult& p = report_.cases.back();
  const auto* m = p.measure("kernel");
  return m ? opsPerSecond(p, *m) : 0;
}

// The rate probes (32-bit, wide where the device has shaderInt64, FP64 where it has
// shaderFloat64), and each mul and sqr case's fraction of the 32-bit rate (of the FP64 rate for
// the FP64 variants).
void Session::runProbe() {
  using Words = std::span<const std::uint64_t>;
  const double intOpsPerSecond =
      runProbeCase(intProbeKernel(), intProbeOpsPerElement(), [](Words a, Words b) { return referenceIntProbe(a, b); });
  if (wideProbe_ && !interruptRequested()) {
    runProbeCase(intProbeWideKernel(), intProbeWideOpsPerElement(),
                 [](Words a, Words b) { return referenceIntProbe(a, b, true); });
  }
  const double fmasPerSecond = fp64Probe_ && !interruptRequested()
                                   ? runProbeCase(fp64ProbeKernel(), intProbeOpsPerElement(), referenceFp64Probe)
                                   : 0;
  for (auto& c : report_.cases) {
    const auto* k = c.measure("kernel");
    if (k == nullptr || c.field != field_.name || c.variant.empty()) continue;
    for (FieldOp op : options_.ops) {
      if (isTransform(op)) continue;  // not one op per element
      for (const Kernel* kernel : fieldOpKernels(field_, op)) {
        if (kernel->variant != c.variant || c.op != benchmarkName(*kernel, options_.opsPerElement)) continue;
        if (kernel->multiplyAddsPerOp > 0 && intOpsPerSecond > 0) {
          c.intRateFraction = opsPerSecond(c, *k) * static_cast<double>(kernel->multiplyAddsPerOp) / intOpsPerSecond;
        }
        if (kernel->fp64OpsPerOp > 0 && fmasPerSecond > 0) {
          c.fp64RateFraction = opsPerSecond(c, *k) * static_cast<double>(kernel->fp64OpsPerOp) / fmasPerSecond;
        }
      }
    }
  }
}

Report Session::run() {
  fillContext();
  readInputs();
  loadShader();
  auto& rc = report_.context;
  // Kinds the device cannot provide are skipped with the reason; if none is left, that is a usage error.
  // No --memory (or auto): the fastest kind this device supports.
  const auto caps = memoryCapabilities(context_);
  const auto asked = options_.memories.empty() ? std::vector{autoMemoryKind(caps)} : options_.memories;
  kinds_ = supportedKinds(asked, caps, report_.skipped);
  for (const auto kind : kinds_) {
    for (auto n : sizes_) checkFits(context_, kind, n, options_.cold, field_.elementBytes());  // before running any
  }
  for (const auto kind : kinds_) rc.memory += (rc.memory.empty() ? "" : ",") + std::string(toString(kind));
  // The integer-rate probe runs with mul or sqr, at the largest size up to kIntProbeMaxElements
  // (its CPU reference costs 3072 multiply-adds per element).
  const bool probe = !options_.knownAnswer() && std::ranges::any_of(options_.ops, [](FieldOp op) {
    return op == FieldOp::kMul || op == FieldOp::kSqr;
  });
  if (probe) {
    checkFits(context_, kinds_.front(), std::min(*std::ranges::max_element(sizes_), kIntProbeMaxElements),
              options_.cold, intProbeKernel().elementBytes);
  }
  // Each op's kernels (--variant best times its candidates here, before anything is reported).
  std::vector<std::pair<FieldOp, std::vector<const Kernel*>>> plan;
  for (FieldOp op : options_.ops) plan.emplace_back(op, kernelsFor(op));
  std::size_t kernels = 0;
  for (const auto& [op, ks] : plan) {
    kernels += ks.size();
    if (ks.empty()) continue;  // its --variant NAME is skipped on this device
    const std::string name = benchmarkName(*ks.front(), options_.opsPerElement);  // once, whatever its variants
    rc.kernel += (rc.kernel.empty() ? "" : ",") + name;
  }
  if (kernels == 0) {
    throwUsage(fmt::format("nothing to run on {}: {}", rc.device.name, rc.skippedVariants.front().reason));
  }
  wideProbe_ = probe && intProbeWideKernel().unsupportedReason(context_).empty();
  fp64Probe_ = probe && fp64ProbeKernel().unsupportedReason(context_).empty();
  if (probe) rc.kernel += std::string(",int_probe") + (wideProbe_ ? ",int_probe_wide" : "") + (fp64Probe_ ? ",fp64_probe" : "");
  // Progress counts every (kind, kernel, size) case, and the probes.
  steps_ = kinds_.size() * kernels * sizes_.size() + (probe ? 1 : 0) + (wideProbe_ ? 1 : 0) + (fp64Probe_ ? 1 : 0);
  rc.sizesRequested = steps_;
  // The link's bandwidth, alone and duplex, before any size (its copies are not a case).
  LinkBandwidth link;
  if (std::ranges::any_of(kinds_, [](MemoryKind k) { return memoryKindInfo(k).upload || memoryKindInfo(k).download; })) {
    const bool cpu = context_.properties().deviceType == vk::PhysicalDeviceType::eCpu;
    link = measureLink(context_, cpu ? kLinkProbeBytesCpu : kLinkProbeBytes, options_.timeoutSeconds);
  }
  for (const auto kind : kinds_) {
    for (const auto& [op, ks] : plan) {
      for (const Kernel* k : ks) {
        if (rc.incomplete) break;
        runKernel(*k, kind, options_.knownAnswer() && kind == kinds_.front() && k == ks.front());
      }
    }
  }
  if (probe && !rc.incomplete && !interruptRequested()) runProbe();
  addEfficiencies(report_, link);
  return std::move(report_);
}

}  // namespace

Report runSession(const Context& context, const RunOptions& options, const SessionProgress& progress) {
  validate(options);
  return Session(context, options, progress).run();
}

}  // namespace fieldbench
