// compare's pooled sides: several reports of one side (interleaved processes) as one.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <tuple>

#include "fieldbench/compare.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/stats.hpp"

namespace fieldbench {
namespace {

[[noreturn]] void cannotPool(const BenchmarkFile& file, const BenchmarkFile& first, const std::string& what) {
  throwUsage(fmt::format("{}: cannot pool with {}: {} (pooled reports must come from the same device and "
                         "arguments)", file.label, first.label, what));
}

bool sameCase(const BenchmarkKey& a, const BenchmarkKey& b) {
  return std::tie(a.device, a.op, a.memory, a.elements) == std::tie(b.device, b.op, b.memory, b.elements);
}

// A report's entries case by case, in order: a case's measures, or its one unverified entry. A
// size given twice (--elements 1K,1K) is two cases.
using Case = std::vector<BenchmarkEntry>;
std::vector<Case> casesOf(const BenchmarkFile& f) {
  std::vector<Case> out;
  for (const auto& e : f.entries) {
    const bool repeated = !out.empty() && std::ranges::any_of(out.back(), [&](const BenchmarkEntry& x) {
      return x.key.measure == e.key.measure;
    });
    if (out.empty() || !sameCase(out.back().front().key, e.key) || repeated) out.emplace_back();
    out.back().push_back(e);
  }
  return out;
}

const BenchmarkEntry* unverified(const Case& c) {
  const auto it = std::ranges::find_if(c, [](const BenchmarkEntry& e) { return !e.verified; });
  return it == c.end() ? nullptr : &*it;
}

void addRuns(BenchmarkEntry& into, const BenchmarkEntry& e) {
  // --variant best may pick another variant in another process: the pooled entry names each.
  if (!e.variant.empty() && ("+" + into.variant + "+").find("+" + e.variant + "+") == std::string::npos) {
    into.variant += "+" + e.variant;
  }
  into.samplesNs.insert(into.samplesNs.end(), e.samplesNs.begin(), e.samplesNs.end());
  into.runMediansNs.insert(into.runMediansNs.end(), e.runMediansNs.begin(), e.runMediansNs.end());
}

void checkSameRun(const BenchmarkFile& file, const BenchmarkFile& first) {
  if (file.deviceIdentity() != first.deviceIdentity()) {
    cannotPool(file, first, fmt::format("device '{}', not '{}'", file.deviceIdentity(), first.deviceIdentity()));
  }
  if (file.schemaVersion != first.schemaVersion) {
    cannotPool(file, first, fmt::format("JSON version {}, not {}", file.schemaVersion, first.schemaVersion));
  }
  if (file.slowdownPercent != first.slowdownPercent) {
    cannotPool(file, first, fmt::format("FIELDBENCH_SLOWDOWN {}%, not {}%", file.slowdownPercent,
                                        first.slowdownPercent));
  }
}

}  // namespace

BenchmarkFile poolRuns(std::vector<BenchmarkFile> files) {
  if (files.empty()) throwUsage("compare: no report to pool");
  if (files.size() == 1) return std::move(files.front());
  const BenchmarkFile& first = files.front();
  auto pooled = casesOf(first);
  std::string label = first.label;
  for (std::size_t f = 1; f < files.size(); ++f) {
    const BenchmarkFile& file = files[f];
    label += "," + file.label;
    checkSameRun(file, first);
    const auto cases = casesOf(file);
    if (cases.size() != pooled.size()) {
      cannotPool(file, first, fmt::format("{} cases, not {}", cases.size(), pooled.size()));
    }
    for (std::size_t i = 0; i < cases.size(); ++i) {
      Case& into = pooled[i];
      const Case& c = cases[i];
      if (!sameCase(c.front().key, into.front().key)) {
        cannotPool(file, first, fmt::format("case {} is {}, not {}", i, c.front().key.name(), into.front().key.name()));
      }
      if (unverified(into) != nullptr) continue;  // a case that failed anywhere has no figure
      if (const BenchmarkEntry* bad = unverified(c)) {
        into = {*bad};
        continue;
      }
      if (c.size() != into.size()) cannotPool(file, first, fmt::format("other measures at {}", c.front().key.name()));
      for (std::size_t m = 0; m < c.size(); ++m) {
        if (c[m].key != into[m].key) {
          cannotPool(file, first, fmt::format("benchmark {}, not {}", c[m].key.name(), into[m].key.name()));
        }
        addRuns(into[m], c[m]);
      }
    }
  }
  BenchmarkFile out = first;
  out.label = label;
  out.entries.clear();
  for (auto& c : pooled) {
    for (auto& e : c) {
      if (e.verified && !e.samplesNs.empty()) {
        const double m = median(e.samplesNs);
        // A rate is work / time: the first file's, scaled to the pooled median.
        if (e.itemsPerSecond && e.medianNs && m > 0) *e.itemsPerSecond *= *e.medianNs / m;
        e.medianNs = m;
      }
      out.entries.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace fieldbench
