#pragma once
// A GPU that does not finish within --timeout. Unwinding then would destroy buffers, pipelines
// and the device while the GPU still runs the work that uses them (a crash or a hang: lavapipe
// joins its queue thread), so the program may install a handler that ends the process at
// once; the operating system then releases the device. Without one, the error is thrown.
#include <string>

namespace fieldbench {

// Called with the message (the step waited for, and --timeout); it should not return.
using GpuTimeoutHandler = void (*)(const std::string& message);
// The program's choice (app/main.cpp installs one); nullptr restores throwing.
void setGpuTimeoutHandler(GpuTimeoutHandler handler);
// The handler if one is installed, then (or else) throws Error(kRuntime, message).
[[noreturn]] void gpuTimedOut(const std::string& message);

}  // namespace fieldbench
