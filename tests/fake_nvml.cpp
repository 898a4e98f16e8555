// A stand-in for libnvidia-ml.so.1 with the functions GpuClockReader uses: two devices, the
// second with the UUID in FAKE_NVML_UUID, SM and memory clocks 1755 and 3201 MHz.
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {
int devices[2];
}

extern "C" {
int nvmlInit_v2() { return 0; }
int nvmlShutdown() { return 0; }
int nvmlDeviceGetCount_v2(unsigned* count) {
  *count = 2;
  return 0;
}
int nvmlDeviceGetHandleByIndex_v2(unsigned index, void** device) {
  if (index >= 2) return 2;  // NVML_ERROR_INVALID_ARGUMENT
  *device = &devices[index];
  return 0;
}
int nvmlDeviceGetUUID(void* device, char* uuid, unsigned length) {
  const char* env = std::getenv("FAKE_NVML_UUID");
  const char* text = device == &devices[1] && env != nullptr ? env : "00000000-0000-0000-0000-000000000000";
  std::snprintf(uuid, length, "GPU-%s", text);
  return 0;
}
int nvmlDeviceGetClockInfo(void* device, int type, unsigned* mhz) {
  if (device != &devices[1]) return 999;  // only the matched device is ever asked
  *mhz = type == 1 ? 1755 : 3201;
  return 0;
}
}
