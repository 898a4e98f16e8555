#pragma once
// The command line (CLI11) turned into RunOptions; no Vulkan, no output but help.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fieldbench/options.hpp"

namespace fieldbench {

// --runs: default and bound. One run keeps the default sweep short; CI compares ask for more
// (docs/ci.md), so that compare can test between runs.
inline constexpr std::uint32_t kDefaultRuns = 1;
inline constexpr std::uint32_t kMaxRuns = 100;

struct Command {
  RunOptions options;
  bool listDevices = false;
  bool listOps = false;  // --list-ops: print fields and ops and exit
  bool verbose = false;  // --list-ops --verbose: also each kernel's pipeline statistics on the device
  bool quiet = false;           // nothing but errors on stderr, no report on stdout
  std::string baseline;         // --baseline: compare the run with this report afterwards
  double thresholdPercent = 5;  // --threshold, with --baseline
  std::uint32_t runs = kDefaultRuns;  // --runs: the sweep this many times, each in a fresh context
  std::optional<std::string> message;  // --help or --version text: print it and exit 0
};

// args[0] is the program name. Throws Error(kUsage) with one line naming the
// bad value and what is allowed.
Command parseCommandLine(const std::vector<std::string>& args);

// The --list-ops text: every field (name, bits, element bytes) and op.
std::string listOpsText();

// The exit-code table, shared by --help and the README.
inline constexpr const char* kExitCodeHelp =
    "Exit codes: 0 success; 1 a verification mismatch; 2 a usage error (bad option or value, "
    "bad file, a size the device cannot hold, a --shader that does not compile or does not match the "
    "interface); 3 no usable Vulkan device or loader; 4 a Vulkan "
    "or system error during the run (device lost, out of memory, --timeout passed, validation "
    "messages), naming the step; 130 interrupted by Ctrl-C (--output keeps the finished sizes, "
    "marked incomplete). With --baseline: 1 also for a regression, "
    "2 for a baseline that cannot be read or compared. Commands: fieldbench compare BASELINE.json CURRENT.json, "
    "fieldbench plot RESULT.json ... -o chart.svg (each with --help).";

}  // namespace fieldbench
