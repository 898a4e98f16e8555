#pragma once
// Runs one kernel over one size: buffers allocated and commands recorded once,
// then warm-up and timed repetitions, each verified against the reference.
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
// timestamps (host-visible memory has no copies: upload and download are then
// the host's memcpy times); roundtrip is the host's steady clock from operands
// in host memory to the result in host memory.
struct PhaseSamples {
  std::vector<double> upload, kernel, download, roundtrip;
};

struct RunConfig {
  MemoryKind memory = MemoryKind::kDeviceLocal;
  std::uint32_t iterations = 10;
  std::uint32_t warmup = 2;
};

struct RunOutcome {
  PhaseSamples samples;
  VerifyResult verify;          // worst repetition (most mismatches); checked = 0 when not verified
  std::vector<Element> result;  // output of the last repetition
  bool gpuTimestamps = false;   // whether kernel/upload/download are GPU-timed
};

// Throws Error(kUsage) naming the size and the limit when `elements` is 0, a buffer
// exceeds maxStorageBufferRange, or the buffers do not fit their memory heaps.
void checkFits(const Context& context, MemoryKind memory, std::uint64_t elements);

class Runner {
 public:
  Runner(const Context& context, const Kernel& kernel, std::uint32_t workgroupSize);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // a, b: operands; expected: reference result, or empty to skip verification.
  RunOutcome run(const RunConfig& config, std::span<const Element> a, std::span<const Element> b,
                 std::span<const Element> expected);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fieldbench
