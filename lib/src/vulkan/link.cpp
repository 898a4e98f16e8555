#include "fieldbench/link.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <tuple>
#include <vector>

#include "fieldbench/buffer.hpp"
#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/fault.hpp"
#include "fieldbench/gpu_timeout.hpp"
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

// Host ns from submit until each submitted copy's fence is signalled (spinning on both, so
// that each gets its own time), median of kLinkRepetitions after one untimed.
struct Probe {
  const Context& context;
  double timeoutSeconds;
  vk::raii::Fence upFence{context.device(), vk::FenceCreateInfo{}};
  vk::raii::Fence downFence{context.device(), vk::FenceCreateInfo{}};

  std::pair<double, double> once(const vk::raii::CommandBuffer* up, const vk::raii::CommandBuffer* down) {
    const auto t0 = Clock::now();
    duringStep([] { return std::string("submitting the link probe's copies"); }, [&] {
      if (up) context.uploadQueue().submit(vk::SubmitInfo{}.setCommandBuffers(**up), *upFence);
      if (down) context.downloadQueue().submit(vk::SubmitInfo{}.setCommandBuffers(**down), *downFence);
    });
    double upNs = up ? -1 : 0, downNs = down ? -1 : 0;
    const auto limit = t0 + std::chrono::duration<double>(timeoutSeconds);
    while (upNs < 0 || downNs < 0) {
      const auto now = Clock::now();
      const double elapsed = std::chrono::duration<double, std::nano>(now - t0).count();
      if (upNs < 0 && upFence.getStatus() == vk::Result::eSuccess) upNs = elapsed;
      if (downNs < 0 && downFence.getStatus() == vk::Result::eSuccess) downNs = elapsed;
      if (now > limit) {  // the copies still run: not an unwinding error (gpu_timeout.hpp)
        gpuTimedOut(fmt::format("waiting for the link probe's copies: the GPU did not finish within {} s (--timeout)",
                                timeoutSeconds));
      }
    }
    if (up) context.device().resetFences(*upFence);
    if (down) context.device().resetFences(*downFence);
    return {upNs, downNs};
  }

  std::pair<double, double> median(const vk::raii::CommandBuffer* up, const vk::raii::CommandBuffer* down) {
    once(up, down);
    std::array<double, kLinkRepetitions> u{}, d{};
    for (std::size_t i = 0; i < u.size(); ++i) std::tie(u[i], d[i]) = once(up, down);
    return {fieldbench::median(u), fieldbench::median(d)};
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
  const double upNs = probe.median(&up, nullptr).first;
  const double downNs = probe.median(nullptr, &down).second;
  const auto [upBoth, downBoth] = probe.median(&up, &down);
  const auto b = static_cast<double>(bytes);
  LinkBandwidth link{.bytes = bytes, .hostToDevice = b * 1e9 / upNs, .deviceToHost = b * 1e9 / downNs};
  std::tie(link.hostToDeviceDuplex, link.deviceToHostDuplex) =
      duplexRates(b, upBoth, downBoth, link.hostToDevice, link.deviceToHost);
  return link;
}

std::pair<double, double> duplexRates(double bytes, double upNs, double downNs, double hostToDevice,
                                      double deviceToHost) {
  if (upNs <= 0 || downNs <= 0) return {0, 0};
  // The later one moved, by the time the first finished, all but what it moved alone after.
  auto beside = [&](double laterNs, double firstNs, double aloneRate) {
    const double moved = std::max(0.0, bytes - (laterNs - firstNs) * 1e-9 * aloneRate);
    return moved * 1e9 / firstNs;
  };
  if (upNs <= downNs) return {bytes * 1e9 / upNs, beside(downNs, upNs, deviceToHost)};
  return {beside(upNs, downNs, hostToDevice), bytes * 1e9 / downNs};
}

double serialFloorNs(const LinkBandwidth& link, double up, double down) {
  if (!link.measured()) return 0;
  return 1e9 * (up / link.hostToDevice + down / link.deviceToHost);
}

double duplexFloorNs(const LinkBandwidth& link, double up, double down) {
  if (!link.measured()) return 0;
  if (link.hostToDeviceDuplex <= 0 || link.deviceToHostDuplex <= 0) return serialFloorNs(link, up, down);
  // Both at their duplex rates until one is done, then the rest of the other alone.
  const double upBoth = up / link.hostToDeviceDuplex, downBoth = down / link.deviceToHostDuplex;
  const double seconds = upBoth <= downBoth
                             ? upBoth + (down - upBoth * link.deviceToHostDuplex) / link.deviceToHost
                             : downBoth + (up - downBoth * link.hostToDeviceDuplex) / link.hostToDevice;
  // Never above the serial floor: a link slower both ways at once than in turn would be used in turn.
  return std::min(1e9 * seconds, serialFloorNs(link, up, down));
}

}  // namespace fieldbench
