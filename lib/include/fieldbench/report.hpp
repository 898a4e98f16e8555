#pragma once
// What a run produced, and the Reporter interface its writers share.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "fieldbench/context.hpp"
#include "fieldbench/gpu_clocks.hpp"
#include "fieldbench/memory_kind.hpp"
#include "fieldbench/options.hpp"
#include "fieldbench/pipeline.hpp"
#include "fieldbench/stats.hpp"

namespace fieldbench {

struct MeasureResult {
  std::string name;                 // "upload", "kernel", "download", "roundtrip"
  std::vector<double> samplesNs;    // one per timed repetition (with --runs, every run's, in run order)
  Summary summary;                  // over samplesNs
  // --runs N: each run's samples, samplesNs cut at the runs' ends; empty for a report of one run.
  std::vector<std::vector<double>> runSamplesNs;
  // Bytes this phase moves per element (for bytes_per_second); 0 for a latency
  // (submit_latency, completion_latency), which has no throughput.
  std::uint64_t bytesPerElement = 0;
};

struct CaseResult {
  std::string op = "field_add";
  MemoryKind memory = MemoryKind::kDeviceLocal;
  std::uint64_t elements = 0;
  bool verifyEnabled = true;
  std::uint64_t mismatches = 0;
  std::string mismatchDetail;
  std::vector<MeasureResult> measures;  // empty when verification failed: no figure is reported
  // Kernel time of the copy roofline over kernel time (1 = as fast as moving the bytes allows).
  double kernelEfficiency = 0;
  // The duplex floor over the measured round trip (the link probe's; see link.hpp).
  double roundtripEfficiency = 0;
  // The least a round trip's copies can take, ns (0: no link measured): serial, bytes up /
  // host-to-device + bytes down / device-to-host; duplex, both directions at once where they overlap.
  double pcieFloorNs = 0;
  double duplexFloorNs = 0;
  std::uint32_t workgroupSize = 0;  // the kernel's, for this size
  std::uint32_t chunks = 1;         // pieces the round trip was pipelined in (1: not chunked)
  std::string field = "bls12-381-fp";  // empty for int_probe, which computes in no field
  std::uint64_t elementBytes = 48;     // of the field: 48 or 32
  // Operations per element in the kernel: --ops-per-element K of a field op, or the
  // probe's 32-bit multiply-adds; ops per second = elements per second x this.
  std::uint64_t opsPerElement = 1;
  // mul and sqr, when the run measured the integer-rate probe: ops per second x the running
  // variant's multiply-adds per op (Kernel::multiplyAddsPerOp) / the probe's multiply-adds per second.
  double intRateFraction = 0;
  // The FP64 variants, when the run measured fp64_probe: ops per second x Kernel::fp64OpsPerOp /
  // the probe's fmas per second (an fma and an add issue at the same rate on the FP64 pipe).
  double fp64RateFraction = 0;
  // The GPU's clocks just before this size's first run and just after its last (NVML; 0: unknown).
  GpuClocks clocksStart, clocksEnd;
  std::string variant;  // the kernel variant that ran ("u32", "cios64"); empty for int_probe and old reports

  [[nodiscard]] bool verified() const { return verifyEnabled && mismatches == 0; }
  [[nodiscard]] bool failed() const { return verifyEnabled && mismatches != 0; }
  [[nodiscard]] const MeasureResult* measure(const std::string& name) const;
};

// The variant an op ran with, and why: "best" (fastest of the probe runs, probeNs), "named"
// (--variant NAME), "all" (one of several side by side) or "only" (the one the device supports).
struct VariantChoice {
  std::string kernel;   // "bls12-381-fp.mul"
  std::string variant;  // "cios64"
  std::string choice;
  std::vector<std::pair<std::string, double>> probeNs;  // best: each verified variant's median kernel ns
};

// A variant the device cannot run, reported with the reason (never as a zero).
struct SkippedVariant {
  std::string kernel, variant, reason;
};

// --shader's provenance: which source, built how.
struct ShaderProvenance {
  std::string path;                  // as given to --shader
  std::string sourceSha256;          // of the file's bytes (not of what it #includes)
  std::vector<std::string> defines;  // -D NAME=VALUE, in order
  std::uint64_t spirvBytes = 0;      // of the compiled SPIR-V
  std::string variant;               // "file:<stem>"
};

struct ReportContext {
  std::string date;        // ISO 8601, local time with offset
  std::string host;
  std::string executable;
  std::string version, commit;
  DeviceInfo device;
  std::uint32_t iterations = 0, warmup = 0;
  double warmupTime = 0;  // --warmup-time, seconds
  std::uint32_t batch = 0;  // --batch: kernels back to back per kernel_batch repetition (0: none)
  std::uint32_t workgroupSize = 0;  // as asked: 0 = auto (chosen per size)
  double minTime = 0;  // seconds; 0 when repetitions were a fixed count
  std::uint64_t seed = 0;
  std::string kernel;             // the kernels' names, comma-separated (field_add, bls12-381-fr.mul, ...)
  std::string field = "bls12-381-fp";  // --field
  std::uint32_t opsPerElement = 1;     // --ops-per-element
  std::string inputs = "random";  // "random" or "files"
  std::string memory;             // the kinds run, comma-separated ("device-local,rebar")
  std::uint64_t chunkBytes = 0;   // --chunk
  bool overlap = true;            // false: --no-overlap
  std::string cache = "warm";     // warm: repetitions reuse buffers as they are; cold: L2 evicted before each kernel
  double hostToDeviceBytesPerSecond = 0;  // the link probe's, each direction alone (0: not measured)
  double deviceToHostBytesPerSecond = 0;
  double hostToDeviceDuplexBytesPerSecond = 0;  // each direction while the other runs
  double deviceToHostDuplexBytesPerSecond = 0;
  std::uint64_t linkProbeBytes = 0;       // each probe copy's size
  std::string clockSource;                // GpuClockReader::source(): "nvml" or "unknown: <why>"
  std::size_t sizesRequested = 0;         // sizes asked for; cases holds fewer when incomplete
  bool incomplete = false;                // interrupted (Ctrl-C) before every size ran
  // By kernel name (as in `kernel`): its pipeline's driver statistics at its first size; only
  // kernels that ran, and only where the device has VK_KHR_pipeline_executable_properties.
  std::map<std::string, PipelineStatistics> pipelineStatistics;
  std::string variantOption = "best";     // --variant
  std::vector<VariantChoice> variants;    // one per kernel run (with --variant all, one per variant)
  std::vector<SkippedVariant> skippedVariants;
  std::uint32_t runs = 1;        // --runs: independent runs of the sweep, each in a fresh context
  double slowdownPercent = 0;    // FIELDBENCH_SLOWDOWN (a test aid): every timed measure made this much slower
  std::optional<ShaderProvenance> shader;  // set with --shader
};



struct Report {
  ReportContext context;
  std::vector<CaseResult> cases;
  std::vector<SkippedMemory> skipped;  // reported as skipped, never as figures
  [[nodiscard]] bool anyMismatch() const;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void write(const Report& report, std::ostream& out) const = 0;
};

std::unique_ptr<Reporter> makeReporter(OutputFormat format);

// Shared by the writers: elements (or bytes) per second at `ns` (at the median for
// the two-argument forms); 0 for a latency measure or a non-positive time.
double itemsPerSecondAt(const CaseResult& c, const MeasureResult& m, double ns);
double itemsPerSecond(const CaseResult& c, const MeasureResult& m);
double bytesPerSecond(const CaseResult& c, const MeasureResult& m);
// Operations per second at the median: itemsPerSecond x c.opsPerElement.
double opsPerSecond(const CaseResult& c, const MeasureResult& m);

// --runs: one Report of the runs of the same sweep (each measure's samples kept per run, the
// summary over them all; the rest from the first run). Throws Error(kRuntime) if the runs'
// cases differ (op, memory, size or measures).
Report mergeRuns(std::vector<Report> runs);

}  // namespace fieldbench
