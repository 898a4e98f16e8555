#include "fieldbench/link.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <vector>

#include "fieldbench/buffer.hpp"
#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/fault.hpp"
#include "fieldbench/stats.hpp"

namespace fieldbench {
namespace {

using Clock = std::chrono::steady_clock;
using Usage = vk::BufferUsageFlagBits;

constexpr int kLinkRepetitions = 3;  // timed, after one untimed

// One copy's command buffer, recorded once; the host sees its result after the fence.
vk::raii::CommandBuffer recordCopy(const Context& context, const vk::raii::CommandPool& pool, const Buffer& from,
                                   const Buffer& to, vk::DeviceSize bytes) {
  vk::raii::CommandBuffers made(context.device(),
                                vk::CommandBufferAllocateInfo{.commandPool = *pool,
                                                              .level = vk::CommandBufferLevel::ePrimary,
                                                              .commandBufferCount = 1});
  vk::raii::CommandBuffer cmd = std::move(made[0]);
  cmd.begin(vk::CommandBufferBeginInfo{});
  cmd.copyBuffer(*from.buffer(), *to.buffer(), vk::BufferCopy{.size = bytes});
  const vk::MemoryBarrier toHost{.srcAccessMask = vk::AccessFlagBits::eTransferWrite,
                                 .dstAccessMask = vk::AccessFlagBits::eHostRead};
  cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTransfer, vk::PipelineStageFlagBits::eHost, {}, toHost, nullptr,
                      nullptr);
  cmd.end();
  return cmd;
}

struct Probe {
  const Context& context;
  double timeoutSeconds;
  vk::raii::Fence upFence{context.device(), vk::FenceCreateInfo{}};
  vk::raii::Fence downFence{context.device(), vk::FenceCreateInfo{}};

  // Host ns from the first submit until every submitted copy's fence is signalled.
  double time(const vk::raii::CommandBuffer* up, const vk::raii::CommandBuffer* down) {
    std::vector<vk::Fence> fences;
    const auto t0 = Clock::now();
    duringStep([] { return std::string("submitting the link probe's copies"); }, [&] {
      if (up) context.uploadQueue().submit(vk::SubmitInfo{}.setCommandBuffers(**up), *upFence);
      if (down) context.downloadQueue().submit(vk::SubmitInfo{}.setCommandBuffers(**down), *downFence);
    });
    if (up) fences.push_back(*upFence);
    if (down) fences.push_back(*downFence);
    const auto waited = context.device().waitForFences(fences, VK_TRUE,
                                                       static_cast<std::uint64_t>(timeoutSeconds * 1e9));
    const auto t1 = Clock::now();
    if (waited != vk::Result::eSuccess) {
      throw Error(ExitCode::kRuntime, fmt::format("waiting for the link probe's copies: {} (--timeout {} s)",
                                                  vk::to_string(waited), timeoutSeconds));
    }
    context.device().resetFences(fences);
    return std::chrono::duration<double, std::nano>(t1 - t0).count();
  }

  double median(const vk::raii::CommandBuffer* up, const vk::raii::CommandBuffer* down) {
    time(up, down);
    std::array<double, kLinkRepetitions> ns{};
    for (auto& t : ns) t = time(up, down);
    return fieldbench::median(ns);
  }
};

}  // namespace

LinkBandwidth measureLink(const Context& context, std::uint64_t bytes, double timeoutSeconds) {
  const Buffer hostSrc(context, bytes, Usage::eTransferSrc, uploadStagingMemory());
  const Buffer hostDst(context, bytes, Usage::eTransferDst, readbackStagingMemory());
  const Buffer devDst(context, bytes, Usage::eTransferDst, deviceLocalMemory());
  const Buffer devSrc(context, bytes, Usage::eTransferSrc | Usage::eTransferDst, deviceLocalMemory());
  const auto up = recordCopy(context, context.uploadPool(), hostSrc, devDst, bytes);
  const auto down = recordCopy(context, context.downloadPool(), devSrc, hostDst, bytes);
  Probe probe{.context = context, .timeoutSeconds = timeoutSeconds};
  const double upNs = probe.median(&up, nullptr);
  const double downNs = probe.median(nullptr, &down);
  const double bothNs = probe.median(&up, &down);
  const auto b = static_cast<double>(bytes);
  return LinkBandwidth{.bytes = bytes, .hostToDevice = b * 1e9 / upNs, .deviceToHost = b * 1e9 / downNs,
                       .duplexNs = bothNs};
}

double serialFloorNs(const LinkBandwidth& link, double up, double down) {
  if (!link.measured()) return 0;
  return 1e9 * (up / link.hostToDevice + down / link.deviceToHost);
}

double duplexFloorNs(const LinkBandwidth& link, double up, double down) {
  if (!link.measured() || link.duplexNs <= 0) return 0;
  const double both = std::min(up, down);
  const double rest = up > down ? (up - both) / link.hostToDevice : (down - both) / link.deviceToHost;
  // Never above the serial floor: a link slower at once than in turn would be used in turn.
  return std::min(1e9 * (both / link.duplexEach() + rest), serialFloorNs(link, up, down));
}

}  // namespace fieldbench
