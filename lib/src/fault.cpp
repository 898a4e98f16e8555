#include "fieldbench/fault.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "fieldbench/error.hpp"

namespace fieldbench {
namespace {

struct Fault {
  std::string step;
  vk::Result result = vk::Result::eSuccess;
};

constexpr const char* kVariable = "FIELDBENCH_FAULT";

Fault parseFault(std::string_view text) {
  const auto colon = text.find(':');
  const std::string_view step = text.substr(0, colon);
  const std::string_view result = colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
  const bool knownStep = std::find(std::begin(kFaultSteps), std::end(kFaultSteps), step) != std::end(kFaultSteps);
  std::optional<vk::Result> r;
  if (result == "device_lost") r = vk::Result::eErrorDeviceLost;
  if (result == "out_of_device_memory") r = vk::Result::eErrorOutOfDeviceMemory;
  if (result == "out_of_host_memory") r = vk::Result::eErrorOutOfHostMemory;
  if (result == "timeout" && step == "wait") r = vk::Result::eTimeout;
  if (result == "io" && step == "write") r = vk::Result::eErrorUnknown;
  if (step == "write" && r && *r != vk::Result::eErrorUnknown) r.reset();
  if (!knownStep || !r) {
    throwUsage(fmt::format("invalid {} '{}': expected STEP:RESULT with STEP one of device, allocate, submit, wait "
                           "(results device_lost, out_of_device_memory, out_of_host_memory; wait also timeout) "
                           "or write:io",
                           kVariable, text));
  }
  return {std::string(step), *r};
}

const Fault& configuredFault() {
  static const Fault fault = [] {
    const char* v = std::getenv(kVariable);
    return v == nullptr || *v == '\0' ? Fault{} : parseFault(v);
  }();
  return fault;
}

std::string describe(vk::Result r) {
  switch (r) {
    case vk::Result::eErrorDeviceLost: return "the device was lost (driver reset, GPU fault or hang)";
    case vk::Result::eErrorOutOfDeviceMemory: return "out of device memory";
    case vk::Result::eErrorOutOfHostMemory: return "out of host memory";
    default: return "Vulkan error";
  }
}

constexpr double kMaxSlowdownPercent = 1000;

}  // namespace

double slowdownPercent() {
  static const double percent = [] {
    const char* v = std::getenv("FIELDBENCH_SLOWDOWN");
    if (v == nullptr || *v == '\0') return 0.0;
    char* end = nullptr;
    const double x = std::strtod(v, &end);
    if (end == v || *end != '\0' || !(x > 0 && x <= kMaxSlowdownPercent)) {
      throwUsage(fmt::format("invalid FIELDBENCH_SLOWDOWN '{}': expected a percentage above 0 and at most {}", v,
                             kMaxSlowdownPercent));
    }
    return x;
  }();
  return percent;
}

vk::Result injectedFault(std::string_view step) {
  const auto& f = configuredFault();
  return f.step == step ? f.result : vk::Result::eSuccess;
}

void faultPoint(std::string_view step) {
  const vk::Result r = injectedFault(step);
  if (r == vk::Result::eSuccess || r == vk::Result::eTimeout) return;
  throw vk::SystemError(vk::make_error_code(r), fmt::format("injected by {}", kVariable));
}

void throwDeviceFault(const std::string& what, const vk::SystemError& e) {
  const auto result = static_cast<vk::Result>(e.code().value());
  throw Error(ExitCode::kRuntime, fmt::format("{}: {}: {}", what, describe(result), e.what()));
}

}  // namespace fieldbench
