#pragma once
// fieldbench compare's logic: two reports matched benchmark by benchmark, a verdict for each
// (threshold on the medians, Mann-Whitney U over the repetitions), and the table, JSON and
// markdown writers. Reading the JSON files is report_reader's job.
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

namespace fieldbench {

// fieldbench compare's exit codes (README "Comparing runs", --help).
enum class CompareExit : int {
  kNoRegression = 0,  // nothing significantly slower than the threshold, nothing missing, every figure verified
  kRegression = 1,    // a regression, a missing benchmark (without --allow-missing) or an unverified one
  kUsage = 2,         // bad option or value; a file missing, unreadable, not a fieldbench report or incompatible
};

inline constexpr const char* kCompareExitCodeHelp =
    "Exit codes: 0 no regression; 1 at least one benchmark slower (beyond the threshold and significant), "
    "missing from CURRENT (unless --allow-missing) or unverified; 2 a usage error or a file that is missing, "
    "unreadable, not a fieldbench JSON report, or of another device or JSON version (without --force).";

// The version of fieldbench's JSON layout; a report without the field is version 1.
inline constexpr int kJsonSchemaVersion = 1;

// What identifies a benchmark across runs (the JSON fields device_index, op, memory, elements, measure).
struct BenchmarkKey {
  std::string device;  // empty for a one-device report; the device's index for --device all
  std::string op, memory;
  std::uint64_t elements = 0;
  std::string measure;

  [[nodiscard]] std::string name() const;  // field_add/device-local/1024/kernel, device0/field_add/... for --device all
  friend auto operator<=>(const BenchmarkKey& a, const BenchmarkKey& b) {
    return std::tie(a.device, a.op, a.memory, a.elements, a.measure) <=>
           std::tie(b.device, b.op, b.memory, b.elements, b.measure);
  }
  friend bool operator==(const BenchmarkKey&, const BenchmarkKey&) = default;
};

// One benchmark of a report: its median and repetitions, or no figure when its case failed verification.
struct BenchmarkEntry {
  BenchmarkKey key;
  std::optional<double> medianNs;        // the "median" aggregate's real_time; empty for an error entry
  std::vector<double> samplesNs;         // the "iteration" entries' real_time, one per repetition
  std::vector<double> runMediansNs;      // the median of each run_index's repetitions (one for a report of one run)
  std::optional<double> itemsPerSecond;  // the median aggregate's items_per_second (0 for a latency)
  bool verified = true;                  // false: error_occurred, or "verified": false
  std::string variant;                   // the kernel variant that ran; empty in reports older than --variant
};

// The part of a fieldbench JSON report the comparison and the plot need.
struct BenchmarkFile {
  std::string label;                 // the path as given, for messages
  std::string deviceName;            // context.device.name; empty when the file has none
  std::vector<std::string> devices;  // context.devices[].name of a --device all report; else empty
  int schemaVersion = kJsonSchemaVersion;
  std::vector<BenchmarkEntry> entries;
  double slowdownPercent = 0;        // context.slowdown_percent: FIELDBENCH_SLOWDOWN was set (a test aid)

  // The device (or, for --device all, the devices joined by " | ") the figures come from.
  [[nodiscard]] std::string deviceIdentity() const;
};

enum class Verdict { kSame, kFaster, kSlower, kUnverified, kMissing, kNew };
[[nodiscard]] const char* toString(Verdict v);

// Runs a side needs for the test over run medians (else the repetitions are tested, which
// measures within-run noise only).
inline constexpr std::size_t kMinRunsForRunTest = 3;
// Where no between-run noise can be estimated (one run a side), a change must exceed this to
// count: the largest between-process shift measured on lavapipe (27%, docs/method.md) rounded up.
inline constexpr double kDefaultNoiseFloorPercent = 30;

struct CompareOptions {
  double thresholdPercent = 5;  // a change beyond +-threshold (and significant) is slower or faster
  double noiseFloorPercent = kDefaultNoiseFloorPercent;  // --noise-floor: see kDefaultNoiseFloorPercent
  double alpha = 0.05;          // significance level of the Mann-Whitney U test
  std::vector<std::string> measures = {"kernel", "roundtrip"};
  bool allowMissing = false;    // a baseline benchmark absent from the current file does not fail
  bool force = false;           // compare files of different devices or JSON versions
};

struct ComparisonRow {
  BenchmarkKey key;
  std::optional<double> baselineNs, candidateNs;  // medians; empty where that file has none
  std::optional<double> changePercent;            // (candidate - baseline) / baseline, in percent
  std::optional<double> pValue;                   // the U test's, where both sides have enough repetitions
  std::size_t baselineSamples = 0, candidateSamples = 0;
  std::size_t baselineRuns = 0, candidateRuns = 0;
  // What the p-value's test covers: "runs" (run medians, both sides kMinRunsForRunTest or more)
  // or "repetitions" (within-run noise only).
  std::string pScope;
  // Where the verdict had no between-run test: the change it also had to exceed, in percent, and
  // whence: "runs" (the widest spread of a side's run medians) or "floor" (noiseFloorPercent).
  std::optional<double> noisePercent;
  std::string noiseSource;
  std::string baselineVariant, candidateVariant;  // the kernel variants the figures come from
  Verdict verdict = Verdict::kSame;
};

struct Comparison {
  std::string baselineLabel, candidateLabel;
  std::string baselineDevice, candidateDevice;
  int baselineSchema = kJsonSchemaVersion, candidateSchema = kJsonSchemaVersion;
  CompareOptions options;
  std::vector<ComparisonRow> rows;  // ordered by device, op, memory, elements, measure
  std::string forced;               // what --force let through (different devices, versions); empty if nothing
  double baselineSlowdown = 0, candidateSlowdown = 0;  // the files' FIELDBENCH_SLOWDOWN percent (0: none)

  [[nodiscard]] std::size_t count(Verdict v) const;
  [[nodiscard]] bool failed() const;
  [[nodiscard]] CompareExit exitCode() const {
    return failed() ? CompareExit::kRegression : CompareExit::kNoRegression;
  }
};

// Several reports of one side as one, for processes run interleaved with the other side's
// (base, current, base, current, ...: a change of the machine's load falls on both sides).
// Each benchmark's runs are the files' runs in order, its median the median of all their
// repetitions. The files must come from the same device, JSON version, slowdown and benchmarks
// (the same arguments); otherwise Error(kUsage) naming the file. One file is returned as it is.
[[nodiscard]] BenchmarkFile poolRuns(std::vector<BenchmarkFile> files);

// Matches the two files' benchmarks of the selected measures. Throws Error(kUsage) for a
// bad threshold or alpha, no measure, a measure neither file has (a typo would compare
// nothing), and, without options.force, files of different devices or JSON versions.
[[nodiscard]] Comparison compare(const BenchmarkFile& baseline, const BenchmarkFile& candidate,
                                 const CompareOptions& options);

// A header naming both files, one row per benchmark (with a variant column when the two
// files ran different variants of a benchmark), and a summary line.
void writeComparisonTable(const Comparison& c, std::ostream& out);
// {"baseline", "candidate", "threshold_percent", "alpha", "measures", "forced", "comparisons": [...], "summary"}.
void writeComparisonJson(const Comparison& c, std::ostream& out);
// A GitHub-flavoured markdown table with a summary line, for a pull-request comment.
void writeComparisonMarkdown(const Comparison& c, std::ostream& out);

}  // namespace fieldbench
