#include "fieldbench/buffer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <optional>
#include <vector>

#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"

namespace fieldbench {
namespace {

using Mem = vk::MemoryPropertyFlagBits;

// Buffers used by more than one queue family are shared concurrently (no ownership transfers).
vk::SharingMode sharing(const std::vector<std::uint32_t>& families) {
  return families.size() > 1 ? vk::SharingMode::eConcurrent : vk::SharingMode::eExclusive;
}

std::string flagNames(vk::MemoryPropertyFlags f) {
  std::string s;
  auto add = [&](Mem bit, const char* name) {
    if (!(f & bit)) return;
    if (!s.empty()) s += '|';
    s += name;
  };
  add(Mem::eDeviceLocal, "device-local");
  add(Mem::eHostVisible, "host-visible");
  add(Mem::eHostCoherent, "host-coherent");
  add(Mem::eHostCached, "host-cached");
  add(Mem::eLazilyAllocated, "lazily-allocated");
  add(Mem::eProtected, "protected");
  return s.empty() ? "none" : s;
}

int popcount(vk::MemoryPropertyFlags f) {
  return std::popcount(static_cast<std::uint32_t>(static_cast<VkMemoryPropertyFlags>(f)));
}

}  // namespace

std::string describeMemoryTypes(const vk::PhysicalDeviceMemoryProperties& properties) {
  std::string s;
  for (std::uint32_t i = 0; i < properties.memoryTypeCount; ++i) {
    const auto& t = properties.memoryTypes[i];
    s += fmt::format("{}{}: {} (heap {}, {} MiB)", i == 0 ? "" : "; ", i, flagNames(t.propertyFlags),
                     t.heapIndex, properties.memoryHeaps[t.heapIndex].size >> 20);
  }
  return s;
}

std::uint32_t chooseMemoryType(const vk::PhysicalDeviceMemoryProperties& properties, std::uint32_t typeBits,
                               const MemoryRequest& request) {
  std::optional<std::uint32_t> best;
  auto score = [&](std::uint32_t i) {
    const auto flags = properties.memoryTypes[i].propertyFlags;
    return std::pair{popcount(flags & request.preferred), -popcount(flags & request.avoided)};
  };
  for (std::uint32_t i = 0; i < properties.memoryTypeCount; ++i) {
    if (!(typeBits & (1u << i))) continue;
    if ((properties.memoryTypes[i].propertyFlags & request.required) != request.required) continue;
    if (!best || score(i) > score(*best)) best = i;
  }
  if (!best) {
    throw Error(ExitCode::kRuntime,
                fmt::format("no memory type is {} among those allowed (bits 0x{:x}); the device has: {}",
                            flagNames(request.required), typeBits, describeMemoryTypes(properties)));
  }
  return *best;
}

Buffer::Buffer(const Context& context, vk::DeviceSize size, vk::BufferUsageFlags usage, const MemoryRequest& request)
    : device_(&context.device()), size_(size) {
  const auto& device = context.device();
  auto families = context.queueFamilies();
  if (families.size() < 2) families.clear();
  buffer_ = vk::raii::Buffer(device, vk::BufferCreateInfo{.size = size, .usage = usage,
                                                          .sharingMode = sharing(families)}.setQueueFamilyIndices(families));
  const auto requirements = buffer_.getMemoryRequirements();
  const auto& memProps = context.memoryProperties();
  memoryType_ = chooseMemoryType(memProps, requirements.memoryTypeBits, request);
  memoryFlags_ = memProps.memoryTypes[memoryType_].propertyFlags;
  try {
    memory_ = vk::raii::DeviceMemory(
        device, vk::MemoryAllocateInfo{.allocationSize = requirements.size, .memoryTypeIndex = memoryType_});
  } catch (const vk::SystemError& e) {
    throw Error(ExitCode::kRuntime, fmt::format("allocate {} bytes of {} memory (type {}): {}", requirements.size,
                                                flagNames(memoryFlags_), memoryType_, e.what()));
  }
  buffer_.bindMemory(*memory_, 0);
  if (memoryFlags_ & Mem::eHostVisible) mapped_ = memory_.mapMemory(0, VK_WHOLE_SIZE);
}

Buffer::Buffer(const Context& context, std::span<std::byte> host, vk::BufferUsageFlags usage,
               const MemoryRequest& request)
    : device_(&context.device()), size_(host.size()) {
  constexpr auto kHandle = vk::ExternalMemoryHandleTypeFlagBits::eHostAllocationEXT;
  const auto& device = context.device();
  const vk::ExternalMemoryBufferCreateInfo external{.handleTypes = kHandle};
  auto families = context.queueFamilies();
  if (families.size() < 2) families.clear();
  buffer_ = vk::raii::Buffer(device, vk::BufferCreateInfo{.pNext = &external, .size = size_, .usage = usage,
                                                          .sharingMode = sharing(families)}.setQueueFamilyIndices(families));
  const auto requirements = buffer_.getMemoryRequirements();
  const auto hostBits = device.getMemoryHostPointerPropertiesEXT(kHandle, host.data()).memoryTypeBits;
  const auto& memProps = context.memoryProperties();
  memoryType_ = chooseMemoryType(memProps, requirements.memoryTypeBits & hostBits, request);
  memoryFlags_ = memProps.memoryTypes[memoryType_].propertyFlags;
  const vk::ImportMemoryHostPointerInfoEXT import{.handleType = kHandle, .pHostPointer = host.data()};
  try {
    memory_ = vk::raii::DeviceMemory(device, vk::MemoryAllocateInfo{.pNext = &import,
                                                                    .allocationSize = size_,
                                                                    .memoryTypeIndex = memoryType_});
  } catch (const vk::SystemError& e) {
    throw Error(ExitCode::kRuntime, fmt::format("import {} bytes of host memory as {} memory (type {}): {}", size_,
                                                flagNames(memoryFlags_), memoryType_, e.what()));
  }
  buffer_.bindMemory(*memory_, 0);
  mapped_ = host.data();
}

HostArray::HostArray(std::size_t bytes, std::size_t alignment) : size_((bytes + alignment - 1) & ~(alignment - 1)) {
  data_.reset(static_cast<std::byte*>(std::aligned_alloc(alignment, size_)));
  if (!data_) throw Error(ExitCode::kRuntime, fmt::format("allocate {} bytes of host memory", size_));
}

void HostArray::Free::operator()(std::byte* p) const noexcept { std::free(p); }

std::span<std::byte> Buffer::bytes() const {
  if (mapped_ == nullptr) throw Error(ExitCode::kRuntime, "buffer memory is not host-visible: cannot map it");
  return {static_cast<std::byte*>(mapped_), static_cast<std::size_t>(size_)};
}

void Buffer::flush() const {
  if (mapped_ && !(memoryFlags_ & Mem::eHostCoherent)) {
    device_->flushMappedMemoryRanges(vk::MappedMemoryRange{.memory = *memory_, .offset = 0, .size = VK_WHOLE_SIZE});
  }
}

void Buffer::invalidate() const {
  if (mapped_ && !(memoryFlags_ & Mem::eHostCoherent)) {
    device_->invalidateMappedMemoryRanges(
        vk::MappedMemoryRange{.memory = *memory_, .offset = 0, .size = VK_WHOLE_SIZE});
  }
}

MemoryRequest deviceLocalMemory() {
  return {.required = Mem::eDeviceLocal, .preferred = {}, .avoided = Mem::eHostVisible};
}
MemoryRequest uploadStagingMemory() {
  return {.required = Mem::eHostVisible | Mem::eHostCoherent, .preferred = {},
          .avoided = Mem::eDeviceLocal | Mem::eHostCached};
}
MemoryRequest readbackStagingMemory() {
  return {.required = Mem::eHostVisible | Mem::eHostCoherent, .preferred = Mem::eHostCached,
          .avoided = Mem::eDeviceLocal};
}
MemoryRequest hostSharedMemory() {
  return {.required = Mem::eHostVisible | Mem::eHostCoherent, .preferred = {}, .avoided = Mem::eDeviceLocal};
}

}  // namespace fieldbench
