#pragma once
// A VkBuffer with its own memory, mapped for its lifetime when host-visible.
#include <cstdint>
#include <memory>
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

// "0: device-local (heap 0, 81559 MiB); 1: host-visible|host-coherent (heap 1, 96665 MiB)".
std::string describeMemoryTypes(const vk::PhysicalDeviceMemoryProperties& properties);

class Buffer {
 public:
  Buffer(const Context& context, vk::DeviceSize size, vk::BufferUsageFlags usage,
         const MemoryRequest& request);
  // Wraps ordinary host memory (VK_EXT_external_memory_host; see Context::hostImport()):
  // `host` must be aligned to and sized in multiples of minImportedHostPointerAlignment
  // and outlive the Buffer. The device then reads and writes that memory itself.
  Buffer(const Context& context, std::span<std::byte> host, vk::BufferUsageFlags usage,
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

// Page-aligned host memory, for importing into Vulkan (or just holding operands).
class HostArray {
 public:
  HostArray() = default;
  // At least `bytes`, rounded up to a multiple of `alignment` (a power of two).
  HostArray(std::size_t bytes, std::size_t alignment);
  [[nodiscard]] std::span<std::byte> bytes() const { return {data_.get(), size_}; }

 private:
  struct Free {
    void operator()(std::byte* p) const noexcept;
  };
  std::unique_ptr<std::byte, Free> data_;
  std::size_t size_ = 0;
};

// Standard requests.
MemoryRequest deviceLocalMemory();     // device-local, not host-visible if it can be helped
MemoryRequest uploadStagingMemory();   // host-visible coherent system memory
MemoryRequest readbackStagingMemory(); // host-visible coherent, cached preferred
MemoryRequest hostSharedMemory();      // host-visible coherent, for the shader to use directly

}  // namespace fieldbench
