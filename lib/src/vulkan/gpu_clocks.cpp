#include "fieldbench/gpu_clocks.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <array>
#include <cctype>

namespace fieldbench {
namespace {

// The part of NVML's C API used here (nvml.h, stable since NVML 2): return 0 is NVML_SUCCESS;
// clock types NVML_CLOCK_SM = 1 and NVML_CLOCK_MEM = 2.
using NvmlDevice = struct NvmlDeviceOpaque*;
using InitFn = int (*)();
using ShutdownFn = int (*)();
using CountFn = int (*)(unsigned*);
using HandleFn = int (*)(unsigned, NvmlDevice*);
using UuidFn = int (*)(NvmlDevice, char*, unsigned);
using ClockFn = int (*)(NvmlDevice, int, unsigned*);
constexpr int kClockSm = 1, kClockMemory = 2;

}  // namespace

std::string uuidHex(std::string_view uuid) {
  if (uuid.starts_with("GPU-")) uuid.remove_prefix(4);
  std::string hex;
  for (const char c : uuid) {
    if (c == '-') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return {};
    hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return hex.size() == 32 ? hex : std::string();
}

struct GpuClockReader::Impl {
  void* library = nullptr;
  ShutdownFn shutdown = nullptr;
  ClockFn clock = nullptr;
  NvmlDevice device = nullptr;
  ~Impl() {
    if (shutdown) shutdown();
    if (library) dlclose(library);
  }
};

GpuClockReader::GpuClockReader(std::string_view uuid, const char* library) {
  auto impl = std::make_unique<Impl>();
  impl->library = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (impl->library == nullptr) {
    source_ = fmt::format("unknown: no {}", library);
    return;
  }
  auto symbol = [&](const char* name) { return dlsym(impl->library, name); };
  const auto init = reinterpret_cast<InitFn>(symbol("nvmlInit_v2"));
  const auto count = reinterpret_cast<CountFn>(symbol("nvmlDeviceGetCount_v2"));
  const auto handle = reinterpret_cast<HandleFn>(symbol("nvmlDeviceGetHandleByIndex_v2"));
  const auto uuidOf = reinterpret_cast<UuidFn>(symbol("nvmlDeviceGetUUID"));
  impl->clock = reinterpret_cast<ClockFn>(symbol("nvmlDeviceGetClockInfo"));
  if (!init || !count || !handle || !uuidOf || !impl->clock) {
    source_ = fmt::format("unknown: {} lacks the NVML functions used", library);
    return;
  }
  if (const int st = init(); st != 0) {
    source_ = fmt::format("unknown: nvmlInit failed ({})", st);
    return;
  }
  impl->shutdown = reinterpret_cast<ShutdownFn>(symbol("nvmlShutdown"));
  const std::string wanted = uuidHex(uuid);
  unsigned devices = 0;
  if (count(&devices) != 0) devices = 0;
  for (unsigned i = 0; i < devices && !wanted.empty(); ++i) {
    NvmlDevice d = nullptr;
    std::array<char, 96> text{};
    if (handle(i, &d) != 0 || uuidOf(d, text.data(), text.size()) != 0) continue;
    if (uuidHex(text.data()) == wanted) impl->device = d;
  }
  if (impl->device == nullptr) {
    source_ = "unknown: no NVML device has this device's UUID";
    return;
  }
  source_ = "nvml";
  impl_ = std::move(impl);
}

GpuClockReader::~GpuClockReader() = default;

GpuClocks GpuClockReader::read() const {
  GpuClocks c;
  if (!impl_) return c;
  unsigned sm = 0, memory = 0;
  if (impl_->clock(impl_->device, kClockSm, &sm) == 0) c.smMHz = sm;
  if (impl_->clock(impl_->device, kClockMemory, &memory) == 0) c.memoryMHz = memory;
  return c;
}

}  // namespace fieldbench
