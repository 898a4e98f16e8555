#pragma once
// The subcommands that read reports instead of running: `fieldbench compare` and `fieldbench plot`.
#include <ostream>
#include <string>
#include <vector>

namespace fieldbench {

// args[0] is "compare". Returns the exit code (CompareExit); throws Error(kUsage) for bad
// options and files, which main reports in one line with exit code 2.
int runCompareCommand(const std::vector<std::string>& args, std::ostream& out);

// args[0] is "plot". Writes the SVG file whole or not at all; returns 0, throws Error(kUsage).
int runPlotCommand(const std::vector<std::string>& args, std::ostream& out);

// Percent, 0 or more (the --threshold of compare and of a run with --baseline), or Error(kUsage).
double parseThresholdPercent(const std::string& text);

}  // namespace fieldbench
