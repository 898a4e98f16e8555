#include "fieldbench/context.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <utility>

#include "fieldbench/error.hpp"
#include "fieldbench/fault.hpp"

namespace fieldbench {

struct Context::ValidationLog {
  std::vector<std::string> messages;
};

namespace {

constexpr const char* kValidationLayer = "VK_LAYER_KHRONOS_validation";
constexpr std::uint32_t kMinApiVersion = VK_API_VERSION_1_1;

VKAPI_ATTR VkBool32 VKAPI_CALL onValidationMessage(VkDebugUtilsMessageSeverityFlagBitsEXT /*severity*/,
                                                   VkDebugUtilsMessageTypeFlagsEXT /*types*/,
                                                   const VkDebugUtilsMessengerCallbackDataEXT* data,
                                                   void* user) {
  auto* log = static_cast<std::vector<std::string>*>(user);
  log->push_back(fmt::format("validation: {}", data->pMessage ? data->pMessage : "(no message)"));
  return VK_FALSE;
}

vk::raii::Context openLoader() {
  try {
    return vk::raii::Context{};
  } catch (const std::exception& e) {
    throw Error(ExitCode::kNoDevice,
                fmt::format("cannot load the Vulkan loader (libvulkan.so.1): {}; install libvulkan1 "
                            "and a driver (mesa-vulkan-drivers provides lavapipe on the CPU)",
                            e.what()));
  }
}

std::string versionString(std::uint32_t v) {
  return fmt::format("{}.{}.{}", VK_API_VERSION_MAJOR(v), VK_API_VERSION_MINOR(v), VK_API_VERSION_PATCH(v));
}

std::string typeString(vk::PhysicalDeviceType type) {
  switch (type) {
    case vk::PhysicalDeviceType::eDiscreteGpu: return "discrete GPU";
    case vk::PhysicalDeviceType::eIntegratedGpu: return "integrated GPU";
    case vk::PhysicalDeviceType::eVirtualGpu: return "virtual GPU";
    case vk::PhysicalDeviceType::eCpu: return "CPU";
    default: return "other";
  }
}

// Lower is better: discrete, integrated, virtual, CPU, other.
int typeRank(vk::PhysicalDeviceType type) {
  switch (type) {
    case vk::PhysicalDeviceType::eDiscreteGpu: return 0;
    case vk::PhysicalDeviceType::eIntegratedGpu: return 1;
    case vk::PhysicalDeviceType::eVirtualGpu: return 2;
    case vk::PhysicalDeviceType::eCpu: return 3;
    default: return 4;
  }
}

std::string uuidString(const std::array<std::uint8_t, VK_UUID_SIZE>& u) {
  std::string s;
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += fmt::format("{:02x}", u[i]);
  }
  return s;
}

DeviceInfo describe(const vk::raii::PhysicalDevice& pd, std::uint32_t index) {
  const auto props = pd.getProperties();
  DeviceInfo info{.index = index,
                  .name = props.deviceName.data(),
                  .type = typeString(props.deviceType),
                  .vendorId = props.vendorID,
                  .deviceId = props.deviceID,
                  .apiVersion = versionString(props.apiVersion)};
  if (props.apiVersion >= VK_API_VERSION_1_2) {
    auto chain = pd.getProperties2<vk::PhysicalDeviceProperties2, vk::PhysicalDeviceIDProperties,
                                   vk::PhysicalDeviceDriverProperties>();
    const auto& driver = chain.get<vk::PhysicalDeviceDriverProperties>();
    info.driverName = driver.driverName.data();
    info.driverInfo = driver.driverInfo.data();
    info.uuid = uuidString(chain.get<vk::PhysicalDeviceIDProperties>().deviceUUID);
  } else {
    info.driverName = "unknown";
    info.driverInfo = fmt::format("driver version 0x{:08x}", props.driverVersion);
    if (props.apiVersion >= VK_API_VERSION_1_1) {
      auto chain = pd.getProperties2<vk::PhysicalDeviceProperties2, vk::PhysicalDeviceIDProperties>();
      info.uuid = uuidString(chain.get<vk::PhysicalDeviceIDProperties>().deviceUUID);
    }
  }
  const auto mem = pd.getMemoryProperties();
  for (std::uint32_t h = 0; h < mem.memoryHeapCount; ++h) {
    info.heaps.push_back({.size = mem.memoryHeaps[h].size,
                          .deviceLocal = bool(mem.memoryHeaps[h].flags & vk::MemoryHeapFlagBits::eDeviceLocal)});
  }
  if (props.apiVersion < kMinApiVersion) {
    info.rejection = fmt::format("supports Vulkan {} only; fieldbench needs 1.1", info.apiVersion);
  } else if (const auto families = pd.getQueueFamilyProperties(); const auto roles = chooseQueueRoles(families)) {
    info.queues = describeQueueRoles(*roles);
  } else {
    info.rejection = "no queue family supports compute";
  }
  return info;
}

vk::DebugUtilsMessengerCreateInfoEXT messengerInfo(void* log) {
  using Sev = vk::DebugUtilsMessageSeverityFlagBitsEXT;
  using Type = vk::DebugUtilsMessageTypeFlagBitsEXT;
  return {.messageSeverity = Sev::eWarning | Sev::eError,
          .messageType = Type::eGeneral | Type::eValidation | Type::ePerformance,
          .pfnUserCallback = &onValidationMessage,
          .pUserData = log};
}

vk::raii::Instance createInstance(const vk::raii::Context& loader, bool validation, void* log,
                                  bool synchronization = false) {
  const vk::ApplicationInfo app{.pApplicationName = "fieldbench",
                                .applicationVersion = 1,
                                .pEngineName = "fieldbench",
                                .apiVersion = VK_API_VERSION_1_2};
  std::vector<const char*> layers, extensions;
  if (validation) {
    const auto available = loader.enumerateInstanceLayerProperties();
    const bool found = std::any_of(available.begin(), available.end(), [](const vk::LayerProperties& l) {
      return std::string_view(l.layerName.data()) == kValidationLayer;
    });
    if (!found) {
      throw Error(ExitCode::kRuntime, fmt::format("validation requested but {} is not installed "
                                                  "(Debian package vulkan-validationlayers)",
                                                  kValidationLayer));
    }
    layers.push_back(kValidationLayer);
    extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    if (synchronization) extensions.push_back(VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME);  // the layer's own
  }
  // Chained into the instance so messages from vkCreateInstance itself are caught too.
  auto instanceMessenger = messengerInfo(log);
  // Synchronization validation adds to the core checks (VK_EXT_validation_features, implemented by the layer).
  const vk::ValidationFeatureEnableEXT syncEnable = vk::ValidationFeatureEnableEXT::eSynchronizationValidation;
  vk::ValidationFeaturesEXT features{};
  features.setEnabledValidationFeatures(syncEnable);
  if (synchronization) instanceMessenger.pNext = &features;
  const vk::InstanceCreateInfo info{.pNext = validation ? &instanceMessenger : nullptr,
                                    .pApplicationInfo = &app};
  auto ci = info;
  ci.setPEnabledLayerNames(layers).setPEnabledExtensionNames(extensions);
  try {
    return vk::raii::Instance(loader, ci);
  } catch (const vk::SystemError& e) {
    throw Error(ExitCode::kNoDevice, fmt::format("cannot create a Vulkan instance: {}", e.what()));
  }
}

std::vector<vk::raii::PhysicalDevice> enumerate(const vk::raii::Instance& instance) {
  try {
    return vk::raii::PhysicalDevices(instance);
  } catch (const vk::SystemError& e) {
    throw Error(ExitCode::kNoDevice, fmt::format("cannot enumerate Vulkan devices: {}", e.what()));
  }
}

std::string listing(const std::vector<DeviceInfo>& infos) {
  std::string s;
  for (const auto& d : infos) {
    s += fmt::format("{}{}: {} ({}{}{})", s.empty() ? "" : "; ", d.index, d.name, d.type,
                     d.rejection.empty() ? "" : ", unusable: ", d.rejection);
  }
  return s.empty() ? "none" : s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}

// A selector or uuid as 32 lower-case hex digits without dashes, or empty when it is not a UUID.
std::string normalizedUuid(std::string_view s) {
  std::string hex;
  for (const char c : s) {
    if (c == '-') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return {};
    hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return hex.size() == 2 * VK_UUID_SIZE ? hex : std::string();
}

// Index into infos of the chosen device; throws with every device's story when none fits.
std::size_t choose(const std::vector<DeviceInfo>& infos, const std::vector<vk::PhysicalDeviceType>& types,
                   const std::string& selector) {
  if (infos.empty()) throw Error(ExitCode::kNoDevice, "no Vulkan device found (install a driver; mesa-vulkan-drivers provides lavapipe)");
  std::vector<std::size_t> candidates;
  const bool byIndex = !selector.empty() && std::all_of(selector.begin(), selector.end(), [](unsigned char c) { return std::isdigit(c); });
  const std::string uuid = normalizedUuid(selector);
  for (std::size_t i = 0; i < infos.size(); ++i) {
    const bool matches = !uuid.empty() ? normalizedUuid(infos[i].uuid) == uuid
                         : byIndex     ? std::to_string(i) == selector
                                       : lower(infos[i].name).find(lower(selector)) != std::string::npos;
    if (selector.empty() || matches) {
      candidates.push_back(i);
    }
  }
  if (candidates.empty()) {
    throwUsage(fmt::format("--device '{}' matches no device; devices: {}", selector, listing(infos)));
  }
  std::optional<std::size_t> best;
  for (auto i : candidates) {
    if (!infos[i].rejection.empty()) continue;
    if (!best || typeRank(types[i]) < typeRank(types[*best])) best = i;
  }
  if (!best) throw Error(ExitCode::kNoDevice, fmt::format("no usable Vulkan device: {}", listing(infos)));
  return *best;
}

// The optional device extensions fieldbench enables where present, and what they bring.
struct DeviceExtensions {
  std::vector<const char*> names;
  std::uint64_t hostImportAlignment = 0;  // VK_EXT_external_memory_host; 0 without it
  bool calibratedTimestamps = false;      // VK_EXT_calibrated_timestamps with device + CLOCK_MONOTONIC
  bool pipelineExecutableInfo = false;    // VK_KHR_pipeline_executable_properties with its feature
};

DeviceExtensions chooseExtensions(const vk::raii::PhysicalDevice& pd) {
  DeviceExtensions out;
  for (const auto& e : pd.enumerateDeviceExtensionProperties()) {
    const std::string_view name(e.extensionName.data());
    if (name == VK_EXT_EXTERNAL_MEMORY_HOST_EXTENSION_NAME) {
      out.names.push_back(VK_EXT_EXTERNAL_MEMORY_HOST_EXTENSION_NAME);
      out.hostImportAlignment = pd.getProperties2<vk::PhysicalDeviceProperties2,
                                                  vk::PhysicalDeviceExternalMemoryHostPropertiesEXT>()
                                    .get<vk::PhysicalDeviceExternalMemoryHostPropertiesEXT>()
                                    .minImportedHostPointerAlignment;
    }
    if (name == VK_EXT_CALIBRATED_TIMESTAMPS_EXTENSION_NAME) {
      const auto domains = pd.getCalibrateableTimeDomainsEXT();
      auto has = [&](vk::TimeDomainEXT d) { return std::find(domains.begin(), domains.end(), d) != domains.end(); };
      if (has(vk::TimeDomainEXT::eDevice) && has(vk::TimeDomainEXT::eClockMonotonic)) {
        out.names.push_back(VK_EXT_CALIBRATED_TIMESTAMPS_EXTENSION_NAME);
        out.calibratedTimestamps = true;
      }
    }
    if (name == VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME &&
        pd.getFeatures2<vk::PhysicalDeviceFeatures2, vk::PhysicalDevicePipelineExecutablePropertiesFeaturesKHR>()
                .get<vk::PhysicalDevicePipelineExecutablePropertiesFeaturesKHR>()
                .pipelineExecutableInfo == VK_TRUE) {
      out.names.push_back(VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME);
      out.pipelineExecutableInfo = true;
    }
  }
  return out;
}

}  // namespace

std::optional<QueueRoles> chooseQueueRoles(std::span<const vk::QueueFamilyProperties> families) {
  using Q = vk::QueueFlagBits;
  std::optional<std::uint32_t> compute, transfer;
  for (std::uint32_t i = 0; i < families.size(); ++i) {
    const auto flags = families[i].queueFlags;
    if (families[i].queueCount == 0) continue;
    if (flags & Q::eCompute) {
      if (!compute || (families[*compute].timestampValidBits == 0 && families[i].timestampValidBits != 0)) compute = i;
    } else if ((flags & Q::eTransfer) && !(flags & Q::eGraphics) && !transfer) {
      transfer = i;
    }
  }
  if (!compute) return std::nullopt;
  QueueRoles roles{.compute = {*compute, 0}, .upload = {*compute, 0}, .download = {*compute, 0}};
  roles.create.emplace_back(*compute, 1);
  if (transfer) {
    const std::uint32_t count = std::min<std::uint32_t>(2, families[*transfer].queueCount);
    roles.upload = {*transfer, 0};
    roles.download = {*transfer, count - 1};
    roles.transferFamily = true;
    roles.create.emplace_back(*transfer, count);
  }
  return roles;
}

std::string describeQueueRoles(const QueueRoles& roles) {
  const char* where = roles.transferFamily ? " (transfer-only)" : " (the compute queue)";
  return fmt::format("compute family {} queue {}; upload family {} queue {}{}; download family {} queue {}{}",
                     roles.compute.family, roles.compute.index, roles.upload.family, roles.upload.index, where,
                     roles.download.family, roles.download.index, where);
}

Context::Context(const ContextOptions& options)
    : log_(std::make_shared<ValidationLog>()), loader_(openLoader()) {
  instance_ = createInstance(loader_, options.validation, &log_->messages,
                             options.validation && options.synchronizationValidation);
  if (options.validation) messenger_ = vk::raii::DebugUtilsMessengerEXT(instance_, messengerInfo(&log_->messages));
  auto physicalDevices = enumerate(instance_);
  std::vector<DeviceInfo> infos;
  std::vector<vk::PhysicalDeviceType> types;
  for (std::uint32_t i = 0; i < physicalDevices.size(); ++i) {
    infos.push_back(describe(physicalDevices[i], i));
    types.push_back(physicalDevices[i].getProperties().deviceType);
  }
  const std::size_t chosen = choose(infos, types, options.deviceSelector);
  physicalDevice_ = std::move(physicalDevices[chosen]);
  info_ = infos[chosen];
  properties_ = physicalDevice_.getProperties();
  memoryProperties_ = physicalDevice_.getMemoryProperties();
  roles_ = *chooseQueueRoles(physicalDevice_.getQueueFamilyProperties());
  queueFamily_ = roles_.compute.family;
  timestampValidBits_ = physicalDevice_.getQueueFamilyProperties()[queueFamily_].timestampValidBits;

  const std::vector<float> priorities(16, 1.0f);
  std::vector<vk::DeviceQueueCreateInfo> queueInfos;
  for (const auto& [family, count] : roles_.create) {
    queueInfos.push_back({.queueFamilyIndex = family, .queueCount = count, .pQueuePriorities = priorities.data()});
  }
  const auto ext = chooseExtensions(physicalDevice_);
  hostImportAlignment_ = ext.hostImportAlignment;
  calibratedTimestamps_ = ext.calibratedTimestamps;
  pipelineExecutableInfo_ = ext.pipelineExecutableInfo;
  // Features: only what a kernel of the table may need, where the device has it.
  const vk::PhysicalDeviceFeatures has = physicalDevice_.getFeatures();
  shaderInt64_ = has.shaderInt64 == VK_TRUE;
  shaderFloat64_ = has.shaderFloat64 == VK_TRUE;
  const vk::PhysicalDeviceFeatures features{.shaderFloat64 = has.shaderFloat64, .shaderInt64 = has.shaderInt64};
  if (properties_.apiVersion >= VK_API_VERSION_1_2) {
    roundingModeRtzFloat64_ =
        shaderFloat64_ && physicalDevice_.getProperties2<vk::PhysicalDeviceProperties2, vk::PhysicalDeviceVulkan12Properties>()
                                  .get<vk::PhysicalDeviceVulkan12Properties>()
                                  .shaderRoundingModeRTZFloat64 == VK_TRUE;
    timelineSemaphores_ = physicalDevice_.getFeatures2<vk::PhysicalDeviceFeatures2, vk::PhysicalDeviceVulkan12Features>()
                              .get<vk::PhysicalDeviceVulkan12Features>()
                              .timelineSemaphore == VK_TRUE;
  }
  // pNext chain: [pipelineExecutableInfo] -> [timelineSemaphore], each only where the device has it.
  vk::PhysicalDeviceVulkan12Features features12{.timelineSemaphore = VK_TRUE};
  vk::PhysicalDevicePipelineExecutablePropertiesFeaturesKHR executableFeatures{.pipelineExecutableInfo = VK_TRUE};
  void* chain = nullptr;
  if (timelineSemaphores_) chain = &features12;
  if (pipelineExecutableInfo_) executableFeatures.pNext = std::exchange(chain, &executableFeatures);
  vk::DeviceCreateInfo deviceInfo{.pNext = chain, .pEnabledFeatures = &features};
  deviceInfo.setQueueCreateInfos(queueInfos).setPEnabledExtensionNames(ext.names);
  try {
    faultPoint("device");
    device_ = vk::raii::Device(physicalDevice_, deviceInfo);
  } catch (const vk::SystemError& e) {
    const auto r = static_cast<vk::Result>(e.code().value());
    // Out of memory or a lost device is a runtime failure (exit 4); anything else means no usable device.
    if (r == vk::Result::eErrorOutOfHostMemory || r == vk::Result::eErrorOutOfDeviceMemory ||
        r == vk::Result::eErrorDeviceLost) {
      throwDeviceFault(fmt::format("creating the device on {}", info_.name), e);
    }
    throw Error(ExitCode::kNoDevice, fmt::format("cannot create a device on {}: {}", info_.name, e.what()));
  }
  if (!timelineSemaphores_) info_.queues += "; no timeline semaphores: round trips unchunked";
  queue_ = device_.getQueue(queueFamily_, 0);
  uploadQueue_ = device_.getQueue(roles_.upload.family, roles_.upload.index);
  downloadQueue_ = device_.getQueue(roles_.download.family, roles_.download.index);
  commandPool_ = vk::raii::CommandPool(
      device_, vk::CommandPoolCreateInfo{.flags = vk::CommandPoolCreateFlagBits::eResetCommandBuffer,
                                         .queueFamilyIndex = queueFamily_});
  auto poolFor = [&](std::uint32_t family) {
    return vk::raii::CommandPool(device_, vk::CommandPoolCreateInfo{
                                              .flags = vk::CommandPoolCreateFlagBits::eResetCommandBuffer,
                                              .queueFamilyIndex = family});
  };
  if (roles_.upload.family != queueFamily_) uploadPool_ = poolFor(roles_.upload.family);
  if (roles_.download.family != queueFamily_ && roles_.download.family != roles_.upload.family) {
    downloadPool_ = poolFor(roles_.download.family);
  }
}

std::vector<std::uint32_t> Context::queueFamilies() const {
  std::vector<std::uint32_t> families;
  for (const auto& [family, count] : roles_.create) families.push_back(family);
  return families;
}

Context::~Context() = default;

const std::vector<std::string>& Context::validationMessages() const { return log_->messages; }

std::shared_ptr<const std::vector<std::string>> Context::validationLog() const {
  return {log_, &log_->messages};
}

std::vector<DeviceInfo> listDevices() {
  std::vector<std::string> unused;
  auto loader = openLoader();
  auto instance = createInstance(loader, false, &unused);
  auto physicalDevices = enumerate(instance);
  std::vector<DeviceInfo> infos;
  for (std::uint32_t i = 0; i < physicalDevices.size(); ++i) infos.push_back(describe(physicalDevices[i], i));
  return infos;
}

}  // namespace fieldbench
