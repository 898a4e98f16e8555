// --runs: the runs of one sweep, each in a fresh context, as one Report.
#include <fmt/format.h>

#include "fieldbench/error.hpp"
#include "fieldbench/report.hpp"

namespace fieldbench {
namespace {

[[noreturn]] void differ(std::size_t run, const CaseResult& c, const std::string& what) {
  throw Error(ExitCode::kRuntime, fmt::format("--runs: run {} differs from run 0 at {} {} {} elements: {}", run, c.op,
                                              toString(c.memory), c.elements, what));
}

// Appends run `index`'s samples of `from` to `into` (the same case of two runs).
void appendRun(CaseResult& into, const CaseResult& from, std::size_t index) {
  if (from.op != into.op || from.memory != into.memory || from.elements != into.elements) {
    differ(index, into, "another case");
  }
  if (from.failed()) {  // a run that did not verify withholds the case's figures in every run
    into.mismatches = from.mismatches;
    into.mismatchDetail = fmt::format("run {}: {}", index, from.mismatchDetail);
    into.measures.clear();
    return;
  }
  if (into.failed()) return;
  if (from.measures.size() != into.measures.size()) differ(index, into, "other measures");
  for (std::size_t i = 0; i < into.measures.size(); ++i) {
    auto& m = into.measures[i];
    const auto& n = from.measures[i];
    if (n.name != m.name) differ(index, into, fmt::format("measure {} instead of {}", n.name, m.name));
    m.runSamplesNs.push_back(n.samplesNs);
    m.samplesNs.insert(m.samplesNs.end(), n.samplesNs.begin(), n.samplesNs.end());
  }
}

}  // namespace

Report mergeRuns(std::vector<Report> runs) {
  if (runs.empty()) throw Error(ExitCode::kRuntime, "--runs: no run to report");
  Report merged = std::move(runs.front());
  merged.context.runs = static_cast<std::uint32_t>(runs.size());
  if (runs.size() == 1) return merged;
  for (auto& c : merged.cases) {
    for (auto& m : c.measures) m.runSamplesNs = {m.samplesNs};
  }
  for (std::size_t r = 1; r < runs.size(); ++r) {
    if (runs[r].cases.size() != merged.cases.size()) {
      throw Error(ExitCode::kRuntime, fmt::format("--runs: run {} has {} cases, run 0 has {}", r, runs[r].cases.size(),
                                                  merged.cases.size()));
    }
    for (std::size_t i = 0; i < merged.cases.size(); ++i) appendRun(merged.cases[i], runs[r].cases[i], r);
  }
  for (auto& c : merged.cases) {
    for (auto& m : c.measures) m.summary = summarize(m.samplesNs);
  }
  return merged;
}

}  // namespace fieldbench
