#include "fieldbench/memory_kind.hpp"

#include <fmt/format.h>

#include <array>

#include "fieldbench/buffer.hpp"
#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"

namespace fieldbench {
namespace {

using Mem = vk::MemoryPropertyFlagBits;

bool hasType(const vk::PhysicalDeviceMemoryProperties& p, vk::MemoryPropertyFlags flags,
             std::uint64_t minHeap = 0) {
  for (std::uint32_t i = 0; i < p.memoryTypeCount; ++i) {
    const auto& t = p.memoryTypes[i];
    if ((t.propertyFlags & flags) == flags && p.memoryHeaps[t.heapIndex].size > minHeap) return true;
  }
  return false;
}

std::string needsDeviceLocal(const MemoryCapabilities& caps) {
  if (!hasType(caps.memory, Mem::eDeviceLocal)) {
    return fmt::format("{} has no device-local memory type", caps.deviceName);
  }
  if (!hasType(caps.memory, Mem::eHostVisible | Mem::eHostCoherent)) {
    return fmt::format("{} has no host-visible host-coherent memory type for staging", caps.deviceName);
  }
  return {};
}

std::string needsHostVisible(const MemoryCapabilities& caps) {
  if (!hasType(caps.memory, Mem::eHostVisible | Mem::eHostCoherent)) {
    return fmt::format("{} has no host-visible host-coherent memory type", caps.deviceName);
  }
  return {};
}

std::string needsRebar(const MemoryCapabilities& caps) {
  if (!hasType(caps.memory, Mem::eDeviceLocal | Mem::eHostVisible | Mem::eHostCoherent)) {
    return fmt::format("{} has no device-local host-visible host-coherent memory type (resizable BAR)",
                       caps.deviceName);
  }
  if (!hasType(caps.memory, Mem::eDeviceLocal | Mem::eHostVisible | Mem::eHostCoherent, kMinRebarHeapBytes)) {
    return fmt::format("{}'s device-local host-visible memory is only the {} MiB BAR window (resizable BAR is off)",
                       caps.deviceName, kMinRebarHeapBytes >> 20);
  }
  return needsDeviceLocal(caps);
}

std::string needsImport(const MemoryCapabilities& caps) {
  if (!caps.hostImport) return fmt::format("{} does not support VK_EXT_external_memory_host", caps.deviceName);
  return needsDeviceLocal(caps);
}

constexpr std::array<MemoryKindInfo, 4> kKinds{{
    {.kind = MemoryKind::kDeviceLocal, .key = "device-local",
     .description = "device-local buffers, staged through Vulkan host-visible buffers (readback: host-cached)",
     .hostCopyIn = true, .upload = true, .download = true, .hostCopyOut = true, .unsupportedReason = needsDeviceLocal},
    {.kind = MemoryKind::kHostVisible, .key = "host-visible",
     .description = "the shader reads and writes Vulkan host-visible memory over the bus (zero copy on the GPU)",
     .hostCopyIn = true, .upload = false, .download = false, .hostCopyOut = true, .unsupportedReason = needsHostVisible},
    {.kind = MemoryKind::kRebar, .key = "rebar",
     .description = "operands written by the CPU straight into device-local host-visible memory (resizable BAR)",
     .hostCopyIn = true, .upload = false, .download = true, .hostCopyOut = true, .unsupportedReason = needsRebar},
    {.kind = MemoryKind::kImported, .key = "imported",
     .description = "the caller's host arrays imported (VK_EXT_external_memory_host), copied by the copy engine",
     .hostCopyIn = false, .upload = true, .download = true, .hostCopyOut = false, .unsupportedReason = needsImport},
}};

}  // namespace

MemoryCapabilities memoryCapabilities(const Context& context) {
  return {.deviceName = context.info().name, .memory = context.memoryProperties(), .hostImport = context.hostImport()};
}

std::span<const MemoryKindInfo> memoryKinds() { return kKinds; }

MemoryKind autoMemoryKind(const MemoryCapabilities& caps) {
  return needsImport(caps).empty() ? MemoryKind::kImported : MemoryKind::kDeviceLocal;
}

const MemoryKindInfo& memoryKindInfo(MemoryKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k;
  }
  return kKinds[0];
}

std::vector<MemoryKind> supportedKinds(std::span<const MemoryKind> asked, const MemoryCapabilities& caps,
                                       std::vector<SkippedMemory>& skipped) {
  std::vector<MemoryKind> kinds;
  std::string reasons;
  for (const auto kind : asked) {
    if (auto why = memoryKindInfo(kind).unsupportedReason(caps); !why.empty()) {
      reasons += fmt::format("{}--memory {}: {}", reasons.empty() ? "" : "; ", toString(kind), why);
      skipped.push_back({.memory = kind, .reason = std::move(why)});
    } else {
      kinds.push_back(kind);
    }
  }
  if (kinds.empty()) throwUsage(reasons.empty() ? std::string("no memory kinds to run") : reasons);
  return kinds;
}

MemoryRequest rebarMemory() {
  return {.required = Mem::eDeviceLocal | Mem::eHostVisible | Mem::eHostCoherent, .preferred = {}, .avoided = {}};
}

}  // namespace fieldbench
