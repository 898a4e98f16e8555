#pragma once
// Instance, physical-device choice, logical device, compute and copy queues and
// command pool; DeviceInfo describes a device for listing and reports.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fieldbench/vulkan.hpp"

namespace fieldbench {

struct MemoryHeapInfo {
  std::uint64_t size = 0;  // bytes
  bool deviceLocal = false;
};

struct DeviceInfo {
  std::uint32_t index = 0;  // position in vkEnumeratePhysicalDevices
  std::string name;
  std::string type;  // "discrete GPU", "integrated GPU", "virtual GPU", "CPU", "other"
  std::uint32_t vendorId = 0, deviceId = 0;
  std::string driverName, driverInfo;
  std::string apiVersion;  // "1.3.230"
  std::string uuid;        // 32 hex digits, dashed like a UUID
  std::vector<MemoryHeapInfo> heaps;
  std::string queues;      // which family and queue each role uses (describeQueueRoles); empty when unusable
  std::string rejection;   // empty when usable; else why fieldbench cannot use it
};

// One queue: its family and its index in the family.
struct QueueSlot {
  std::uint32_t family = 0, index = 0;
  friend bool operator==(const QueueSlot&, const QueueSlot&) = default;
};

// The queues a round trip uses: uploads and downloads on a transfer-only family where the
// device has one (two of its queues where it has two, so both directions run at once),
// else on the compute queue itself.
struct QueueRoles {
  QueueSlot compute, upload, download;
  bool transferFamily = false;  // upload/download on a transfer-only family
  // Queues to create: (family, count), one entry per family used.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> create;
};

// Pure: the roles for a device's queue families, or nullopt without a compute family.
// Compute prefers a family with timestamps; transfer-only: TRANSFER without GRAPHICS or COMPUTE.
std::optional<QueueRoles> chooseQueueRoles(std::span<const vk::QueueFamilyProperties> families);
// "compute family 0 queue 0; upload family 1 queue 0 (transfer-only); download family 1 queue 1 (transfer-only)".
std::string describeQueueRoles(const QueueRoles& roles);

struct ContextOptions {
  std::string deviceSelector;  // index, UUID (dashes optional) or case-insensitive name substring; empty = best
  bool validation = false;     // Khronos validation layer + messenger collecting messages
  bool synchronizationValidation = false;  // with validation: the layer's synchronization checks too
};

class Context {
 public:
  // Throws Error(kNoDevice) without a loader or usable device, Error(kUsage) for a bad selector.
  explicit Context(const ContextOptions& options);
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  ~Context();

  [[nodiscard]] const DeviceInfo& info() const { return info_; }
  [[nodiscard]] const vk::raii::PhysicalDevice& physicalDevice() const { return physicalDevice_; }
  [[nodiscard]] const vk::raii::Device& device() const { return device_; }
  [[nodiscard]] const vk::raii::Queue& queue() const { return queue_; }
  [[nodiscard]] const vk::raii::CommandPool& commandPool() const { return commandPool_; }
  [[nodiscard]] std::uint32_t queueFamily() const { return queueFamily_; }
  // The round trip's copy queues (the compute queue itself where the device has no
  // transfer-only family) and the command pool of their family.
  [[nodiscard]] const QueueRoles& queueRoles() const { return roles_; }
  [[nodiscard]] const vk::raii::Queue& uploadQueue() const { return uploadQueue_; }
  [[nodiscard]] const vk::raii::Queue& downloadQueue() const { return downloadQueue_; }
  // Command pools of the upload and download queues' families (the compute pool where they share it).
  [[nodiscard]] const vk::raii::CommandPool& uploadPool() const {
    return roles_.upload.family == queueFamily_ ? commandPool_ : uploadPool_;
  }
  [[nodiscard]] const vk::raii::CommandPool& downloadPool() const {
    return roles_.download.family == queueFamily_ ? commandPool_
           : roles_.download.family == roles_.upload.family ? uploadPool_ : downloadPool_;
  }
  // Families buffers are shared by (concurrent sharing when more than one).
  [[nodiscard]] std::vector<std::uint32_t> queueFamilies() const;
  // Whether timeline semaphores are enabled (Vulkan 1.2 timelineSemaphore): the chunked round trip needs them.
  [[nodiscard]] bool timelineSemaphores() const { return timelineSemaphores_; }
  [[nodiscard]] const vk::PhysicalDeviceProperties& properties() const { return properties_; }
  [[nodiscard]] const vk::PhysicalDeviceMemoryProperties& memoryProperties() const { return memoryProperties_; }
  // Valid bits of the compute queue's timestamps (0: no timestamps).
  [[nodiscard]] std::uint32_t timestampValidBits() const { return timestampValidBits_; }
  // Whether device timestamps can be related to the host's CLOCK_MONOTONIC
  // (VK_EXT_calibrated_timestamps, enabled when present).
  [[nodiscard]] bool calibratedTimestamps() const { return calibratedTimestamps_; }
  // Whether pipelines can report their executables' statistics (VK_KHR_pipeline_executable_properties
  // with pipelineExecutableInfo, enabled when present).
  [[nodiscard]] bool pipelineExecutableInfo() const { return pipelineExecutableInfo_; }
  // Whether 64-bit integers in shaders are supported (and so enabled on the device).
  [[nodiscard]] bool shaderInt64() const { return shaderInt64_; }
  // Whether doubles in shaders are supported (and so enabled): the FP64 mul variant needs them.
  [[nodiscard]] bool shaderFloat64() const { return shaderFloat64_; }
  // Whether a shader may round doubles toward zero (shaderRoundingModeRTZFloat64, Vulkan 1.2).
  [[nodiscard]] bool roundingModeRtzFloat64() const { return roundingModeRtzFloat64_; }
  // Whether ordinary host memory can be imported (VK_EXT_external_memory_host), and its alignment.
  [[nodiscard]] bool hostImport() const { return hostImportAlignment_ != 0; }
  [[nodiscard]] std::uint64_t hostImportAlignment() const { return hostImportAlignment_; }
  // Validation messages seen so far (empty unless options.validation).
  [[nodiscard]] const std::vector<std::string>& validationMessages() const;
  // The same messages, kept alive past the Context: those of vkDestroyDevice and vkDestroyInstance
  // (the object tracker's "not destroyed" reports) arrive during ~Context.
  [[nodiscard]] std::shared_ptr<const std::vector<std::string>> validationLog() const;

 private:
  // Member order is construction order; destruction runs the other way, so the
  // pool and device go before the instance and the loader context.
  struct ValidationLog;
  std::shared_ptr<ValidationLog> log_;  // address stable: the messenger callback writes here
  vk::raii::Context loader_;
  vk::raii::Instance instance_{nullptr};
  vk::raii::DebugUtilsMessengerEXT messenger_{nullptr};
  vk::raii::PhysicalDevice physicalDevice_{nullptr};
  vk::PhysicalDeviceProperties properties_{};
  vk::PhysicalDeviceMemoryProperties memoryProperties_{};
  DeviceInfo info_;
  std::uint32_t queueFamily_ = 0;
  std::uint32_t timestampValidBits_ = 0;
  std::uint64_t hostImportAlignment_ = 0;
  bool shaderInt64_ = false;
  bool shaderFloat64_ = false;
  bool roundingModeRtzFloat64_ = false;
  bool calibratedTimestamps_ = false;
  bool timelineSemaphores_ = false;
  bool pipelineExecutableInfo_ = false;
  QueueRoles roles_;
  vk::raii::Device device_{nullptr};
  vk::raii::Queue queue_{nullptr};
  vk::raii::Queue uploadQueue_{nullptr};
  vk::raii::Queue downloadQueue_{nullptr};
  vk::raii::CommandPool commandPool_{nullptr};
  vk::raii::CommandPool uploadPool_{nullptr};    // null where uploads use the compute family
  vk::raii::CommandPool downloadPool_{nullptr};  // null where downloads use the compute or upload family
};

// Every physical device with its DeviceInfo (rejection filled in); throws Error(kNoDevice) without a loader.
std::vector<DeviceInfo> listDevices();

}  // namespace fieldbench
