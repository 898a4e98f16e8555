#pragma once
// fieldbench::Error and the process exit codes it maps to (README, --help).
#include <stdexcept>
#include <string>

namespace fieldbench {

enum class ExitCode : int {
  kSuccess = 0,   // every output matched the reference
  kMismatch = 1,  // a verification mismatch
  kUsage = 2,     // bad option or value, bad input file, size the device cannot hold
  kNoDevice = 3,  // no Vulkan loader or no usable device
  kRuntime = 4,   // a Vulkan or system error during the run (validation messages too)
  kInterrupted = 130,  // Ctrl-C (SIGINT): stopped after the current size; --output keeps the finished ones
};

// The one exception type the library throws on purpose; main maps it to its code.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  [[nodiscard]] ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

[[noreturn]] inline void throwUsage(const std::string& message) { throw Error(ExitCode::kUsage, message); }

}  // namespace fieldbench
