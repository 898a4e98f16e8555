#pragma once
// Runs one kernel over one size: buffers allocated and commands recorded once
// (prepare), then warm-up and timed repetitions back to back, each spot-checked
// and the last checked in full (run).
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "fieldbench/field.hpp"
#include "fieldbench/options.hpp"
#include "fieldbench/pipeline.hpp"
#include "fieldbench/verify.hpp"

namespace fieldbench {

class Context;
struct Kernel;

// Per-repetition times in nanoseconds. upload/kernel/download come from GPU
// timestamps (upload is empty for kinds without an upload copy, download for those
// without a download copy; see memory_kind.hpp); when the round trip is pipelined in
// chunks they come from a separate unchunked run of the same steps after the timed loop.
// roundtrip is the host's steady clock from operands in the caller's host memory to the
// result there; hostWrite/hostRead are its memcpy parts, for kinds that copy on the host;
// roofline is the copy kernel over the same buffers (same bytes as the kernel, no
// arithmetic), timed like the kernel. With VK_EXT_calibrated_timestamps, submitLatency
// is host submit -> the GPU's first timestamp and completionLatency the GPU's last
// timestamp -> the host seeing the fence (both inside the round trip; unchunked round trips only).
// kernelBatch (--batch B): each repetition's B kernels back to back, GPU-timed together, / B.
struct PhaseSamples {
  std::vector<double> upload, kernel, download, roundtrip, hostWrite, hostRead, roofline, kernelBatch;
  std::vector<double> submitLatency, completionLatency;
};

// Default --timeout: no submission of fieldbench takes this long; past it the run fails rather than hangs.
inline constexpr double kDefaultTimeoutSeconds = 60;

struct RunConfig {
  MemoryKind memory = MemoryKind::kDeviceLocal;
  std::uint64_t chunkBytes = kDefaultChunkBytes;  // of one operand per chunk, for kinds with a copy
  bool overlap = true;   // false: the steps one after another, unchunked
  std::uint32_t iterations = 10;
  std::uint32_t warmup = 2;
  double warmupTime = 0;  // seconds: after `warmup` runs, warm up until this much time passed and
                          // two consecutive kernel times agree within 2% (at most 4x this long)
  double minTime = 0;    // seconds; when > 0, repeat until the round trips add up to this (iterations ignored)
  bool cold = false;     // evict L2 (write kFlushBytes) between upload and kernel, and before the roofline
  bool roofline = true;  // also time the copy kernel over the same buffers
  std::uint32_t batch = 0;  // > 0: also time this many kernels back to back (kernelBatch), result checked
  double timeoutSeconds = kDefaultTimeoutSeconds;  // each wait for the GPU; past it Error(kRuntime)
};

struct RunOutcome {
  PhaseSamples samples;
  // The worst failing check, else the last repetition's full check (every element);
  // earlier repetitions are spot-checked. checked = 0 when not verified.
  VerifyResult verify;
  bool gpuTimestamps = false;   // whether kernel/upload/download/roofline are GPU-timed
  std::uint32_t chunks = 1;                          // pieces the round trip was pipelined in
  std::uint32_t workgroupSize = 0;                   // the one used
  std::uint32_t passes = 1;                          // the workload's passes over device memory (the NTT's several)
  std::uint64_t inputBytesPerElement = 0;            // uploaded per element: a and b, or a alone (the NTT)
};

// Where the caller puts operands before run() and finds the result after it:
// ordinary, page-aligned host memory owned by the Runner. Packed elements of the
// kernel's size: elementBytes / 8 u64 words each (6 for 48-byte elements, 4 for 32).
// b is empty for a workload whose b is its own (the NTT's twiddles).
struct HostIo {
  std::span<std::uint64_t> a, b, result;
};

// Chunks a round trip of `elements` is pipelined in (1: not chunked): the operand split in
// pieces of chunkBytes (whole workgroups of `workgroupSize`), at most kMaxChunks.
inline constexpr std::uint32_t kMaxChunks = 256;
// elementBytes: the field's (48 for BLS12-381 Fp, 32 for the 256-bit fields).
std::uint32_t chunkCount(std::uint64_t elements, std::uint64_t chunkBytes, std::uint32_t workgroupSize,
                         std::uint64_t elementBytes = kElementBytes);
std::uint64_t chunkElements(std::uint64_t elements, std::uint64_t chunkBytes, std::uint32_t workgroupSize,
                            std::uint64_t elementBytes = kElementBytes);

// Bytes written to evict the GPU's last-level cache in cold mode: 4x an H200's 60 MB L2.
inline constexpr std::uint64_t kFlushBytes = 256ull << 20;

// Throws Error(kUsage) naming the size and the limit when `elements` is 0, a buffer
// exceeds maxStorageBufferRange, or the buffers do not fit their memory heaps.
void checkFits(const Context& context, MemoryKind memory, std::uint64_t elements, bool cold = false,
               std::uint64_t elementBytes = kElementBytes);

// Runs any workload (lib/src/run/workload.hpp): the element-wise ops, or the NTT for a
// kernel of ntt/intt; memory kinds, timing, warm-up, verification and roofline are the same.
class Runner {
 public:
  // workgroupSize 0: chooseWorkgroupSize for each size (the NTT's is fixed). opsPerElement: K of a chained kernel.
  Runner(const Context& context, const Kernel& kernel, std::uint32_t workgroupSize, std::uint32_t opsPerElement = 1);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Allocates (or reuses) everything for `elements` and records the commands.
  // Throws Error(kUsage) with the reason if the device cannot provide config.memory.
  HostIo prepare(const RunConfig& config, std::uint64_t elements);
  // Runs the prepared size; `expected` is the reference result (packed like HostIo), or
  // empty to skip verification.
  RunOutcome run(const RunConfig& config, std::span<const std::uint64_t> expected);
  // The workload's CPU reference of the prepared inputs (the field op's, or the NTT's), for run().
  [[nodiscard]] std::vector<std::uint64_t> reference(const HostIo& io) const;
  // The driver's statistics of the kernel's pipeline for the prepared size (empty without
  // VK_KHR_pipeline_executable_properties); asked for outside run(), never timed.
  [[nodiscard]] PipelineStatistics kernelStatistics() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fieldbench
