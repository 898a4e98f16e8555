#pragma once
// The GPU's current clocks from NVIDIA's NVML, opened at run time (libnvidia-ml.so.1) so that
// fieldbench needs nothing NVIDIA's to build or run; elsewhere the clocks are unknown.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace fieldbench {

// MHz; 0 where unknown.
struct GpuClocks {
  std::uint32_t smMHz = 0, memoryMHz = 0;
  [[nodiscard]] bool known() const { return smMHz != 0; }
};

// NVML's device for a Vulkan device, matched by UUID (NVML "GPU-xxxxxxxx-..." against the
// Vulkan deviceUUID); unavailable, with the reason, without the library or a matching device.
class GpuClockReader {
 public:
  // uuid: DeviceInfo::uuid (hex, dashes allowed). library: the NVML to open (tests pass a missing one).
  explicit GpuClockReader(std::string_view uuid, const char* library = "libnvidia-ml.so.1");
  ~GpuClockReader();
  GpuClockReader(const GpuClockReader&) = delete;
  GpuClockReader& operator=(const GpuClockReader&) = delete;

  [[nodiscard]] bool available() const { return impl_ != nullptr; }
  // "nvml", or "unknown: <why>" (no libnvidia-ml.so.1, no NVML device with this UUID, ...).
  [[nodiscard]] const std::string& source() const { return source_; }
  // Now; all zero when unavailable or when NVML fails.
  [[nodiscard]] GpuClocks read() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string source_;
};

// "GPU-5cfcf0d4-1b2c-..." (NVML) or "5cfcf0d4-1b2c-..." (Vulkan): 32 lower-case hex digits, or empty.
std::string uuidHex(std::string_view uuid);

}  // namespace fieldbench
