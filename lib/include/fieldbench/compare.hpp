#pragma once
// fieldbench-compare's logic: two reports' medians matched by benchmark, a verdict for
// each, and the table and JSON writers. Reading the JSON files is the executable's job
// (app/compare_main.cpp), so the library and fieldbench itself stay free of a JSON parser.
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

namespace fieldbench {

// fieldbench-compare's exit codes (README "Comparing runs", --help).
enum class CompareExit : int {
  kNoRegression = 0,  // nothing slower than the threshold, every candidate figure verified
  kRegression = 1,    // a regression, or a candidate benchmark that did not verify
  kUsage = 2,         // bad option or value, a file missing, unreadable or not a fieldbench report
};

inline constexpr const char* kCompareExitCodeHelp =
    "Exit codes: 0 no regression; 1 at least one regression or unverified candidate benchmark; "
    "2 a usage error or a file that is missing, unreadable or not a fieldbench JSON report.";

// What identifies a benchmark across runs (the JSON fields op, memory, elements, measure).
struct BenchmarkKey {
  std::string op, memory;
  std::uint64_t elements = 0;
  std::string measure;

  [[nodiscard]] std::string name() const;  // field_add/device-local/1024/kernel
  friend auto operator<=>(const BenchmarkKey& a, const BenchmarkKey& b) {
    return std::tie(a.op, a.memory, a.elements, a.measure) <=> std::tie(b.op, b.memory, b.elements, b.measure);
  }
  friend bool operator==(const BenchmarkKey&, const BenchmarkKey&) = default;
};

// One benchmark of a report: its median, or no figure when its case failed verification.
struct BenchmarkEntry {
  BenchmarkKey key;
  std::optional<double> medianNs;  // the "median" aggregate's real_time; empty for an error entry
  bool verified = true;            // false: error_occurred, or "verified": false
};

// The part of a fieldbench JSON report the comparison needs.
struct BenchmarkFile {
  std::string label;       // the path as given, for messages
  std::string deviceName;  // context.device.name; empty when the file has none
  std::vector<BenchmarkEntry> entries;
};

enum class Verdict { kSame, kImprovement, kRegression, kUnverified, kAdded, kRemoved };
[[nodiscard]] const char* toString(Verdict v);

struct CompareOptions {
  double thresholdPercent = 5;  // a change beyond +-threshold is a regression or improvement
  std::vector<std::string> measures = {"kernel", "roundtrip"};
};

struct ComparisonRow {
  BenchmarkKey key;
  std::optional<double> baselineNs, candidateNs;  // medians; empty where that file has none
  std::optional<double> changePercent;            // (candidate - baseline) / baseline, in percent
  Verdict verdict = Verdict::kSame;
};

struct Comparison {
  std::string baselineLabel, candidateLabel;
  std::string baselineDevice, candidateDevice;
  CompareOptions options;
  std::vector<ComparisonRow> rows;  // ordered by op, memory, elements, measure

  [[nodiscard]] std::size_t count(Verdict v) const;
  // Two different device names (a file without one is not a difference).
  [[nodiscard]] bool devicesDiffer() const;
  [[nodiscard]] bool failed() const { return count(Verdict::kRegression) + count(Verdict::kUnverified) > 0; }
  [[nodiscard]] CompareExit exitCode() const {
    return failed() ? CompareExit::kRegression : CompareExit::kNoRegression;
  }
};

// Matches the two files' benchmarks of the selected measures. Throws Error(kUsage) for a
// negative threshold, no measure, or a measure neither file has (a typo would compare nothing).
[[nodiscard]] Comparison compare(const BenchmarkFile& baseline, const BenchmarkFile& candidate,
                                 const CompareOptions& options);

// A header naming both files, one row per benchmark, and a summary line.
void writeComparisonTable(const Comparison& c, std::ostream& out);
// {"baseline", "candidate", "threshold_percent", "measures", "comparisons": [...], "summary"}.
void writeComparisonJson(const Comparison& c, std::ostream& out);

}  // namespace fieldbench
