#include "fieldbench/gpu_timeout.hpp"

#include <atomic>

#include "fieldbench/error.hpp"

namespace fieldbench {
namespace {
std::atomic<GpuTimeoutHandler> gHandler{nullptr};
}  // namespace

void setGpuTimeoutHandler(GpuTimeoutHandler handler) { gHandler = handler; }

void gpuTimedOut(const std::string& message) {
  if (const GpuTimeoutHandler h = gHandler) h(message);
  throw Error(ExitCode::kRuntime, message);
}

}  // namespace fieldbench
