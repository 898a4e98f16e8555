#pragma once
// Device faults: a Vulkan error at a named step becomes Error(kRuntime) saying what was
// being done. Test aid: FIELDBENCH_FAULT=step:result injects one (docs/reliability.md).
#include <string>
#include <string_view>

#include "fieldbench/vulkan.hpp"

namespace fieldbench {

// Steps a fault can be injected at, in the order a run reaches them.
inline constexpr std::string_view kFaultSteps[] = {"device", "allocate", "submit", "wait", "write"};

// The fault FIELDBENCH_FAULT asks for at `step` (read once per process): eSuccess when none.
// Results: device_lost, out_of_device_memory, out_of_host_memory, timeout (wait only), io (write only).
// Throws Error(kUsage) naming the variable when its value is malformed.
vk::Result injectedFault(std::string_view step);

// Throws the fault injected at `step`, if any, as the vk::SystemError a Vulkan call would.
void faultPoint(std::string_view step);

// Test aid FIELDBENCH_SLOWDOWN=PCT (read once per process): every timed measure is made PCT
// percent slower where it is measured (a busy wait inside the host's round-trip clock, extra
// dispatches inside the kernel's timestamps); 0 when unset. Throws Error(kUsage) naming the
// variable unless PCT is a number above 0 and at most 1000.
double slowdownPercent();

// The error for a Vulkan failure while doing `what` ("submitting the kernel (4096 elements)").
[[noreturn]] void throwDeviceFault(const std::string& what, const vk::SystemError& e);

// Runs f(); a vk::SystemError escaping it becomes Error(kRuntime) naming what() (a callable
// returning the step's description, called only on failure: nothing is formatted on the timed path).
template <typename What, typename F>
decltype(auto) duringStep(What&& what, F&& f) {
  try {
    return f();
  } catch (const vk::SystemError& e) {
    throwDeviceFault(what(), e);
  }
}

}  // namespace fieldbench
