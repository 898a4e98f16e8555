// Buffer on a real device: a pattern written by the CPU into host-visible staging,
// copied through a device-local buffer and back with vkCmdCopyBuffer, read back equal.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cctype>
#include <cstring>
#include <string>
#include <vector>

#include "fieldbench/buffer.hpp"
#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/link.hpp"
#include "fieldbench/field.hpp"
#include "fieldbench/options.hpp"
#include "gpu_fixture.hpp"

namespace fieldbench {
namespace {

using Mem = vk::MemoryPropertyFlagBits;
using Usage = vk::BufferUsageFlagBits;

// Element i of a pattern that differs in every limb and between neighbours.
Element pattern(std::uint64_t i) {
  Element e{};
  for (std::size_t limb = 0; limb < e.size(); ++limb) {
    e[limb] = (i * 0x9e3779b97f4a7c15ull) ^ (std::uint64_t{limb} << 56) ^ (~i << (limb * 8));
  }
  return e;
}

// Records src -> mid -> dst copies, submits them and waits on a fence.
void copyThroughDevice(const Context& context, const Buffer& src, const Buffer& mid, const Buffer& dst) {
  vk::raii::CommandBuffers commands(context.device(),
                                    vk::CommandBufferAllocateInfo{.commandPool = *context.commandPool(),
                                                                  .level = vk::CommandBufferLevel::ePrimary,
                                                                  .commandBufferCount = 1});
  const vk::raii::CommandBuffer& cmd = commands[0];
  cmd.begin(vk::CommandBufferBeginInfo{.flags = vk::CommandBufferUsageFlagBits::eOneTimeSubmit});
  cmd.copyBuffer(*src.buffer(), *mid.buffer(), vk::BufferCopy{.srcOffset = 0, .dstOffset = 0, .size = src.size()});
  cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTransfer, vk::PipelineStageFlagBits::eTransfer, {},
                      vk::MemoryBarrier{.srcAccessMask = vk::AccessFlagBits::eTransferWrite,
                                        .dstAccessMask = vk::AccessFlagBits::eTransferRead},
                      nullptr, nullptr);
  cmd.copyBuffer(*mid.buffer(), *dst.buffer(), vk::BufferCopy{.srcOffset = 0, .dstOffset = 0, .size = mid.size()});
  cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTransfer, vk::PipelineStageFlagBits::eHost, {},
                      vk::MemoryBarrier{.srcAccessMask = vk::AccessFlagBits::eTransferWrite,
                                        .dstAccessMask = vk::AccessFlagBits::eHostRead},
                      nullptr, nullptr);
  cmd.end();

  vk::raii::Fence fence(context.device(), vk::FenceCreateInfo{});
  const vk::CommandBuffer handle = *cmd;
  context.queue().submit(vk::SubmitInfo{.commandBufferCount = 1, .pCommandBuffers = &handle}, *fence);
  const vk::Result waited = context.device().waitForFences(*fence, VK_TRUE, 60'000'000'000ull);
  ASSERT_EQ(waited, vk::Result::eSuccess);
}

class BufferTest : public GpuTest {
 protected:
  // Writes the pattern into an upload staging buffer, copies it through a device-local
  // buffer into a readback buffer, and compares.
  void roundTrip(std::uint64_t count) {
    const vk::DeviceSize bytes = count * kElementBytes;
    const Buffer upload(context(), bytes, Usage::eTransferSrc, uploadStagingMemory());
    const Buffer device(context(), bytes, Usage::eTransferSrc | Usage::eTransferDst | Usage::eStorageBuffer,
                        deviceLocalMemory());
    const Buffer readback(context(), bytes, Usage::eTransferDst, readbackStagingMemory());

    EXPECT_EQ(upload.size(), bytes);
    EXPECT_EQ(device.size(), bytes);
    ASSERT_TRUE(upload.mapped());
    ASSERT_TRUE(readback.mapped());
    EXPECT_TRUE(device.memoryFlags() & Mem::eDeviceLocal);
    EXPECT_TRUE(upload.memoryFlags() & Mem::eHostVisible);
    EXPECT_TRUE(upload.memoryFlags() & Mem::eHostCoherent);
    EXPECT_TRUE(readback.memoryFlags() & Mem::eHostVisible);
    EXPECT_TRUE(context().memoryProperties().memoryTypes[device.memoryType()].propertyFlags & Mem::eDeviceLocal);

    const auto src = upload.as<Element>();
    ASSERT_EQ(src.size(), count);
    for (std::uint64_t i = 0; i < count; ++i) src[i] = pattern(i);
    upload.flush();
    // Fill the readback buffer with something else, so a copy that did nothing is seen.
    std::ranges::fill(readback.bytes(), std::byte{0xcd});

    copyThroughDevice(context(), upload, device, readback);
    readback.invalidate();

    const auto dst = readback.as<const Element>();
    ASSERT_EQ(dst.size(), count);
    std::uint64_t mismatches = 0, first = count;
    for (std::uint64_t i = 0; i < count; ++i) {
      if (dst[i] != pattern(i)) {
        if (mismatches++ == 0) first = i;
      }
    }
    EXPECT_EQ(mismatches, 0u) << "first mismatch at element " << first;
  }
};

TEST_F(BufferTest, RoundTrip1024Elements) { roundTrip(1024); }

TEST_F(BufferTest, RoundTrip262144Elements) {
  // 12 MiB per buffer.
  ASSERT_EQ(262144 * kElementBytes, 12u << 20);
  roundTrip(262144);
}

TEST_F(BufferTest, HostVisibleBufferIsMappedForItsSize) {
  const Buffer b(context(), 4800, Usage::eStorageBuffer, hostSharedMemory());
  ASSERT_TRUE(b.mapped());
  EXPECT_EQ(b.bytes().size(), 4800u);
  EXPECT_EQ(b.as<Element>().size(), 100u);
  EXPECT_EQ(b.as<std::uint32_t>().size(), 1200u);
  // Writable and readable through the mapping.
  b.as<Element>()[99] = pattern(99);
  b.flush();
  b.invalidate();
  EXPECT_EQ(b.as<Element>()[99], pattern(99));
}

TEST_F(BufferTest, UnmappedBufferRefusesBytes) {
  const Buffer b(context(), 4096, Usage::eStorageBuffer, deviceLocalMemory());
  if (b.mapped()) {
    // lavapipe's only memory type is host-visible too: the buffer is mapped.
    EXPECT_TRUE(b.memoryFlags() & Mem::eHostVisible);
    EXPECT_EQ(b.bytes().size(), 4096u);
  } else {
    EXPECT_FALSE(b.memoryFlags() & Mem::eHostVisible);
    try {
      (void)b.bytes();
      ADD_FAILURE() << "bytes() of unmapped memory did not throw";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kRuntime);
    }
  }
}

// The link probe on the round trip's own queues: every figure positive, at most as fast at
// once as the two directions in turn allow on a device whose copies share one queue.
TEST_F(BufferTest, LinkProbeMeasuresBothDirectionsAloneAndAtOnce) {
  const LinkBandwidth link = measureLink(context(), 1u << 20, 60);
  ASSERT_TRUE(link.measured());
  EXPECT_EQ(link.bytes, 1u << 20);
  // The copy that finished first ran beside the other all along; the other may have moved
  // nothing beside it (lavapipe runs both on one queue, in turn).
  EXPECT_GT(std::max(link.hostToDeviceDuplex, link.deviceToHostDuplex), 0);
  EXPECT_GE(std::min(link.hostToDeviceDuplex, link.deviceToHostDuplex), 0);
  const double up = static_cast<double>(link.bytes), down = up;
  EXPECT_LE(duplexFloorNs(link, up, down), serialFloorNs(link, up, down));
  EXPECT_GT(duplexFloorNs(link, up, down), 0);
  EXPECT_TRUE(context().validationMessages().empty());
}

TEST_F(BufferTest, DeviceInfoIsFilledIn) {
  const DeviceInfo& info = context().info();
  EXPECT_FALSE(info.name.empty());
  EXPECT_FALSE(info.type.empty());
  EXPECT_FALSE(info.apiVersion.empty());
  EXPECT_EQ(info.uuid.size(), 36u) << info.uuid;  // 32 hex digits and 4 dashes
  EXPECT_TRUE(info.rejection.empty()) << info.rejection;
  EXPECT_FALSE(info.heaps.empty());
  EXPECT_EQ(info.name, std::string(context().properties().deviceName.data()));
}

// The plumbing every GPU test relies on: a validation error raised after the Context
// exists must reach validationMessages(), or no test could fail on one.
TEST(Validation, MessagesDuringTheRunAreCollected) {
  const Context context(ContextOptions{.validation = true});
  const std::size_t before = context.validationMessages().size();
  try {
    // VUID-VkBufferCreateInfo-size-00912: size must be greater than 0.
    const vk::raii::Buffer invalid(context.device(),
                                   vk::BufferCreateInfo{.size = 0, .usage = vk::BufferUsageFlagBits::eStorageBuffer});
  } catch (const vk::SystemError&) {
    // The driver may refuse it too; the message is what matters here.
  }
  const auto& messages = context.validationMessages();
  ASSERT_GT(messages.size(), before) << "the validation layer's message did not reach the Context";
  EXPECT_TRUE(std::ranges::any_of(messages, [](const std::string& m) {
    return m.find("VUID-VkBufferCreateInfo-size-00912") != std::string::npos;
  }));
}

TEST(Validation, OffMeansNoMessages) {
  const Context context(ContextOptions{.validation = false});
  EXPECT_TRUE(context.validationMessages().empty());
}

TEST(ListDevices, EveryDeviceIsDescribed) {
  const auto devices = listDevices();
  ASSERT_FALSE(devices.empty());
  bool usable = false;
  for (std::size_t i = 0; i < devices.size(); ++i) {
    EXPECT_EQ(devices[i].index, i);
    EXPECT_FALSE(devices[i].name.empty());
    usable = usable || devices[i].rejection.empty();
  }
  EXPECT_TRUE(usable);
}

TEST(ContextSelection, UnknownSelectorIsUsageErrorListingDevices) {
  try {
    Context c(ContextOptions{.deviceSelector = "nosuchdevice"});
    ADD_FAILURE() << "a Context was created for 'nosuchdevice'";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    const std::string message = e.what();
    EXPECT_NE(message.find("nosuchdevice"), std::string::npos) << message;
    EXPECT_NE(message.find(listDevices().front().name), std::string::npos) << message;
  }
}

TEST(ContextSelection, IndexAndNameSubstringSelect) {
  const auto devices = listDevices();
  const auto it = std::ranges::find_if(devices, [](const DeviceInfo& d) { return d.rejection.empty(); });
  ASSERT_NE(it, devices.end());
  const Context byIndex(ContextOptions{.deviceSelector = std::to_string(it->index), .validation = true});
  EXPECT_EQ(byIndex.info().name, it->name);
  // A case-changed substring of the name.
  std::string part = it->name.substr(0, std::min<std::size_t>(it->name.size(), 5));
  std::ranges::transform(part, part.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const Context byName(ContextOptions{.deviceSelector = part, .validation = true});
  EXPECT_NE(byName.info().name.find(it->name.substr(0, part.size())), std::string::npos);
  EXPECT_TRUE(byIndex.validationMessages().empty());
  EXPECT_TRUE(byName.validationMessages().empty());
}

}  // namespace
}  // namespace fieldbench
