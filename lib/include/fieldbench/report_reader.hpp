#pragma once
// Reading fieldbench JSON reports back (for compare, plot and --baseline): the one place that parses JSON.
#include <string>

#include "fieldbench/compare.hpp"

namespace fieldbench {

// The report in `text`; `label` (the path) starts every message. Throws Error(kUsage) with one
// line naming the file for malformed JSON, a JSON from another tool or a field of the wrong kind.
BenchmarkFile parseReport(const std::string& label, const std::string& text);
// The same, read from `path` (a missing, unreadable file or a directory is a usage error naming it).
BenchmarkFile loadReport(const std::string& path);

}  // namespace fieldbench
