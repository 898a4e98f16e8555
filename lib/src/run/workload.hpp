#pragma once
// What the runner runs, as nvbandwidth's Testcase is a record of what it measures: a
// workload's buffers, its recorded passes, its CPU reference and its counts per run. The
// runner (runner.cpp) owns what every workload shares: memory kinds, the round trip, warm-up,
// timing, verification and the copy roofline. Two workloads: element-wise ops
// (elementwise.cpp: a, b in, c out, one dispatch, chunkable) and the NTT (ntt_workload.cpp:
// a in, twiddles resident in b, c out, several passes, never chunked).
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "fieldbench/pipeline.hpp"
#include "fieldbench/vulkan.hpp"

namespace fieldbench {

class Context;
struct Kernel;

// The buffer ranges the runner allocated for one size: a and b read, c written.
struct WorkloadBuffers {
  Binding a, b, c;
};

class Workload {
 public:
  virtual ~Workload() = default;
  // The kernel it runs: name, element size, field, variant.
  [[nodiscard]] virtual const Kernel& kernel() const = 0;
  // False: operand b is an input of every round trip (uploaded with a). True: b is data of
  // the workload's own for this size (residentB), written once and uploaded outside the timer.
  [[nodiscard]] virtual bool hasResidentB() const { return false; }
  // Writes that data (elements x limbs words) for the size prepared last.
  virtual void residentB(std::span<std::uint64_t> b) const { (void)b; }
  // Whether the round trip may be pipelined in chunks of whole workgroups (recordRange).
  [[nodiscard]] virtual bool chunkable() const { return false; }
  // Makes (or reuses) its pipelines for `elements` and binds them to `buffers`.
  virtual void prepare(std::uint64_t elements, const WorkloadBuffers& buffers) = 0;
  // Records its passes over the prepared size, with the barriers between them; a barrier
  // before its first pass and after its last is the runner's.
  virtual void record(const vk::raii::CommandBuffer& cmd) const = 0;
  // chunkable(): elements [first, first + count) only; first a multiple of workgroupSize().
  virtual void recordRange(const vk::raii::CommandBuffer& cmd, std::uint32_t first, std::uint32_t count) const;
  [[nodiscard]] virtual bool rangeFits(std::uint32_t end) const { (void)end; return false; }
  [[nodiscard]] virtual std::uint32_t workgroupSize() const = 0;
  [[nodiscard]] virtual PipelineStatistics statistics() const = 0;
  // The expected result of a (and b, unless hasResidentB()), packed like the buffers.
  [[nodiscard]] virtual std::vector<std::uint64_t> reference(std::span<const std::uint64_t> a,
                                                             std::span<const std::uint64_t> b) const = 0;
  // Passes over device memory for the prepared size, each reading and writing every element once (element-wise: 1).
  [[nodiscard]] virtual std::uint32_t passes() const { return 1; }
};

// The workload of `kernel`: the NTT for ntt and intt, element-wise otherwise. workgroupSize 0:
// chooseWorkgroupSize per size (the NTT uses its shader's fixed size). opsPerElement: K.
std::unique_ptr<Workload> makeWorkload(const Context& context, const Kernel& kernel, std::uint32_t workgroupSize,
                                       std::uint32_t opsPerElement);
std::unique_ptr<Workload> makeElementwiseWorkload(const Context& context, const Kernel& kernel,
                                                  std::uint32_t workgroupSize, std::uint32_t opsPerElement);
std::unique_ptr<Workload> makeNttWorkload(const Context& context, const Kernel& kernel);

}  // namespace fieldbench
