#include "fieldbench/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "fieldbench/error.hpp"
#include "fieldbench/json_text.hpp"

namespace fieldbench {
namespace {

// A change this close to the threshold counts as within it: 2000 ns -> 2400 ns is 20%, not 20.000000000000004%.
constexpr double kThresholdSlackPercent = 1e-9;

constexpr Verdict kVerdicts[] = {Verdict::kRegression, Verdict::kUnverified, Verdict::kImprovement,
                                 Verdict::kSame,       Verdict::kAdded,      Verdict::kRemoved};

std::string duration(double ns) {
  if (ns < 1e3) return fmt::format("{:.0f} ns", ns);
  if (ns < 1e6) return fmt::format("{:.2f} us", ns / 1e3);
  if (ns < 1e9) return fmt::format("{:.2f} ms", ns / 1e6);
  return fmt::format("{:.2f} s", ns / 1e9);
}

std::string jsonOptional(const std::optional<double>& x) { return x ? jsonNumber(*x) : "null"; }

// Percentages in JSON to a millionth: 20, not 19.999999999999996.
std::optional<double> rounded(const std::optional<double>& percent) {
  if (!percent) return percent;
  return std::round(*percent * 1e6) / 1e6;
}

std::string joined(const std::vector<std::string>& xs) {
  std::string out;
  for (const auto& x : xs) out += (out.empty() ? "" : ", ") + x;
  return out;
}

// The case a benchmark belongs to: a failed case has one "verify" entry instead of its measures.
std::tuple<std::string, std::string, std::uint64_t> caseOf(const BenchmarkKey& k) {
  return {k.op, k.memory, k.elements};
}

}  // namespace

std::string BenchmarkKey::name() const { return fmt::format("{}/{}/{}/{}", op, memory, elements, measure); }

const char* toString(Verdict v) {
  switch (v) {
    case Verdict::kSame: return "same";
    case Verdict::kImprovement: return "improvement";
    case Verdict::kRegression: return "regression";
    case Verdict::kUnverified: return "unverified";
    case Verdict::kAdded: return "added";
    case Verdict::kRemoved: return "removed";
  }
  return "?";
}

std::size_t Comparison::count(Verdict v) const {
  return static_cast<std::size_t>(std::ranges::count(rows, v, &ComparisonRow::verdict));
}

bool Comparison::devicesDiffer() const {
  return !baselineDevice.empty() && !candidateDevice.empty() && baselineDevice != candidateDevice;
}

Comparison compare(const BenchmarkFile& baseline, const BenchmarkFile& candidate, const CompareOptions& options) {
  if (!std::isfinite(options.thresholdPercent) || options.thresholdPercent < 0) {
    throwUsage(fmt::format("invalid --threshold '{}': expected a percentage, 0 or more", options.thresholdPercent));
  }
  if (options.measures.empty()) throwUsage("--measure: expected at least one measure name");

  // Measures either file timed; a selected one that neither has is most likely a typo.
  std::set<std::string> timed;
  for (const auto* file : {&baseline, &candidate}) {
    for (const auto& e : file->entries) {
      if (e.medianNs) timed.insert(e.key.measure);
    }
  }
  const std::set<std::string> selected(options.measures.begin(), options.measures.end());
  for (const auto& m : selected) {
    if (m.empty()) throwUsage("invalid --measure '': expected a measure name such as kernel or roundtrip");
    if (!timed.empty() && !timed.contains(m)) {
      throwUsage(fmt::format("invalid --measure '{}': neither file has it (they have: {})", m,
                             joined({timed.begin(), timed.end()})));
    }
  }

  // Medians of the selected measures; a repeated benchmark (--elements 1K,1K) keeps its first figure.
  auto medians = [&](const BenchmarkFile& file) {
    std::map<BenchmarkKey, const BenchmarkEntry*> out;
    for (const auto& e : file.entries) {
      if (e.medianNs && selected.contains(e.key.measure)) out.try_emplace(e.key, &e);
    }
    return out;
  };
  const auto base = medians(baseline), cand = medians(candidate);
  // Candidate cases that failed verification, by their error entry.
  std::map<std::tuple<std::string, std::string, std::uint64_t>, const BenchmarkEntry*> failedCases;
  for (const auto& e : candidate.entries) {
    if (!e.medianNs && !e.verified) failedCases.try_emplace(caseOf(e.key), &e);
  }

  Comparison c{.baselineLabel = baseline.label,
               .candidateLabel = candidate.label,
               .baselineDevice = baseline.deviceName,
               .candidateDevice = candidate.deviceName,
               .options = options,
               .rows = {}};
  std::set<std::tuple<std::string, std::string, std::uint64_t>> failedCasesShown;
  std::set<BenchmarkKey> keys;
  for (const auto& [k, e] : base) keys.insert(k);
  for (const auto& [k, e] : cand) keys.insert(k);
  for (const auto& key : keys) {
    ComparisonRow row{.key = key, .baselineNs = {}, .candidateNs = {}, .changePercent = {}, .verdict = {}};
    const auto b = base.find(key), n = cand.find(key);
    if (b != base.end()) row.baselineNs = b->second->medianNs;
    if (n != cand.end()) row.candidateNs = n->second->medianNs;
    if (row.baselineNs && row.candidateNs) {
      const double before = *row.baselineNs, after = *row.candidateNs;
      if (before > 0) row.changePercent = (after / before - 1) * 100;
      else if (after == before) row.changePercent = 0;
      const double change = row.changePercent.value_or(INFINITY);  // from 0 ns to more: slower
      if (!n->second->verified) row.verdict = Verdict::kUnverified;
      else if (change > options.thresholdPercent + kThresholdSlackPercent) row.verdict = Verdict::kRegression;
      else if (change < -options.thresholdPercent - kThresholdSlackPercent) row.verdict = Verdict::kImprovement;
      else row.verdict = Verdict::kSame;
    } else if (row.candidateNs) {
      row.verdict = n->second->verified ? Verdict::kAdded : Verdict::kUnverified;
    } else if (failedCases.contains(caseOf(key))) {
      row.verdict = Verdict::kUnverified;
      failedCasesShown.insert(caseOf(key));
    } else {
      row.verdict = Verdict::kRemoved;
    }
    c.rows.push_back(row);
  }
  // A failed candidate case the baseline has no figure for still fails the comparison: its own row.
  for (const auto& [cs, e] : failedCases) {
    if (failedCasesShown.contains(cs)) continue;
    c.rows.push_back({.key = e->key, .baselineNs = {}, .candidateNs = {}, .changePercent = {},
                      .verdict = Verdict::kUnverified});
  }
  std::ranges::sort(c.rows, {}, &ComparisonRow::key);
  return c;
}

void writeComparisonTable(const Comparison& c, std::ostream& out) {
  auto described = [](const std::string& label, const std::string& device) {
    return device.empty() ? label : fmt::format("{} ({})", label, device);
  };
  out << fmt::format("baseline:  {}\ncandidate: {}\n", described(c.baselineLabel, c.baselineDevice),
                     described(c.candidateLabel, c.candidateDevice));
  out << fmt::format("threshold: {}% on the medians of {}\n\n", c.options.thresholdPercent,
                     joined(c.options.measures));

  std::size_t width = std::string_view("benchmark").size();
  for (const auto& r : c.rows) width = std::max(width, r.key.name().size());
  out << fmt::format("{:<{}}  {:>11}  {:>11}  {:>8}  {}\n", "benchmark", width, "baseline", "candidate", "change",
                     "verdict");
  for (const auto& r : c.rows) {
    out << fmt::format("{:<{}}  {:>11}  {:>11}  {:>8}  {}\n", r.key.name(), width,
                       r.baselineNs ? duration(*r.baselineNs) : "-", r.candidateNs ? duration(*r.candidateNs) : "-",
                       r.changePercent ? fmt::format("{:+.1f}%", *r.changePercent) : "-", toString(r.verdict));
  }
  std::string summary;
  for (const auto v : kVerdicts) {
    summary += fmt::format("{}{} {}", summary.empty() ? "" : ", ", c.count(v), toString(v));
  }
  out << fmt::format("\n{}: {}\n", c.failed() ? "FAILED" : "ok", summary);
}

void writeComparisonJson(const Comparison& c, std::ostream& out) {
  auto side = [](const std::string& label, const std::string& device) {
    return fmt::format(R"({{"file": {}, "device": {}}})", jsonString(label),
                       device.empty() ? "null" : jsonString(device));
  };
  std::string measures;
  for (const auto& m : c.options.measures) measures += (measures.empty() ? "" : ", ") + jsonString(m);
  out << "{\n";
  out << fmt::format("  \"baseline\": {},\n  \"candidate\": {},\n", side(c.baselineLabel, c.baselineDevice),
                     side(c.candidateLabel, c.candidateDevice));
  out << fmt::format("  \"devices_differ\": {},\n", c.devicesDiffer() ? "true" : "false");
  out << fmt::format("  \"threshold_percent\": {},\n  \"measures\": [{}],\n", jsonNumber(c.options.thresholdPercent),
                     measures);
  out << "  \"comparisons\": [";
  bool first = true;
  for (const auto& r : c.rows) {
    out << (first ? "\n" : ",\n");
    first = false;
    out << fmt::format(
        R"(    {{"name": {}, "op": {}, "memory": {}, "elements": {}, "measure": {}, "baseline_ns": {}, )"
        R"("candidate_ns": {}, "change_percent": {}, "verdict": {}}})",
        jsonString(r.key.name()), jsonString(r.key.op), jsonString(r.key.memory), r.key.elements,
        jsonString(r.key.measure), jsonOptional(r.baselineNs), jsonOptional(r.candidateNs),
        jsonOptional(rounded(r.changePercent)), jsonString(toString(r.verdict)));
  }
  out << (first ? "],\n" : "\n  ],\n");
  out << "  \"summary\": {";
  for (const auto v : kVerdicts) out << fmt::format("\"{}\": {}, ", toString(v), c.count(v));
  out << fmt::format("\"failed\": {}}}\n}}\n", c.failed() ? "true" : "false");
}

}  // namespace fieldbench
