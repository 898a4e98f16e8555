// What the device's fma on doubles does (kernels/fma_probe.comp): the fp52 mul variant is exact
// only where it is fused and rounds to nearest. Vulkan does not promise either (its fma may be
// a multiply then an add, as on llvmpipe), so fieldbench asks the device once per device and driver.
#include <fmt/format.h>

#include <cstring>
#include <map>
#include <mutex>
#include <string>

#include "fieldbench/buffer.hpp"
#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/gpu_timeout.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/pipeline.hpp"

namespace fieldbench {
namespace {

constexpr std::uint32_t kFmaProbeSpirv[] = {
#include "fieldbench_spirv/fma_probe.spv.inc"
};

DoubleFma runProbe(const Context& context) {
  static const Kernel kernel{.name = "fma_probe",
                             .description = "what fma on doubles does: fused, rounded to nearest",
                             .spirv = kFmaProbeSpirv,
                             .bytesPerElement = 0,
                             .needsFloat64 = true};  // not needsExactFma: it is what finds out
  using Flags = vk::MemoryPropertyFlagBits;
  const MemoryRequest host{.required = Flags::eHostVisible | Flags::eHostCoherent, .preferred = {}, .avoided = {}};
  const auto usage = vk::BufferUsageFlagBits::eStorageBuffer;
  const Buffer a(context, 16, usage, host), b(context, 16, usage, host), c(context, 16, usage, host);
  const double in[4] = {0x1p52 - 1, -(0x1p104 - 0x1p53), 3.0, 0x1p104};
  std::memcpy(a.bytes().data(), &in[0], 16);
  std::memcpy(b.bytes().data(), &in[2], 16);
  std::memset(c.bytes().data(), 0, 16);

  ComputePipeline pipeline(context, kernel, 1);
  pipeline.bind({&a, 0, 16}, {&b, 0, 16}, {&c, 0, 16});
  const auto& device = context.device();
  vk::raii::CommandBuffers cmds(device, {.commandPool = *context.commandPool(),
                                         .level = vk::CommandBufferLevel::ePrimary, .commandBufferCount = 1});
  const auto& cmd = cmds.front();
  cmd.begin(vk::CommandBufferBeginInfo{.flags = vk::CommandBufferUsageFlagBits::eOneTimeSubmit});
  pipeline.record(cmd, 1);
  const vk::MemoryBarrier toHost{.srcAccessMask = vk::AccessFlagBits::eShaderWrite,
                                 .dstAccessMask = vk::AccessFlagBits::eHostRead};
  cmd.pipelineBarrier(vk::PipelineStageFlagBits::eComputeShader, vk::PipelineStageFlagBits::eHost, {}, toHost, {}, {});
  cmd.end();
  const vk::raii::Fence fence(device, vk::FenceCreateInfo{});
  const vk::CommandBuffer raw = *cmd;
  context.queue().submit(vk::SubmitInfo{.commandBufferCount = 1, .pCommandBuffers = &raw}, *fence);
  constexpr std::uint64_t kTimeoutNs = 10'000'000'000;  // one thread, a few instructions
  if (const vk::Result r = device.waitForFences(*fence, VK_TRUE, kTimeoutNs); r == vk::Result::eTimeout) {
    gpuTimedOut("the fma probe: the GPU did not finish within 10 s");  // still running: not an unwinding error
  } else if (r != vk::Result::eSuccess) {
    throw Error(ExitCode::kRuntime, fmt::format("the fma probe: {}", vk::to_string(r)));
  }
  double out[2];
  std::memcpy(out, c.bytes().data(), 16);
  return {.fused = out[0] == 1.0, .roundsToNearest = out[1] == 3 * 0x1p52};
}

}  // namespace

DoubleFma probeDoubleFma(const Context& context) {
  if (!context.shaderFloat64()) return {};
  static std::mutex mutex;
  static std::map<std::string, DoubleFma> byDevice;  // a property of the device and its driver
  const std::string key = context.info().uuid + '/' + context.info().driverInfo;
  const std::lock_guard lock(mutex);
  if (const auto it = byDevice.find(key); it != byDevice.end()) return it->second;
  return byDevice[key] = runProbe(context);
}

}  // namespace fieldbench
