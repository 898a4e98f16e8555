#include "fieldbench/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "fieldbench/error.hpp"
#include "fieldbench/json_text.hpp"
#include "fieldbench/mann_whitney.hpp"
#include "fieldbench/stats.hpp"

namespace fieldbench {
namespace {

// A change this close to the threshold counts as within it: 2000 ns -> 2400 ns is 20%, not 20.000000000000004%.
constexpr double kThresholdSlackPercent = 1e-9;

constexpr Verdict kVerdicts[] = {Verdict::kSlower, Verdict::kUnverified, Verdict::kMissing,
                                 Verdict::kFaster, Verdict::kSame,       Verdict::kNew};

using CaseKey = std::tuple<std::string, std::string, std::string, std::uint64_t>;

std::string duration(double ns) {
  if (ns < 1e3) return fmt::format("{:.0f} ns", ns);
  if (ns < 1e6) return fmt::format("{:.2f} us", ns / 1e3);
  if (ns < 1e9) return fmt::format("{:.2f} ms", ns / 1e6);
  return fmt::format("{:.2f} s", ns / 1e9);
}

std::string jsonOptional(const std::optional<double>& x) { return x ? jsonNumber(*x) : "null"; }
// A side's variant: null where it has no figure or its report predates --variant.
std::string variantJson(const std::optional<double>& ns, const std::string& variant) {
  return ns && !variant.empty() ? jsonString(variant) : "null";
}

// Percentages in JSON to a millionth: 20, not 19.999999999999996.
std::optional<double> rounded(const std::optional<double>& percent) {
  if (!percent) return percent;
  return std::round(*percent * 1e6) / 1e6;
}

std::string joined(const std::vector<std::string>& xs, std::string_view separator = ", ") {
  std::string out;
  for (const auto& x : xs) out += (out.empty() ? "" : std::string(separator)) + x;
  return out;
}

// The case a benchmark belongs to: a failed case has one "verify" entry instead of its measures.
CaseKey caseOf(const BenchmarkKey& k) { return {k.device, k.op, k.memory, k.elements}; }

std::string pText(const std::optional<double>& p) {
  if (!p) return "-";
  return *p < 0.0001 ? std::string("<0.0001") : fmt::format("{:.4f}", *p);
}

std::string summaryLine(const Comparison& c) {
  std::string summary;
  for (const auto v : kVerdicts) summary += fmt::format("{}{} {}", summary.empty() ? "" : ", ", c.count(v), toString(v));
  return summary;
}

std::string testDescription(const Comparison& c) {
  return fmt::format("threshold {}% on the medians of run medians of {}; a change counts only if also significant "
                     "(Mann-Whitney U, alpha {}) over the run medians where both sides have {} or more runs, else over "
                     "the repetitions, and then only beyond the between-run noise (the widest spread of a side's run "
                     "medians, or the {}% floor with one run a side)",
                     c.options.thresholdPercent, joined(c.options.measures), c.options.alpha, kMinRunsForRunTest,
                     c.options.noiseFloorPercent);
}

// Notes under the rule: what one-run p-values cover, and a FIELDBENCH_SLOWDOWN report.
std::vector<std::string> notesOf(const Comparison& c) {
  std::vector<std::string> out;
  if (std::ranges::any_of(c.rows, [](const ComparisonRow& r) { return r.pScope == "repetitions"; })) {
    out.emplace_back("p over repetitions covers only the noise within one run; fieldbench --runs 3 or more on both "
                     "sides tests between runs");
  }
  if (c.baselineSlowdown > 0) {
    out.push_back(fmt::format("baseline made {}% slower by FIELDBENCH_SLOWDOWN (a test aid)", c.baselineSlowdown));
  }
  if (c.candidateSlowdown > 0) {
    out.push_back(fmt::format("current made {}% slower by FIELDBENCH_SLOWDOWN (a test aid)", c.candidateSlowdown));
  }
  return out;
}

std::string noiseText(const ComparisonRow& r) {
  if (!r.noisePercent) return "-";
  return fmt::format("{:.0f}% {}", *r.noisePercent, r.noiseSource);
}

// What makes two files incomparable without --force: layouts, devices, JSON versions.
std::vector<std::string> differencesOf(const BenchmarkFile& baseline, const BenchmarkFile& candidate) {
  std::vector<std::string> differences;
  const auto baseDevice = baseline.deviceIdentity(), candDevice = candidate.deviceIdentity();
  if (baseline.devices.empty() != candidate.devices.empty()) {
    // Names differ (device<i>/ prefixes): nothing would match.
    const auto& all = baseline.devices.empty() ? candidate.label : baseline.label;
    const auto& one = baseline.devices.empty() ? baseline.label : candidate.label;
    differences.push_back(fmt::format("different layouts ({} is a --device all report, {} is not)", all, one));
  } else if (!baseDevice.empty() && !candDevice.empty() && baseDevice != candDevice) {
    differences.push_back(fmt::format("different devices ('{}' in {}, '{}' in {})", baseDevice, baseline.label,
                                      candDevice, candidate.label));
  }
  if (baseline.schemaVersion != candidate.schemaVersion) {
    differences.push_back(fmt::format("different JSON versions ({} in {}, {} in {})", baseline.schemaVersion,
                                      baseline.label, candidate.schemaVersion, candidate.label));
  }
  return differences;
}

using Pair = std::pair<const BenchmarkEntry*, const BenchmarkEntry*>;

// A benchmark's figures in the two files, paired by variant: one a side pairs whatever the
// variants (--variant best chose another); several (--variant all) pair equal variants, and
// the rest stand alone (missing or new).
std::vector<Pair> matchVariants(const std::map<std::string, const BenchmarkEntry*>& base,
                                const std::map<std::string, const BenchmarkEntry*>& cand) {
  if (base.size() == 1 && cand.size() == 1) return {{base.begin()->second, cand.begin()->second}};
  std::vector<Pair> out;
  for (const auto& [variant, e] : base) {
    const auto it = cand.find(variant);
    out.emplace_back(e, it != cand.end() ? it->second : nullptr);
  }
  for (const auto& [variant, e] : cand) {
    if (!base.contains(variant)) out.emplace_back(nullptr, e);
  }
  return out;
}

// A side's figure: the median of its run medians (the median itself for one run or no samples).
double centerOf(const BenchmarkEntry& e) {
  return e.runMediansNs.size() > 1 ? median(e.runMediansNs) : *e.medianNs;
}

// The p-value (where the test can reach alpha) and what it covers: the run medians when both
// sides have kMinRunsForRunTest runs, else the repetitions.
void testRow(ComparisonRow& row, const BenchmarkEntry& b, const BenchmarkEntry& n, const CompareOptions& options) {
  const bool runs = b.runMediansNs.size() >= kMinRunsForRunTest && n.runMediansNs.size() >= kMinRunsForRunTest;
  row.pScope = runs ? "runs" : "repetitions";
  const auto& xs = runs ? b.runMediansNs : b.samplesNs;
  const auto& ys = runs ? n.runMediansNs : n.samplesNs;
  // The test only where it can reach alpha at all: 3 against 3 values never can (p >= 0.1).
  if (xs.size() >= 2 && ys.size() >= 2 && mannWhitneyMinPValue(xs.size(), ys.size()) <= options.alpha) {
    row.pValue = mannWhitneyU(xs, ys).pValue;
  }
  if (runs && row.pValue) return;
  // No between-run test: the change must also exceed the between-run noise, estimated from
  // the side(s) of two or more runs, else the documented floor.
  double spread = -1;
  for (const auto* e : {&b, &n}) {
    if (e->runMediansNs.size() >= 2) spread = std::max(spread, relativeSpread(e->runMediansNs) * 100);
  }
  row.noiseSource = spread >= 0 ? "runs" : "floor";
  row.noisePercent = spread >= 0 ? spread : options.noiseFloorPercent;
  if (!std::isfinite(*row.noisePercent)) row.noisePercent = options.noiseFloorPercent;
}

// One row: the figures, the change, the test, and the verdict (missing when the candidate has
// no figure; the caller turns that into unverified for a failed case).
ComparisonRow compareEntries(const BenchmarkKey& key, const BenchmarkEntry* b, const BenchmarkEntry* n,
                             const CompareOptions& options) {
  ComparisonRow row{.key = key};
  if (b != nullptr) {
    row.baselineNs = centerOf(*b);
    row.baselineSamples = b->samplesNs.size();
    row.baselineRuns = std::max<std::size_t>(1, b->runMediansNs.size());
    row.baselineVariant = b->variant;
  }
  if (n != nullptr) {
    row.candidateNs = centerOf(*n);
    row.candidateSamples = n->samplesNs.size();
    row.candidateRuns = std::max<std::size_t>(1, n->runMediansNs.size());
    row.candidateVariant = n->variant;
  }
  if (b != nullptr && n != nullptr) {
    const double before = *row.baselineNs, after = *row.candidateNs;
    if (before > 0) row.changePercent = (after / before - 1) * 100;
    else if (after == before) row.changePercent = 0;
    testRow(row, *b, *n, options);
    const bool significant = !row.pValue || *row.pValue < options.alpha;
    const double limit = std::max(options.thresholdPercent, row.noisePercent.value_or(0));
    const double change = row.changePercent.value_or(INFINITY);  // from 0 ns to more: slower
    if (!n->verified) row.verdict = Verdict::kUnverified;
    else if (change > limit + kThresholdSlackPercent && significant) row.verdict = Verdict::kSlower;
    else if (change < -limit - kThresholdSlackPercent && significant) row.verdict = Verdict::kFaster;
    else row.verdict = Verdict::kSame;
  } else if (n != nullptr) {
    row.verdict = n->verified ? Verdict::kNew : Verdict::kUnverified;
  } else {
    row.verdict = Verdict::kMissing;
  }
  return row;
}

}  // namespace

std::string BenchmarkKey::name() const {
  const auto base = fmt::format("{}/{}/{}/{}", op, memory, elements, measure);
  return device.empty() ? base : fmt::format("device{}/{}", device, base);
}

std::string BenchmarkFile::deviceIdentity() const { return devices.empty() ? deviceName : joined(devices, " | "); }

const char* toString(Verdict v) {
  switch (v) {
    case Verdict::kSame: return "same";
    case Verdict::kFaster: return "faster";
    case Verdict::kSlower: return "slower";
    case Verdict::kUnverified: return "unverified";
    case Verdict::kMissing: return "missing";
    case Verdict::kNew: return "new";
  }
  return "?";
}

std::size_t Comparison::count(Verdict v) const {
  return static_cast<std::size_t>(std::ranges::count(rows, v, &ComparisonRow::verdict));
}

bool Comparison::failed() const {
  return count(Verdict::kSlower) + count(Verdict::kUnverified) + (options.allowMissing ? 0 : count(Verdict::kMissing)) >
         0;
}

Comparison compare(const BenchmarkFile& baseline, const BenchmarkFile& candidate, const CompareOptions& options) {
  if (!std::isfinite(options.thresholdPercent) || options.thresholdPercent < 0) {
    throwUsage(fmt::format("invalid --threshold '{}': expected a percentage, 0 or more", options.thresholdPercent));
  }
  if (!std::isfinite(options.noiseFloorPercent) || options.noiseFloorPercent < 0) {
    throwUsage(fmt::format("invalid --noise-floor '{}': expected a percentage, 0 or more", options.noiseFloorPercent));
  }
  if (!(options.alpha > 0 && options.alpha < 1)) {
    throwUsage(fmt::format("invalid --alpha '{}': expected a significance level between 0 and 1", options.alpha));
  }
  if (options.measures.empty()) throwUsage("--measure: expected at least one measure name");

  // Files of different devices or layouts are compared only when asked to, and then it is said.
  const auto differences = differencesOf(baseline, candidate);
  const auto baseDevice = baseline.deviceIdentity(), candDevice = candidate.deviceIdentity();
  if (!differences.empty() && !options.force) {
    throwUsage(fmt::format("{}: compare them anyway with --force", joined(differences, " and ")));
  }

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

  // Figures of the selected measures by name and variant; a repeated benchmark (--elements 1K,1K) keeps its first.
  auto figures = [&](const BenchmarkFile& file) {
    std::map<BenchmarkKey, std::map<std::string, const BenchmarkEntry*>> out;
    for (const auto& e : file.entries) {
      if (e.medianNs && selected.contains(e.key.measure)) out[e.key].try_emplace(e.variant, &e);
    }
    return out;
  };
  const auto base = figures(baseline), cand = figures(candidate);
  // Candidate cases that failed verification, by their error entry.
  std::map<CaseKey, const BenchmarkEntry*> failedCases;
  for (const auto& e : candidate.entries) {
    if (!e.medianNs && !e.verified) failedCases.try_emplace(caseOf(e.key), &e);
  }

  Comparison c{.baselineLabel = baseline.label,
               .candidateLabel = candidate.label,
               .baselineDevice = baseDevice,
               .candidateDevice = candDevice,
               .baselineSchema = baseline.schemaVersion,
               .candidateSchema = candidate.schemaVersion,
               .options = options,
               .rows = {},
               .forced = joined(differences, " and "),
               .baselineSlowdown = baseline.slowdownPercent,
               .candidateSlowdown = candidate.slowdownPercent};
  std::set<CaseKey> failedCasesShown;
  std::set<BenchmarkKey> keys;
  for (const auto& [k, e] : base) keys.insert(k);
  for (const auto& [k, e] : cand) keys.insert(k);
  static const std::map<std::string, const BenchmarkEntry*> kNone;
  for (const auto& key : keys) {
    const auto b = base.find(key), n = cand.find(key);
    for (const auto& [x, y] : matchVariants(b != base.end() ? b->second : kNone, n != cand.end() ? n->second : kNone)) {
      ComparisonRow row = compareEntries(key, x, y, options);
      if (!y && failedCases.contains(caseOf(key))) {
        row.verdict = Verdict::kUnverified;
        failedCasesShown.insert(caseOf(key));
      }
      c.rows.push_back(row);
    }
  }
  // A failed candidate case the baseline has no figure for still fails the comparison: its own row.
  for (const auto& [cs, e] : failedCases) {
    if (failedCasesShown.contains(cs)) continue;
    c.rows.push_back({.key = e->key, .verdict = Verdict::kUnverified});
  }
  std::ranges::sort(c.rows, {}, [](const ComparisonRow& r) {
    return std::tie(r.key, r.baselineVariant.empty() ? r.candidateVariant : r.baselineVariant);
  });
  return c;
}

void writeComparisonTable(const Comparison& c, std::ostream& out) {
  auto described = [](const std::string& label, const std::string& device) {
    return device.empty() ? label : fmt::format("{} ({})", label, device);
  };
  out << fmt::format("baseline:  {}\ncurrent:   {}\n", described(c.baselineLabel, c.baselineDevice),
                     described(c.candidateLabel, c.candidateDevice));
  if (!c.forced.empty()) out << fmt::format("FORCED:    {}\n", c.forced);
  out << fmt::format("rule:      {}\n", testDescription(c));
  for (const auto& line : notesOf(c)) out << fmt::format("note:      {}\n", line);
  out << "\n";

  std::size_t width = std::string_view("benchmark").size();
  for (const auto& r : c.rows) width = std::max(width, r.key.name().size());
  // The variant column, only when some benchmark ran different variants in the two files, or
  // several variants share a name (--variant all).
  const bool variants =
      std::ranges::any_of(c.rows, [](const ComparisonRow& r) {
        return r.baselineNs && r.candidateNs && r.baselineVariant != r.candidateVariant;
      }) ||
      std::ranges::adjacent_find(c.rows, {}, &ComparisonRow::key) != c.rows.end();
  auto variantCell = [](const ComparisonRow& r) {
    auto name = [](const std::string& v) { return v.empty() ? std::string("?") : v; };
    if (!r.baselineNs || !r.candidateNs) return name(r.baselineNs ? r.baselineVariant : r.candidateVariant);
    return r.baselineVariant == r.candidateVariant ? name(r.baselineVariant)
                                                   : name(r.baselineVariant) + " -> " + name(r.candidateVariant);
  };
  out << fmt::format("{:<{}}  {:>11}  {:>11}  {:>8}  {:>8}  {:>9}  {}{}\n", "benchmark", width, "baseline", "current",
                     "change", "p", "noise", variants ? fmt::format("{:<18}  ", "variant") : "", "verdict");
  for (const auto& r : c.rows) {
    out << fmt::format("{:<{}}  {:>11}  {:>11}  {:>8}  {:>8}  {:>9}  {}{}\n", r.key.name(), width,
                       r.baselineNs ? duration(*r.baselineNs) : "-", r.candidateNs ? duration(*r.candidateNs) : "-",
                       r.changePercent ? fmt::format("{:+.1f}%", *r.changePercent) : "-", pText(r.pValue), noiseText(r),
                       variants ? fmt::format("{:<18}  ", variantCell(r)) : "", toString(r.verdict));
  }
  out << fmt::format("\n{}: {}{}\n", c.failed() ? "FAILED" : "ok", summaryLine(c),
                     c.options.allowMissing && c.count(Verdict::kMissing) > 0 ? " (missing allowed)" : "");
}

void writeComparisonJson(const Comparison& c, std::ostream& out) {
  auto side = [](const std::string& label, const std::string& device, int schema) {
    return fmt::format(R"({{"file": {}, "device": {}, "json_version": {}}})", jsonString(label),
                       device.empty() ? "null" : jsonString(device), schema);
  };
  std::string measures;
  for (const auto& m : c.options.measures) measures += (measures.empty() ? "" : ", ") + jsonString(m);
  out << "{\n";
  out << fmt::format("  \"baseline\": {},\n  \"current\": {},\n", side(c.baselineLabel, c.baselineDevice, c.baselineSchema),
                     side(c.candidateLabel, c.candidateDevice, c.candidateSchema));
  out << fmt::format("  \"forced\": {},\n", c.forced.empty() ? "null" : jsonString(c.forced));
  out << fmt::format("  \"noise_floor_percent\": {},\n  \"baseline_slowdown_percent\": {},\n"
                     "  \"current_slowdown_percent\": {},\n",
                     jsonNumber(c.options.noiseFloorPercent), jsonNumber(c.baselineSlowdown), jsonNumber(c.candidateSlowdown));
  out << fmt::format("  \"threshold_percent\": {},\n  \"alpha\": {},\n  \"allow_missing\": {},\n  \"measures\": [{}],\n",
                     jsonNumber(c.options.thresholdPercent), jsonNumber(c.options.alpha),
                     c.options.allowMissing ? "true" : "false", measures);
  out << "  \"comparisons\": [";
  bool first = true;
  for (const auto& r : c.rows) {
    out << (first ? "\n" : ",\n");
    first = false;
    out << fmt::format(
        R"(    {{"name": {}, "device_index": {}, "op": {}, "memory": {}, "elements": {}, "measure": {}, )"
        R"("baseline_ns": {}, "current_ns": {}, "change_percent": {}, "p_value": {}, "baseline_repetitions": {}, )"
        R"("current_repetitions": {}, "baseline_runs": {}, "current_runs": {}, "p_value_scope": {}, "noise_percent": {}, )"
        R"("noise_source": {}, "baseline_variant": {}, "current_variant": {}, "verdict": {}}})",
        jsonString(r.key.name()), r.key.device.empty() ? "null" : r.key.device, jsonString(r.key.op),
        jsonString(r.key.memory), r.key.elements, jsonString(r.key.measure), jsonOptional(r.baselineNs),
        jsonOptional(r.candidateNs), jsonOptional(rounded(r.changePercent)), jsonOptional(r.pValue),
        r.baselineSamples, r.candidateSamples, r.baselineRuns, r.candidateRuns,
        r.pScope.empty() ? "null" : jsonString(r.pScope), jsonOptional(rounded(r.noisePercent)),
        r.noiseSource.empty() ? "null" : jsonString(r.noiseSource), variantJson(r.baselineNs, r.baselineVariant),
        variantJson(r.candidateNs, r.candidateVariant), jsonString(toString(r.verdict)));
  }
  out << (first ? "],\n" : "\n  ],\n");
  out << "  \"summary\": {";
  for (const auto v : kVerdicts) out << fmt::format("\"{}\": {}, ", toString(v), c.count(v));
  out << fmt::format("\"failed\": {}}}\n}}\n", c.failed() ? "true" : "false");
}

void writeComparisonMarkdown(const Comparison& c, std::ostream& out) {
  // Pipes would end a cell early; backticks keep names verbatim.
  auto cell = [](std::string s) {
    std::string escaped;
    for (const char ch : s) escaped += ch == '|' ? std::string("\\|") : std::string(1, ch);
    return escaped;
  };
  out << fmt::format("### fieldbench: {}\n\n", c.failed() ? "regression" : "no regression");
  out << fmt::format("Baseline `{}` ({}), current `{}` ({}).", cell(c.baselineLabel),
                     cell(c.baselineDevice.empty() ? "device not recorded" : c.baselineDevice), cell(c.candidateLabel),
                     cell(c.candidateDevice.empty() ? "device not recorded" : c.candidateDevice));
  if (!c.forced.empty()) out << fmt::format(" **Forced:** {}.", cell(c.forced));
  out << fmt::format(" Rule: {}.\n\n", testDescription(c));
  for (const auto& line : notesOf(c)) out << fmt::format("> {}\n\n", line);
  out << "| benchmark | baseline | current | change | p | verdict |\n";
  out << "| --- | ---: | ---: | ---: | ---: | --- |\n";
  for (const auto& r : c.rows) {
    const bool bad = r.verdict == Verdict::kSlower || r.verdict == Verdict::kUnverified ||
                     (r.verdict == Verdict::kMissing && !c.options.allowMissing);
    out << fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", cell(r.key.name()),
                       r.baselineNs ? duration(*r.baselineNs) : "-", r.candidateNs ? duration(*r.candidateNs) : "-",
                       r.changePercent ? fmt::format("{:+.1f}%", *r.changePercent) : "-", pText(r.pValue),
                       bad ? fmt::format("**{}**", toString(r.verdict)) : std::string(toString(r.verdict)));
  }
  out << fmt::format("\n**{}**: {}\n", c.failed() ? "FAILED" : "ok", summaryLine(c));
}

}  // namespace fieldbench
