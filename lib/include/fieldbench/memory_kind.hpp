#pragma once
// The memory kinds a round trip can use: each a small record with a key, what it
// does, and whether a device can provide it (nvbandwidth's Testcase pattern).
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fieldbench/buffer.hpp"
#include "fieldbench/options.hpp"
#include "fieldbench/vulkan.hpp"

namespace fieldbench {

class Context;

// What the support checks look at: the device's memory types and host import.
// Built from a Context, or by hand in tests (a fake device).
struct MemoryCapabilities {
  std::string deviceName;
  vk::PhysicalDeviceMemoryProperties memory{};
  bool hostImport = false;  // VK_EXT_external_memory_host
};
MemoryCapabilities memoryCapabilities(const Context& context);

// A device-local host-visible heap this small is the legacy 256 MiB BAR window, not resizable BAR.
inline constexpr std::uint64_t kMinRebarHeapBytes = 256ull << 20;

struct MemoryKindInfo {
  MemoryKind kind;
  std::string_view key;          // as --memory takes it
  std::string_view description;
  // The round trip's steps: host memcpy of the operands into Vulkan memory, copy-engine upload
  // to device-local buffers, copy-engine download from them, host memcpy of the result out.
  bool hostCopyIn, upload, download, hostCopyOut;
  // Empty when supported; otherwise which memory type or extension is missing.
  std::string (*unsupportedReason)(const MemoryCapabilities& caps);
};

// Every kind, in the order `--memory all` runs them.
std::span<const MemoryKindInfo> memoryKinds();
const MemoryKindInfo& memoryKindInfo(MemoryKind kind);

// A memory kind asked for that the device cannot provide, and why.
struct SkippedMemory {
  MemoryKind memory = MemoryKind::kDeviceLocal;
  std::string reason;
};

// The kinds of `asked` the device provides, in order; the others appended to `skipped`.
// Throws Error(kUsage) with every reason when none is left.
std::vector<MemoryKind> supportedKinds(std::span<const MemoryKind> asked, const MemoryCapabilities& caps,
                                       std::vector<SkippedMemory>& skipped);

// What --memory auto runs: imported where the device supports it (no host copy, the fastest
// round trip measured on NVIDIA), else device-local.
MemoryKind autoMemoryKind(const MemoryCapabilities& caps);

// Memory requests of the rebar kind's input buffers.
MemoryRequest rebarMemory();

}  // namespace fieldbench
