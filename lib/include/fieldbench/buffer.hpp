#pragma once
// A VkBuffer with its own memory, mapped for its lifetime when host-visible.
#include <cstdint>
#include <span>
#include <string>

#include "fieldbench/vulkan.hpp"

namespace fieldbench {

class Context;

// What a buffer's memory must have, should have, and should rather not have.
struct MemoryRequest {
  vk::MemoryPropertyFlags required;
  vk::MemoryPropertyFlags preferred;
  vk::MemoryPropertyFlags avoided;
};

// Index of the best memory type allowed by typeBits that has every required flag:
// most preferred flags first, then fewest avoided flags, then lowest index.
// Throws Error(kRuntime) listing the device's memory types when none fits.
std::uint32_t chooseMemoryType(const vk::PhysicalDeviceMemoryProperties& properties,
                               std::uint32_t typeBits, const MemoryRequest& request);

// "0: device-local (heap 0, 80 GiB); 1: host-visible|host-coherent (heap 1, 125 GiB)".
std::string describeMemoryTypes(const vk::PhysicalDeviceMemoryProperties& properties);

class Buffer {
 public:
  Buffer(const Context& context, vk::DeviceSize size, vk::BufferUsageFlags usage,
         const MemoryRequest& request);

  [[nodiscard]] const vk::raii::Buffer& buffer() const { return buffer_; }
  [[nodiscard]] vk::DeviceSize size() const { return size_; }
  [[nodiscard]] std::uint32_t memoryType() const { return memoryType_; }
  [[nodiscard]] vk::MemoryPropertyFlags memoryFlags() const { return memoryFlags_; }
  [[nodiscard]] bool mapped() const { return mapped_ != nullptr; }

  // The mapped bytes; throws Error(kRuntime) if the memory is not host-visible.
  [[nodiscard]] std::span<std::byte> bytes() const;
  template <typename T>
  [[nodiscard]] std::span<T> as() const {
    auto b = bytes();
    return {reinterpret_cast<T*>(b.data()), b.size() / sizeof(T)};
  }
  // Makes host writes visible to the device / device writes visible to the host
  // (no-ops on coherent memory).
  void flush() const;
  void invalidate() const;

 private:
  // Memory outlives the buffer bound to it: declared first, destroyed last.
  vk::raii::DeviceMemory memory_{nullptr};
  vk::raii::Buffer buffer_{nullptr};
  const vk::raii::Device* device_ = nullptr;
  vk::DeviceSize size_ = 0;
  std::uint32_t memoryType_ = 0;
  vk::MemoryPropertyFlags memoryFlags_;
  void* mapped_ = nullptr;
};

// Standard requests.
MemoryRequest deviceLocalMemory();     // device-local, not host-visible if it can be helped
MemoryRequest uploadStagingMemory();   // host-visible coherent system memory
MemoryRequest readbackStagingMemory(); // host-visible coherent, cached preferred
MemoryRequest hostSharedMemory();      // host-visible coherent, for the shader to use directly

}  // namespace fieldbench
