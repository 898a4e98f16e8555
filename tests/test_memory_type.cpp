// chooseMemoryType on hand-built memory properties: what a real discrete GPU shows,
// which lavapipe (one type with every flag) never exercises.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fieldbench/buffer.hpp"
#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/memory_kind.hpp"

namespace fieldbench {
namespace {

using Mem = vk::MemoryPropertyFlagBits;
constexpr std::uint32_t kAllTypes = ~0u;

// An H100 as the NVIDIA driver shows it: device-local VRAM, two system-memory types
// (plain and cached), and a device-local host-visible (resizable BAR) type.
vk::PhysicalDeviceMemoryProperties h100Like() {
  vk::PhysicalDeviceMemoryProperties p{};
  p.memoryHeapCount = 3;
  p.memoryHeaps[0] = vk::MemoryHeap{.size = 80ull << 30, .flags = vk::MemoryHeapFlagBits::eDeviceLocal};
  p.memoryHeaps[1] = vk::MemoryHeap{.size = 125ull << 30, .flags = {}};
  p.memoryHeaps[2] = vk::MemoryHeap{.size = 214ull << 20, .flags = vk::MemoryHeapFlagBits::eDeviceLocal};
  p.memoryTypeCount = 4;
  p.memoryTypes[0] = vk::MemoryType{.propertyFlags = Mem::eDeviceLocal, .heapIndex = 0};
  p.memoryTypes[1] = vk::MemoryType{.propertyFlags = Mem::eHostVisible | Mem::eHostCoherent, .heapIndex = 1};
  p.memoryTypes[2] =
      vk::MemoryType{.propertyFlags = Mem::eHostVisible | Mem::eHostCoherent | Mem::eHostCached, .heapIndex = 1};
  p.memoryTypes[3] =
      vk::MemoryType{.propertyFlags = Mem::eDeviceLocal | Mem::eHostVisible | Mem::eHostCoherent, .heapIndex = 2};
  return p;
}

// lavapipe: one type that is everything at once.
vk::PhysicalDeviceMemoryProperties lavapipeLike() {
  vk::PhysicalDeviceMemoryProperties p{};
  p.memoryHeapCount = 1;
  p.memoryHeaps[0] = vk::MemoryHeap{.size = 2ull << 30, .flags = vk::MemoryHeapFlagBits::eDeviceLocal};
  p.memoryTypeCount = 1;
  p.memoryTypes[0] = vk::MemoryType{
      .propertyFlags = Mem::eDeviceLocal | Mem::eHostVisible | Mem::eHostCoherent | Mem::eHostCached,
      .heapIndex = 0};
  return p;
}

TEST(ChooseMemoryType, DeviceLocalAvoidsTheHostVisibleVramType) {
  EXPECT_EQ(chooseMemoryType(h100Like(), kAllTypes, deviceLocalMemory()), 0u);
}

TEST(ChooseMemoryType, UploadStagingIsPlainSystemMemory) {
  // Not type 3 (device-local host-visible, a small BAR window) and not the cached type.
  EXPECT_EQ(chooseMemoryType(h100Like(), kAllTypes, uploadStagingMemory()), 1u);
}

TEST(ChooseMemoryType, ReadbackPrefersCached) {
  EXPECT_EQ(chooseMemoryType(h100Like(), kAllTypes, readbackStagingMemory()), 2u);
}

TEST(ChooseMemoryType, HostSharedIsHostVisibleCoherentSystemMemory) {
  const auto props = h100Like();
  const auto type = chooseMemoryType(props, kAllTypes, hostSharedMemory());
  const auto flags = props.memoryTypes[type].propertyFlags;
  EXPECT_TRUE(flags & Mem::eHostVisible);
  EXPECT_TRUE(flags & Mem::eHostCoherent);
  EXPECT_FALSE(flags & Mem::eDeviceLocal) << "type " << type;
}

TEST(ChooseMemoryType, StandardRequestsOnLavapipeAllGetTheOneType) {
  const auto props = lavapipeLike();
  for (const auto& request : {deviceLocalMemory(), uploadStagingMemory(), readbackStagingMemory(), hostSharedMemory()}) {
    EXPECT_EQ(chooseMemoryType(props, 1u, request), 0u);
  }
}

TEST(ChooseMemoryType, TypeBitsAreHonoured) {
  const auto props = h100Like();
  // Without type 0, device-local memory can only be type 3.
  EXPECT_EQ(chooseMemoryType(props, kAllTypes & ~1u, deviceLocalMemory()), 3u);
  // Without type 1, upload staging falls back to the cached system type.
  EXPECT_EQ(chooseMemoryType(props, 0b1101u, uploadStagingMemory()), 2u);
  // Without type 2, readback takes the plain system type.
  EXPECT_EQ(chooseMemoryType(props, 0b1011u, readbackStagingMemory()), 1u);
  // Only type 3 allowed: every host-visible request gets it.
  EXPECT_EQ(chooseMemoryType(props, 0b1000u, uploadStagingMemory()), 3u);
  // Bits above memoryTypeCount are ignored.
  EXPECT_EQ(chooseMemoryType(props, 0xfffffff0u | 0b0001u, deviceLocalMemory()), 0u);
}

TEST(ChooseMemoryType, PreferredFlagsWinOverIndex) {
  const auto props = h100Like();
  const MemoryRequest request{.required = Mem::eHostVisible, .preferred = Mem::eDeviceLocal, .avoided = {}};
  EXPECT_EQ(chooseMemoryType(props, kAllTypes, request), 3u);
}

TEST(ChooseMemoryType, NothingFitsThrowsListingTheTypes) {
  const auto props = h100Like();
  const MemoryRequest impossible{.required = Mem::eProtected, .preferred = {}, .avoided = {}};
  for (const auto& [bits, request] : {std::pair{kAllTypes, impossible},
                                      std::pair{0b0001u, uploadStagingMemory()},  // only type 0 allowed
                                      std::pair{0u, deviceLocalMemory()}}) {
    try {
      (void)chooseMemoryType(props, bits, request);
      ADD_FAILURE() << "no error for type bits " << bits;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kRuntime);
      const std::string message = e.what();
      // Every type of the device is named with its flags.
      EXPECT_NE(message.find("0: device-local"), std::string::npos) << message;
      EXPECT_NE(message.find("1: host-visible|host-coherent"), std::string::npos) << message;
      EXPECT_NE(message.find("2: host-visible|host-coherent|host-cached"), std::string::npos) << message;
      EXPECT_NE(message.find("3: device-local|host-visible|host-coherent"), std::string::npos) << message;
    }
  }
}

TEST(DescribeMemoryTypes, NamesEachTypeWithFlagsAndHeap) {
  const std::string text = describeMemoryTypes(h100Like());
  EXPECT_NE(text.find("0: device-local (heap 0"), std::string::npos) << text;
  EXPECT_NE(text.find("1: host-visible|host-coherent (heap 1"), std::string::npos) << text;
  EXPECT_NE(text.find("3: device-local|host-visible|host-coherent (heap 2"), std::string::npos) << text;
  EXPECT_EQ(text.find("4:"), std::string::npos) << text;
}

// ------------------------------------------------ memory kinds on fake devices

// An H200 as driver 580 shows it: like the H100 above, but the device-local host-visible
// type spans the whole VRAM (resizable BAR on).
vk::PhysicalDeviceMemoryProperties h200Like() {
  auto p = h100Like();
  p.memoryHeaps[2].size = 140ull << 30;
  return p;
}

MemoryCapabilities fake(vk::PhysicalDeviceMemoryProperties p, bool hostImport) {
  return {.deviceName = "Fake GPU", .memory = p, .hostImport = hostImport};
}

std::string reason(MemoryKind kind, const MemoryCapabilities& caps) {
  return memoryKindInfo(kind).unsupportedReason(caps);
}

TEST(MemoryKinds, TableHasEveryKindOnceWithItsKey) {
  ASSERT_EQ(memoryKinds().size(), 4u);
  for (const auto& k : memoryKinds()) {
    EXPECT_EQ(k.key, toString(k.kind));
    EXPECT_EQ(&memoryKindInfo(k.kind), &k);
    EXPECT_FALSE(k.description.empty());
  }
  // Only imported memory has no host copy; only the staged kinds upload with the copy engine.
  EXPECT_FALSE(memoryKindInfo(MemoryKind::kImported).hostCopyIn);
  EXPECT_TRUE(memoryKindInfo(MemoryKind::kRebar).hostCopyIn);
  EXPECT_FALSE(memoryKindInfo(MemoryKind::kRebar).upload);
  EXPECT_TRUE(memoryKindInfo(MemoryKind::kRebar).download);
  EXPECT_FALSE(memoryKindInfo(MemoryKind::kHostVisible).upload);
  EXPECT_FALSE(memoryKindInfo(MemoryKind::kHostVisible).download);
}

TEST(MemoryKinds, LavapipeProvidesEveryKind) {
  for (const auto& k : memoryKinds()) EXPECT_EQ(reason(k.kind, fake(lavapipeLike(), true)), "") << k.key;
}

TEST(MemoryKinds, H200WithImportProvidesEveryKind) {
  const auto caps = fake(h200Like(), true);
  for (const auto& k : memoryKinds()) EXPECT_EQ(reason(k.kind, caps), "") << k.key;
  EXPECT_EQ(chooseMemoryType(h200Like(), kAllTypes, rebarMemory()), 3u);
}

TEST(MemoryKinds, SmallBarWindowIsNotRebar) {
  const auto why = reason(MemoryKind::kRebar, fake(h100Like(), true));
  EXPECT_NE(why.find("resizable BAR is off"), std::string::npos) << why;
  EXPECT_NE(why.find("Fake GPU"), std::string::npos) << why;
  EXPECT_EQ(reason(MemoryKind::kDeviceLocal, fake(h100Like(), true)), "");
}

TEST(MemoryKinds, NoDeviceLocalHostVisibleTypeIsNotRebar) {
  auto p = h200Like();
  p.memoryTypeCount = 3;  // drop type 3
  const auto why = reason(MemoryKind::kRebar, fake(p, true));
  EXPECT_NE(why.find("no device-local host-visible"), std::string::npos) << why;
}

TEST(MemoryKinds, ImportNeedsTheExtension) {
  const auto why = reason(MemoryKind::kImported, fake(h200Like(), false));
  EXPECT_NE(why.find("VK_EXT_external_memory_host"), std::string::npos) << why;
}

TEST(MemoryKinds, SupportedKindsSkipsWithReasons) {
  std::vector<SkippedMemory> skipped;
  const std::vector<MemoryKind> all{MemoryKind::kDeviceLocal, MemoryKind::kHostVisible, MemoryKind::kRebar,
                                    MemoryKind::kImported};
  const auto kinds = supportedKinds(all, fake(h100Like(), false), skipped);
  EXPECT_EQ(kinds, (std::vector<MemoryKind>{MemoryKind::kDeviceLocal, MemoryKind::kHostVisible}));
  ASSERT_EQ(skipped.size(), 2u);
  EXPECT_EQ(skipped[0].memory, MemoryKind::kRebar);
  EXPECT_NE(skipped[0].reason.find("BAR"), std::string::npos);
  EXPECT_EQ(skipped[1].memory, MemoryKind::kImported);
  EXPECT_NE(skipped[1].reason.find("VK_EXT_external_memory_host"), std::string::npos);
}

TEST(MemoryKinds, OnlyUnsupportedKindsIsAUsageErrorWithTheReason) {
  std::vector<SkippedMemory> skipped;
  const std::vector<MemoryKind> asked{MemoryKind::kRebar};
  try {
    (void)supportedKinds(asked, fake(h100Like(), true), skipped);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    const std::string what = e.what();
    EXPECT_NE(what.find("--memory rebar"), std::string::npos) << what;
    EXPECT_NE(what.find("resizable BAR is off"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}

TEST(MemoryKinds, AutoIsImportedWhereTheDeviceImportsElseDeviceLocal) {
  EXPECT_EQ(autoMemoryKind(fake(h200Like(), true)), MemoryKind::kImported);
  EXPECT_EQ(autoMemoryKind(fake(lavapipeLike(), true)), MemoryKind::kImported);
  EXPECT_EQ(autoMemoryKind(fake(h200Like(), false)), MemoryKind::kDeviceLocal);
}

// ------------------------------------------------ queue roles on fake queue-family sets

using Q = vk::QueueFlagBits;

vk::QueueFamilyProperties family(vk::QueueFlags flags, std::uint32_t count, std::uint32_t timestampBits = 64) {
  return {.queueFlags = flags, .queueCount = count, .timestampValidBits = timestampBits};
}

TEST(QueueRoles, OneFamilyOneQueueMapsEveryRoleOntoTheComputeQueue) {
  // lavapipe: one family with graphics, compute and transfer, one queue.
  const std::vector families{family(Q::eGraphics | Q::eCompute | Q::eTransfer, 1)};
  const auto roles = chooseQueueRoles(families);
  ASSERT_TRUE(roles);
  EXPECT_EQ(roles->compute, (QueueSlot{0, 0}));
  EXPECT_EQ(roles->upload, (QueueSlot{0, 0}));
  EXPECT_EQ(roles->download, (QueueSlot{0, 0}));
  EXPECT_FALSE(roles->transferFamily);
  EXPECT_EQ(roles->create, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 1}}));
  EXPECT_NE(describeQueueRoles(*roles).find("upload family 0 queue 0 (the compute queue)"), std::string::npos);
}

TEST(QueueRoles, TransferOnlyFamilyWithTwoQueuesGivesUploadAndDownloadOneEach) {
  // NVIDIA-like: graphics+compute, transfer-only (2 queues), compute-only, video.
  const std::vector families{family(Q::eGraphics | Q::eCompute | Q::eTransfer, 16),
                             family(Q::eTransfer | Q::eSparseBinding, 2), family(Q::eCompute | Q::eTransfer, 8),
                             family(Q::eVideoDecodeKHR, 1, 0)};
  const auto roles = chooseQueueRoles(families);
  ASSERT_TRUE(roles);
  EXPECT_EQ(roles->compute, (QueueSlot{0, 0}));
  EXPECT_EQ(roles->upload, (QueueSlot{1, 0}));
  EXPECT_EQ(roles->download, (QueueSlot{1, 1}));
  EXPECT_TRUE(roles->transferFamily);
  EXPECT_EQ(roles->create, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 1}, {1, 2}}));
  EXPECT_EQ(describeQueueRoles(*roles), "compute family 0 queue 0; upload family 1 queue 0 (transfer-only); "
                                        "download family 1 queue 1 (transfer-only)");
}

TEST(QueueRoles, TransferOnlyFamilyWithOneQueueSharesItForBothDirections) {
  const std::vector families{family(Q::eTransfer, 1, 0), family(Q::eCompute | Q::eTransfer, 4)};
  const auto roles = chooseQueueRoles(families);
  ASSERT_TRUE(roles);
  EXPECT_EQ(roles->compute, (QueueSlot{1, 0}));
  EXPECT_EQ(roles->upload, (QueueSlot{0, 0}));
  EXPECT_EQ(roles->download, (QueueSlot{0, 0}));
  EXPECT_EQ(roles->create, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{1, 1}, {0, 1}}));
}

TEST(QueueRoles, GraphicsFamilyIsNotTransferOnlyAndComputePrefersTimestamps) {
  const std::vector families{family(Q::eCompute, 1, 0), family(Q::eGraphics | Q::eTransfer, 1),
                             family(Q::eCompute | Q::eTransfer, 1, 36)};
  const auto roles = chooseQueueRoles(families);
  ASSERT_TRUE(roles);
  EXPECT_EQ(roles->compute, (QueueSlot{2, 0}));
  EXPECT_FALSE(roles->transferFamily);
  EXPECT_EQ(roles->upload, (QueueSlot{2, 0}));
}

TEST(QueueRoles, NoComputeFamilyIsNone) {
  const std::vector families{family(Q::eTransfer, 2), family(Q::eGraphics, 1)};
  EXPECT_FALSE(chooseQueueRoles(families));
  EXPECT_FALSE(chooseQueueRoles({}));
}

}  // namespace
}  // namespace fieldbench
