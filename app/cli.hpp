#pragma once
// The command line (CLI11) turned into RunOptions; no Vulkan, no output but help.
#include <optional>
#include <string>
#include <vector>

#include "fieldbench/options.hpp"

namespace fieldbench {

struct Command {
  RunOptions options;
  bool listDevices = false;
  std::optional<std::string> message;  // --help or --version text: print it and exit 0
};

// args[0] is the program name. Throws Error(kUsage) with one line naming the
// bad value and what is allowed.
Command parseCommandLine(const std::vector<std::string>& args);

// The exit-code table, shared by --help and the README.
inline constexpr const char* kExitCodeHelp =
    "Exit codes: 0 success; 1 a verification mismatch; 2 a usage error (bad option or value, "
    "bad file, a size the device cannot hold); 3 no usable Vulkan device or loader; 4 a Vulkan "
    "or system error during the run (device lost, out of memory, --timeout passed, validation "
    "messages), naming the step; 130 interrupted by Ctrl-C (--output keeps the finished sizes, "
    "marked incomplete).";

}  // namespace fieldbench
