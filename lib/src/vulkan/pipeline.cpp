#include "fieldbench/pipeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "fieldbench/buffer.hpp"
#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/options.hpp"

namespace fieldbench {

std::uint32_t chooseWorkgroupSize(const Context& context, const Kernel& kernel, std::uint64_t elements) {
  const auto& limits = context.properties().limits;
  const std::uint32_t wanted =
      elements >= kAutoWorkgroupLargeFrom && !kernel.multiplyBound ? kAutoWorkgroupLarge : kAutoWorkgroupSmall;
  return std::min({wanted, limits.maxComputeWorkGroupSize[0], limits.maxComputeWorkGroupInvocations});
}

std::string formatStatisticValue(vk::PipelineExecutableStatisticFormatKHR format,
                                 const vk::PipelineExecutableStatisticValueKHR& value) {
  using F = vk::PipelineExecutableStatisticFormatKHR;
  switch (format) {
    case F::eBool32: return value.b32 != VK_FALSE ? "true" : "false";
    case F::eInt64: return std::to_string(value.i64);
    case F::eUint64: return std::to_string(value.u64);
    case F::eFloat64: return fmt::format("{}", value.f64);
    default: return fmt::format("(format {} not known)", static_cast<int>(format));
  }
}

ComputePipeline::ComputePipeline(const Context& context, const Kernel& kernel, std::uint32_t workgroupSize,
                                 std::uint32_t opsPerElement)
    : context_(&context), workgroupSize_(workgroupSize) {
  const auto& limits = context.properties().limits;
  if (workgroupSize == 0 || workgroupSize > limits.maxComputeWorkGroupSize[0] ||
      workgroupSize > limits.maxComputeWorkGroupInvocations) {
    throwUsage(fmt::format("invalid workgroup size '{}': this device allows 1 to {}", workgroupSize,
                           std::min(limits.maxComputeWorkGroupSize[0], limits.maxComputeWorkGroupInvocations)));
  }
  maxGroups_ = limits.maxComputeWorkGroupCount[0];
  const auto& device = context.device();

  shader_ = vk::raii::ShaderModule(device, vk::ShaderModuleCreateInfo{.codeSize = kernel.spirv.size_bytes(),
                                                                      .pCode = kernel.spirv.data()});
  std::array<vk::DescriptorSetLayoutBinding, 3> bindings;
  for (std::uint32_t i = 0; i < bindings.size(); ++i) {
    bindings[i] = {.binding = i, .descriptorType = vk::DescriptorType::eStorageBuffer, .descriptorCount = 1,
                   .stageFlags = vk::ShaderStageFlagBits::eCompute};
  }
  vk::DescriptorSetLayoutCreateInfo setInfo{};
  setInfo.setBindings(bindings);
  setLayout_ = vk::raii::DescriptorSetLayout(device, setInfo);

  const vk::PushConstantRange push{.stageFlags = vk::ShaderStageFlagBits::eCompute, .offset = 0,
                                   .size = kernel.pushWords * static_cast<std::uint32_t>(sizeof(std::uint32_t))};
  vk::PipelineLayoutCreateInfo layoutInfo{};
  layoutInfo.setSetLayouts(*setLayout_).setPushConstantRanges(push);
  layout_ = vk::raii::PipelineLayout(device, layoutInfo);

  // Constant 0: workgroup size; 1: operations per element (only chained kernels declare it).
  const std::array<std::uint32_t, 2> specData{workgroupSize_, opsPerElement};
  std::array<vk::SpecializationMapEntry, 2> entries{{
      {.constantID = 0, .offset = 0, .size = sizeof(std::uint32_t)},
      {.constantID = 1, .offset = sizeof(std::uint32_t), .size = sizeof(std::uint32_t)},
  }};
  vk::SpecializationInfo spec{};
  spec.setMapEntries(entries).setDataSize(sizeof specData).setPData(specData.data());
  // Dispatch base: a chunk of the round trip dispatches from its first workgroup (recordRange);
  // statistics captured where the device can report them (statistics()).
  auto flags = vk::PipelineCreateFlags(vk::PipelineCreateFlagBits::eDispatchBase);
  if (context.pipelineExecutableInfo()) flags |= vk::PipelineCreateFlagBits::eCaptureStatisticsKHR;
  const vk::ComputePipelineCreateInfo pipelineInfo{
      .flags = flags,
      .stage = {.stage = vk::ShaderStageFlagBits::eCompute, .module = *shader_, .pName = "main",
                .pSpecializationInfo = &spec},
      .layout = *layout_};
  pipeline_ = vk::raii::Pipeline(device, nullptr, pipelineInfo);

  const vk::DescriptorPoolSize poolSize{.type = vk::DescriptorType::eStorageBuffer, .descriptorCount = 3};
  vk::DescriptorPoolCreateInfo poolInfo{.flags = vk::DescriptorPoolCreateFlagBits::eFreeDescriptorSet, .maxSets = 1};
  poolInfo.setPoolSizes(poolSize);
  pool_ = vk::raii::DescriptorPool(device, poolInfo);
  vk::DescriptorSetAllocateInfo allocInfo{.descriptorPool = *pool_};
  allocInfo.setSetLayouts(*setLayout_);
  set_ = std::move(vk::raii::DescriptorSets(device, allocInfo).front());
}

PipelineStatistics ComputePipeline::statistics() const {
  PipelineStatistics out;
  if (!context_->pipelineExecutableInfo()) return out;
  const auto& device = context_->device();
  const auto executables = device.getPipelineExecutablePropertiesKHR({.pipeline = *pipeline_});
  for (std::uint32_t i = 0; i < executables.size(); ++i) {
    for (const auto& s : device.getPipelineExecutableStatisticsKHR({.pipeline = *pipeline_, .executableIndex = i})) {
      out.push_back({.executable = executables[i].name.data(), .name = s.name.data(),
                     .value = formatStatisticValue(s.format, s.value), .description = s.description.data()});
    }
  }
  return out;
}

void ComputePipeline::bind(const Binding& a, const Binding& b, const Binding& c) {
  const std::array<vk::DescriptorBufferInfo, 3> infos{{
      {.buffer = *a.buffer->buffer(), .offset = a.offset, .range = a.range},
      {.buffer = *b.buffer->buffer(), .offset = b.offset, .range = b.range},
      {.buffer = *c.buffer->buffer(), .offset = c.offset, .range = c.range},
  }};
  std::array<vk::WriteDescriptorSet, 3> writes;
  for (std::uint32_t i = 0; i < writes.size(); ++i) {
    writes[i] = {.dstSet = *set_, .dstBinding = i, .descriptorCount = 1,
                 .descriptorType = vk::DescriptorType::eStorageBuffer, .pBufferInfo = &infos[i]};
  }
  context_->device().updateDescriptorSets(writes, nullptr);
}

std::uint32_t ComputePipeline::groupCount(std::uint32_t count) const {
  const std::uint64_t groups = (std::uint64_t{count} + workgroupSize_ - 1) / workgroupSize_;
  return static_cast<std::uint32_t>(std::clamp<std::uint64_t>(groups, 1, maxGroups_));
}

void ComputePipeline::record(const vk::raii::CommandBuffer& cmd, std::uint32_t count) const {
  cmd.bindPipeline(vk::PipelineBindPoint::eCompute, *pipeline_);
  cmd.bindDescriptorSets(vk::PipelineBindPoint::eCompute, *layout_, 0, *set_, nullptr);
  cmd.pushConstants<std::uint32_t>(*layout_, vk::ShaderStageFlagBits::eCompute, 0, count);
  cmd.dispatch(groupCount(count), 1, 1);
}

void ComputePipeline::recordPush(const vk::raii::CommandBuffer& cmd, std::span<const std::uint32_t> push,
                                 std::uint32_t groups) const {
  cmd.bindPipeline(vk::PipelineBindPoint::eCompute, *pipeline_);
  cmd.bindDescriptorSets(vk::PipelineBindPoint::eCompute, *layout_, 0, *set_, nullptr);
  cmd.pushConstants<std::uint32_t>(*layout_, vk::ShaderStageFlagBits::eCompute, 0, push);
  cmd.dispatch(std::clamp<std::uint32_t>(groups, 1, maxGroups_), 1, 1);
}

bool ComputePipeline::rangeFits(std::uint32_t end) const { return end / workgroupSize_ < maxGroups_; }

void ComputePipeline::recordRange(const vk::raii::CommandBuffer& cmd, std::uint32_t first, std::uint32_t count) const {
  if (first % workgroupSize_ != 0 || !rangeFits(first)) {
    throw Error(ExitCode::kRuntime, fmt::format("dispatch from element {}: not a whole workgroup of {} within {} groups",
                                                first, workgroupSize_, maxGroups_));
  }
  const std::uint32_t base = first / workgroupSize_;
  cmd.bindPipeline(vk::PipelineBindPoint::eCompute, *pipeline_);
  cmd.bindDescriptorSets(vk::PipelineBindPoint::eCompute, *layout_, 0, *set_, nullptr);
  // The shader's grid-stride loop ends at the push constant: the chunk's end, not the buffer's.
  cmd.pushConstants<std::uint32_t>(*layout_, vk::ShaderStageFlagBits::eCompute, 0, first + count);
  cmd.dispatchBase(base, 0, 0, std::min(groupCount(count), maxGroups_ - base), 1, 1);
}

}  // namespace fieldbench
