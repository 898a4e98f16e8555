#pragma once
// A compute pipeline over three storage buffers (a, b read; c written) with the
// element count (or a workload's own words) as push constants and the workgroup size as specialization constant 0.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fieldbench/vulkan.hpp"

namespace fieldbench {

class Buffer;
class Context;
struct Kernel;

// A range of a buffer bound to one of the shader's three storage-buffer slots.
struct Binding {
  const Buffer* buffer;
  vk::DeviceSize offset;
  vk::DeviceSize range;  // bytes; at most maxStorageBufferRange
};

// The workgroup size `kernel` runs with on `elements` unless one is asked for (kAutoWorkgroupText):
// 256 below 1M elements (more workgroups over more SMs), 1024 from 1M (about 10% faster for
// the memory-bound ops there on an H200); 256 for mul and sqr, whose registers 1024 would cap,
// and for the rate probes, slower at 1024 (docs/performance.md); never above the device's limits.
std::uint32_t chooseWorkgroupSize(const Context& context, const Kernel& kernel, std::uint64_t elements);

// One statistic a driver reports for one executable of a pipeline
// (VK_KHR_pipeline_executable_properties): registers, instructions, spills, as the driver names them.
struct PipelineStatistic {
  std::string executable;   // the executable's name ("Compute Shader", a driver's own)
  std::string name;         // the statistic's ("Register Count")
  std::string value;        // formatted by its format (formatStatisticValue)
  std::string description;  // the driver's sentence about it
};
using PipelineStatistics = std::vector<PipelineStatistic>;

// A statistic's value as text: bool32 "true"/"false", int64 and uint64 in decimal, float64
// in the shortest form that reads back the same.
std::string formatStatisticValue(vk::PipelineExecutableStatisticFormatKHR format,
                                 const vk::PipelineExecutableStatisticValueKHR& value);

class ComputePipeline {
 public:
  // Throws Error(kUsage) if workgroupSize exceeds the device's limits. opsPerElement is
  // specialization constant 1 (K of the chained field kernels; others ignore it).
  ComputePipeline(const Context& context, const Kernel& kernel, std::uint32_t workgroupSize,
                  std::uint32_t opsPerElement = 1);

  // Points the descriptor set at a, b (read) and c (written), outside any recording.
  void bind(const Binding& a, const Binding& b, const Binding& c);
  // Records bind + push constant + dispatch for `count` elements.
  void record(const vk::raii::CommandBuffer& cmd, std::uint32_t count) const;
  // Records elements [first, first + count) only; first must be a multiple of the workgroup size.
  void recordRange(const vk::raii::CommandBuffer& cmd, std::uint32_t first, std::uint32_t count) const;
  // Records bind + the kernel's pushWords push constants + a dispatch of `groups` workgroups
  // (at most the device's limit; the shader loops over the rest): passes of a workload with its own push constants.
  void recordPush(const vk::raii::CommandBuffer& cmd, std::span<const std::uint32_t> push, std::uint32_t groups) const;
  // Whether recordRange can start a dispatch at element `end` (its base workgroup is within the limit).
  [[nodiscard]] bool rangeFits(std::uint32_t end) const;

  [[nodiscard]] std::uint32_t workgroupSize() const { return workgroupSize_; }
  // The driver's statistics of every executable of this pipeline, asked for now (created with
  // eCaptureStatisticsKHR); empty unless context.pipelineExecutableInfo(). Not for a timed region.
  [[nodiscard]] PipelineStatistics statistics() const;
  // Workgroups dispatched for `count` elements (capped; the shader loops over the rest).
  [[nodiscard]] std::uint32_t groupCount(std::uint32_t count) const;

 private:
  const Context* context_;
  std::uint32_t workgroupSize_;
  std::uint32_t maxGroups_;
  // Destroyed bottom-up: the set before its pool, the pipeline before its layouts.
  vk::raii::ShaderModule shader_{nullptr};
  vk::raii::DescriptorSetLayout setLayout_{nullptr};
  vk::raii::PipelineLayout layout_{nullptr};
  vk::raii::Pipeline pipeline_{nullptr};
  vk::raii::DescriptorPool pool_{nullptr};
  vk::raii::DescriptorSet set_{nullptr};
};

}  // namespace fieldbench
