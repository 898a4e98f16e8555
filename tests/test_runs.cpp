// --runs: mergeRuns keeps each run's samples; the JSON writer tags every iteration with its
// run_index and adds per-run aggregates; the reader gives compare the run medians back; the
// table shows the spread between runs beside the cv within them.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "fieldbench/compare.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/report.hpp"
#include "fieldbench/report_console.hpp"
#include "fieldbench/report_json.hpp"
#include "fieldbench/report_reader.hpp"
#include "fieldbench/stats.hpp"

namespace fieldbench {
namespace {

using nlohmann::json;

MeasureResult measure(std::string name, std::vector<double> samples) {
  MeasureResult m{.name = std::move(name), .samplesNs = std::move(samples), .summary = {}, .bytesPerElement = 144};
  m.summary = summarize(m.samplesNs);
  return m;
}

// One run's report: one case of 1024 elements with kernel and round-trip samples.
Report oneRun(std::vector<double> kernel, std::vector<double> roundtrip) {
  Report r;
  r.context.version = "0.2.0";
  r.context.device.name = "GPU";
  CaseResult c{.op = "field_add", .memory = MemoryKind::kDeviceLocal, .elements = 1024};
  c.measures = {measure("kernel", std::move(kernel)), measure("roundtrip", std::move(roundtrip))};
  r.cases = {c};
  return r;
}

Report threeRuns() {
  return mergeRuns({oneRun({10, 12, 11}, {100, 101}), oneRun({20, 21, 22}, {110, 111}), oneRun({30, 31, 32}, {90, 91})});
}

TEST(Runs, MergeKeepsEachRunAndSummarizesAll) {
  const auto r = threeRuns();
  EXPECT_EQ(r.context.runs, 3u);
  const auto* k = r.cases.front().measure("kernel");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->samplesNs, (std::vector<double>{10, 12, 11, 20, 21, 22, 30, 31, 32}));
  ASSERT_EQ(k->runSamplesNs.size(), 3u);
  EXPECT_EQ(k->runSamplesNs[1], (std::vector<double>{20, 21, 22}));
  EXPECT_DOUBLE_EQ(k->summary.median, 21);  // over every run's samples
  EXPECT_EQ(runMedians(k->runSamplesNs), (std::vector<double>{11, 21, 31}));
}

TEST(Runs, OneRunStaysAsItWas) {
  const auto r = mergeRuns({oneRun({10, 12, 11}, {100, 101})});
  EXPECT_EQ(r.context.runs, 1u);
  EXPECT_TRUE(r.cases.front().measures.front().runSamplesNs.empty());
}

TEST(Runs, RunsOfDifferentCasesAreAnError) {
  auto other = oneRun({1}, {2});
  other.cases.front().elements = 2048;
  EXPECT_THROW((void)mergeRuns({oneRun({1}, {2}), other}), Error);
  auto fewer = oneRun({1}, {2});
  fewer.cases.clear();
  EXPECT_THROW((void)mergeRuns({oneRun({1}, {2}), fewer}), Error);
}

TEST(Runs, AFailedRunWithholdsTheCase) {
  auto bad = oneRun({1}, {2});
  bad.cases.front().mismatches = 2;
  bad.cases.front().mismatchDetail = "2 differ";
  bad.cases.front().measures.clear();
  const auto r = mergeRuns({oneRun({1}, {2}), bad});
  EXPECT_TRUE(r.cases.front().failed());
  EXPECT_TRUE(r.cases.front().measures.empty());
  EXPECT_NE(r.cases.front().mismatchDetail.find("run 1"), std::string::npos);
}

TEST(Runs, JsonTagsIterationsAndWritesRunAggregates) {
  std::ostringstream out;
  makeReporter(OutputFormat::kJson)->write(threeRuns(), out);
  const auto doc = json::parse(out.str());
  EXPECT_EQ(doc["context"]["runs"], 3);
  std::vector<int> kernelRuns;
  std::vector<double> runMedian;
  double runsMedian = 0, spread = 0;
  for (const auto& b : doc["benchmarks"]) {
    if (b["measure"] != "kernel") continue;
    if (b["run_type"] == "iteration") kernelRuns.push_back(b["run_index"]);
    if (b.value("aggregate_name", "") == "run_median") runMedian.push_back(b["real_time"]);
    if (b.value("aggregate_name", "") == "runs_median") runsMedian = b["real_time"];
    if (b.value("aggregate_name", "") == "runs_spread") spread = b["real_time"];
    if (b.value("aggregate_name", "") == "median") { EXPECT_EQ(b["real_time"], 21); }
  }
  EXPECT_EQ(kernelRuns, (std::vector<int>{0, 0, 0, 1, 1, 1, 2, 2, 2}));
  EXPECT_EQ(runMedian, (std::vector<double>{11, 21, 31}));
  EXPECT_DOUBLE_EQ(runsMedian, 21);
  EXPECT_DOUBLE_EQ(spread, 31.0 / 11 - 1);

  // Read back: each benchmark's run medians, in run order.
  const auto file = parseReport("runs.json", out.str());
  for (const auto& e : file.entries) {
    if (e.key.measure == "kernel") { EXPECT_EQ(e.runMediansNs, (std::vector<double>{11, 21, 31})); }
    if (e.key.measure == "roundtrip") { EXPECT_EQ(e.runMediansNs, (std::vector<double>{100.5, 110.5, 90.5})); }
  }
}

TEST(Runs, OldReportsWithoutRunIndexAreOneRun) {
  std::ostringstream out;
  makeReporter(OutputFormat::kJson)->write(oneRun({10, 30, 20}, {5, 6}), out);
  auto doc = json::parse(out.str());
  for (auto& b : doc["benchmarks"]) b.erase("run_index");
  const auto file = parseReport("old.json", doc.dump());
  for (const auto& e : file.entries) {
    if (e.key.measure == "kernel") { EXPECT_EQ(e.runMediansNs, (std::vector<double>{20})); }
  }
}

// A latency is a difference of two calibrated clocks and may read slightly below zero (seen on
// an H200); the reader takes it. A negative time of anything else is a malformed file.
TEST(Runs, ReaderTakesANegativeLatencyButNoOtherNegativeTime) {
  std::ostringstream out;
  makeReporter(OutputFormat::kJson)->write(oneRun({10, 30, 20}, {5, 6}), out);
  auto doc = json::parse(out.str());
  auto withNegative = [&](const std::string& from, const std::string& to) {
    auto copy = doc;
    for (auto& b : copy["benchmarks"]) {
      if (b["measure"] != from) continue;
      for (const char* key : {"name", "run_name"}) {
        std::string s = b[key];
        s.replace(s.find(from), from.size(), to);
        b[key] = s;
      }
      b["measure"] = to;
      b["real_time"] = -120;
    }
    return copy.dump();
  };
  EXPECT_NO_THROW(parseReport("latency.json", withNegative("roundtrip", "completion_latency")));
  EXPECT_THROW(parseReport("roundtrip.json", withNegative("roundtrip", "roundtrip")), Error);
}

TEST(Runs, TableShowsSpreadBesideCv) {
  std::ostringstream out;
  makeReporter(OutputFormat::kTable)->write(threeRuns(), out);
  const auto text = out.str();
  EXPECT_NE(text.find("between runs (3 runs"), std::string::npos) << text;
  // kernel: cv within runs is the mean of the three runs' cv; the spread 31 / 11 - 1 = 181.8%.
  const double within = (cv(std::vector<double>{10, 12, 11}) + cv(std::vector<double>{20, 21, 22}) +
                         cv(std::vector<double>{30, 31, 32})) / 3;
  const auto cell = fmt::format("{:.1f}% / 181.8%", within * 100);
  EXPECT_NE(text.find(cell), std::string::npos) << cell << "\n" << text;
}

TEST(Runs, SlowdownIsReportedInEveryFormat) {
  auto r = oneRun({1, 2}, {3, 4});
  r.context.slowdownPercent = 25;
  std::ostringstream table, js;
  makeReporter(OutputFormat::kTable)->write(r, table);
  makeReporter(OutputFormat::kJson)->write(r, js);
  EXPECT_NE(table.str().find("SLOWDOWN: every timed measure made 25% slower by FIELDBENCH_SLOWDOWN"), std::string::npos);
  EXPECT_EQ(json::parse(js.str())["context"]["slowdown_percent"], 25);
  EXPECT_DOUBLE_EQ(parseReport("s.json", js.str()).slowdownPercent, 25);
}

// A report's JSON read back, as compare reads it.
BenchmarkFile fileOf(const std::string& label, const Report& r) {
  std::ostringstream out;
  makeReporter(OutputFormat::kJson)->write(r, out);
  return parseReport(label, out.str());
}

const BenchmarkEntry& kernelOf(const BenchmarkFile& f) {
  for (const auto& e : f.entries) {
    if (e.key.measure == "kernel") return e;
  }
  throw Error(ExitCode::kRuntime, "no kernel entry");
}

TEST(PoolRuns, InterleavedProcessesBecomeOneSideOfRuns) {
  // Two processes of one side: three runs, then one run.
  const auto pooled = poolRuns({fileOf("a.json", threeRuns()), fileOf("b.json", oneRun({40, 41, 42}, {95, 96}))});
  EXPECT_EQ(pooled.label, "a.json,b.json");
  const auto& k = kernelOf(pooled);
  EXPECT_EQ(k.runMediansNs, (std::vector<double>{11, 21, 31, 41}));
  EXPECT_EQ(k.samplesNs.size(), 12u);
  ASSERT_TRUE(k.medianNs.has_value());
  EXPECT_DOUBLE_EQ(*k.medianNs, 26);  // of all 12 repetitions: (22 + 30) / 2
  // The rate follows the median: the first file's scaled by 21 / 26.
  const auto first = kernelOf(fileOf("a.json", threeRuns()));
  ASSERT_TRUE(k.itemsPerSecond && first.itemsPerSecond);
  EXPECT_DOUBLE_EQ(*k.itemsPerSecond, *first.itemsPerSecond * 21 / 26);
}

TEST(PoolRuns, EachVariantThatBestPickedIsNamedOnce) {
  // --variant best may pick another variant in another process; the benchmark stays one.
  auto withVariant = [](const std::string& variant) {
    auto r = oneRun({10, 11}, {100, 101});
    r.cases.front().variant = variant;
    return r;
  };
  const auto pooled = poolRuns({fileOf("a.json", withVariant("cios64")), fileOf("b.json", withVariant("ps64")),
                                fileOf("c.json", withVariant("cios64"))});
  EXPECT_EQ(kernelOf(pooled).variant, "cios64+ps64");
  EXPECT_EQ(kernelOf(pooled).samplesNs.size(), 6u);
  const auto same = poolRuns({fileOf("a.json", withVariant("ps64")), fileOf("b.json", withVariant("ps64"))});
  EXPECT_EQ(kernelOf(same).variant, "ps64");
}

TEST(PoolRuns, PooledSidesReachTheTestOverRuns) {
  // One run a process, three processes a side: compare tests the run medians, which it could
  // not with any one file.
  const std::vector<std::vector<double>> base = {{10, 10.1}, {10.2, 10.3}, {9.9, 10}};
  const std::vector<std::vector<double>> cand = {{20, 20.1}, {20.2, 20.3}, {19.9, 20}};
  std::vector<BenchmarkFile> b, c;
  for (std::size_t i = 0; i < 3; ++i) {
    b.push_back(fileOf(fmt::format("b{}.json", i), oneRun(base[i], {100, 100})));
    c.push_back(fileOf(fmt::format("c{}.json", i), oneRun(cand[i], {100, 100})));
  }
  const auto one = compare(b.front(), c.front(), {});
  const auto pooled = compare(poolRuns(b), poolRuns(c), {});
  for (const auto& row : pooled.rows) {
    if (row.key.measure != "kernel") continue;
    EXPECT_EQ(row.baselineRuns, 3u);
    EXPECT_EQ(row.pScope, "runs");
    EXPECT_EQ(row.verdict, Verdict::kSlower);
  }
  for (const auto& row : one.rows) {
    if (row.key.measure == "kernel") { EXPECT_EQ(row.pScope, "repetitions"); }
  }
}

TEST(PoolRuns, OnlyReportsOfTheSameDeviceAndArgumentsPool) {
  auto otherDevice = oneRun({1}, {2});
  otherDevice.context.device.name = "Other GPU";
  auto otherSize = oneRun({1}, {2});
  otherSize.cases.front().elements = 2048;
  auto slowed = oneRun({1}, {2});
  slowed.context.slowdownPercent = 25;
  for (const auto& [bad, why] : {std::pair{otherDevice, "device 'Other GPU'"}, std::pair{otherSize, "case 0 is field_add/device-local/2048"},
                                 std::pair{slowed, "FIELDBENCH_SLOWDOWN 25%"}}) {
    try {
      (void)poolRuns({fileOf("a.json", oneRun({1}, {2})), fileOf("b.json", bad)});
      ADD_FAILURE() << "pooled: " << why;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage);
      EXPECT_NE(std::string(e.what()).find("b.json: cannot pool with a.json"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
  }
}

TEST(PoolRuns, AnUnverifiedProcessWithholdsTheFigure) {
  auto bad = oneRun({1}, {2});
  bad.cases.front().mismatches = 1;
  bad.cases.front().mismatchDetail = "1 differs";
  bad.cases.front().measures.clear();
  // Either way round: the case is one unverified entry, and compare calls it so.
  for (const auto& pooled : {poolRuns({fileOf("a.json", oneRun({1}, {2})), fileOf("b.json", bad)}),
                             poolRuns({fileOf("b.json", bad), fileOf("a.json", oneRun({1}, {2}))})}) {
    ASSERT_EQ(pooled.entries.size(), 1u);
    EXPECT_FALSE(pooled.entries.front().verified);
    EXPECT_FALSE(pooled.entries.front().medianNs.has_value());
    EXPECT_TRUE(compare(fileOf("a.json", oneRun({1}, {2})), pooled, {}).failed());
  }
}

}  // namespace
}  // namespace fieldbench
