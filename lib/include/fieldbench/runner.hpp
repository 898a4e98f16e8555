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
#include "fieldbench/verify.hpp"

namespace fieldbench {

class Context;
struct Kernel;

// Per-repetition times in nanoseconds. upload/kernel/download come from GPU
// timestamps (upload and download are empty for host-visible memory, which has
// no copies); roundtrip is the host's steady clock from operands in host memory
// to the result in host memory; hostWrite/hostRead are its memcpy parts, present
// only when the host transfer is a copy; roofline is the copy kernel over the
// same buffers (same bytes as the kernel, no arithmetic), timed like the kernel.
// With VK_EXT_calibrated_timestamps, submitLatency is host submit -> the GPU's
// first timestamp and completionLatency the GPU's last timestamp -> the host
// seeing the fence (both inside the round trip).
struct PhaseSamples {
  std::vector<double> upload, kernel, download, roundtrip, hostWrite, hostRead, roofline;
  std::vector<double> submitLatency, completionLatency;
};

// Default --timeout: no submission of fieldbench takes this long; past it the run fails rather than hangs.
inline constexpr double kDefaultTimeoutSeconds = 60;

struct RunConfig {
  MemoryKind memory = MemoryKind::kDeviceLocal;
  HostTransfer hostTransfer = HostTransfer::kAuto;
  std::uint32_t iterations = 10;
  std::uint32_t warmup = 2;
  double minTime = 0;    // seconds; when > 0, repeat until the round trips add up to this (iterations ignored)
  bool cold = false;     // evict L2 (write kFlushBytes) between upload and kernel, and before the roofline
  bool roofline = true;  // also time the copy kernel over the same buffers
  double timeoutSeconds = kDefaultTimeoutSeconds;  // each wait for the GPU; past it Error(kRuntime)
};

struct RunOutcome {
  PhaseSamples samples;
  // The worst failing check, else the last repetition's full check (every element);
  // earlier repetitions are spot-checked. checked = 0 when not verified.
  VerifyResult verify;
  bool gpuTimestamps = false;   // whether kernel/upload/download/roofline are GPU-timed
  HostTransfer hostTransfer = HostTransfer::kCopy;  // the one used: kImport or kCopy
  std::uint32_t workgroupSize = 0;                   // the one used
};

// Where the caller puts operands before run() and finds the result after it:
// ordinary, page-aligned host memory owned by the Runner.
struct HostIo {
  std::span<Element> a, b, result;
};

// Bytes written to evict the GPU's last-level cache in cold mode: 4x an H200's 60 MB L2.
inline constexpr std::uint64_t kFlushBytes = 256ull << 20;

// Throws Error(kUsage) naming the size and the limit when `elements` is 0, a buffer
// exceeds maxStorageBufferRange, or the buffers do not fit their memory heaps.
void checkFits(const Context& context, MemoryKind memory, std::uint64_t elements, bool cold = false);

class Runner {
 public:
  // workgroupSize 0: chooseWorkgroupSize for each size.
  Runner(const Context& context, const Kernel& kernel, std::uint32_t workgroupSize);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Allocates (or reuses) everything for `elements` and records the commands.
  // Throws Error(kUsage) if HostTransfer::kImport is asked of a device without it.
  HostIo prepare(const RunConfig& config, std::uint64_t elements);
  // Runs the prepared size; `expected` is the reference result, or empty to skip verification.
  RunOutcome run(const RunConfig& config, std::span<const Element> expected);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fieldbench
