// --runs and FIELDBENCH_SLOWDOWN on lavapipe: the runs in the JSON, and a large slowdown that
// compare must call slower (the aid makes it certain: every round trip is 11x its own time).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli_fixture.hpp"

namespace fieldbench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::Result;
using testing::readFile;
using testing::runProgram;

class RunsCli : public testing::FieldbenchCliTest {
 protected:
  Result run(const std::vector<std::string>& args, const std::string& slowdown = {}) {
    if (slowdown.empty()) ::unsetenv("FIELDBENCH_SLOWDOWN");
    else ::setenv("FIELDBENCH_SLOWDOWN", slowdown.c_str(), 1);
    Result r = FieldbenchCliTest::run(args);
    ::unsetenv("FIELDBENCH_SLOWDOWN");
    return r;
  }
  // A short sweep of `runs` runs as JSON in `name`.
  fs::path sweep(const std::string& name, const std::string& runs, const std::string& slowdown = {}) {
    const auto path = dir_ / name;
    const Result r = run({"--elements", "1K", "--iterations", "4", "--warmup", "1", "--warmup-time", "0",
                          "--memory", "device-local", "--runs", runs, "--format", "json", "-o", path.string()},
                         slowdown);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return path;
  }
};

TEST_F(RunsCli, EachRunInTheJson) {
  const auto doc = json::parse(readFile(sweep("runs.json", "2")));
  EXPECT_EQ(doc["context"]["runs"], 2);
  EXPECT_EQ(doc["context"]["slowdown_percent"], 0);
  std::set<int> runIndices;
  int runMedians = 0;
  for (const auto& b : doc["benchmarks"]) {
    if (b["measure"] != "roundtrip") continue;
    if (b["run_type"] == "iteration") runIndices.insert(b["run_index"].get<int>());
    if (b.value("aggregate_name", "") == "run_median") ++runMedians;
  }
  EXPECT_EQ(runIndices, (std::set<int>{0, 1}));
  EXPECT_EQ(runMedians, 2);
}

TEST_F(RunsCli, BadRunsAndSlowdownAreUsageErrors) {
  for (const std::string bad : {"0", "101", "x", "-1"}) {
    const Result r = run({"--elements", "1K", "--runs", bad});
    EXPECT_EQ(r.exitCode, 2) << bad;
    EXPECT_NE(r.err.find("--runs '" + bad + "'"), std::string::npos) << r.err;
  }
  for (const std::string bad : {"0", "-5", "abc", "1001"}) {
    const Result r = run({"--elements", "1K", "--iterations", "1"}, bad);
    EXPECT_EQ(r.exitCode, 2) << bad;
    EXPECT_EQ(r.errLines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find("FIELDBENCH_SLOWDOWN '" + bad + "'"), std::string::npos) << r.err;
  }
}

TEST_F(RunsCli, BatchTimesKernelsBackToBack) {
  const Result r = run({"--elements", "1K,4K", "--op", "add,mul", "--iterations", "3", "--batch", "4", "--warmup-time", "0",
                        "--memory", "device-local,imported", "--format", "json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto doc = json::parse(r.out);
  EXPECT_EQ(doc["context"]["batch"], 4);
  std::set<std::string> batched;
  for (const auto& b : doc["benchmarks"]) {
    const auto name = b["name"].get<std::string>();
    if (b.contains("run_type") && b["run_type"] == "iteration" && name.ends_with("/kernel_batch")) {
      EXPECT_GT(b["real_time"].get<double>(), 0) << name;
      batched.insert(name);
    }
  }
  // Every case of both ops in both kinds (the integer-rate probe of mul too).
  for (const char* kind : {"device-local", "imported"}) {
    for (const char* n : {"1024", "4096"}) {
      EXPECT_TRUE(batched.contains(fmt::format("field_add/{}/{}/kernel_batch", kind, n))) << kind << n;
      EXPECT_TRUE(batched.contains(fmt::format("bls12-381-fp.mul/{}/{}/kernel_batch", kind, n))) << kind << n;
    }
  }
  // The table's section, and without --batch none.
  const Result table = run({"--elements", "1K", "--iterations", "2", "--batch", "3", "--warmup-time", "0"});
  ASSERT_EQ(table.exitCode, 0) << table.err;
  const auto section = table.out.find("kernel batch: 3 kernels back to back");
  ASSERT_NE(section, std::string::npos) << table.out;
  EXPECT_NE(table.out.find("field_add [u32]", section), std::string::npos) << table.out;  // its row
  const Result plain = run({"--elements", "1K", "--iterations", "2", "--warmup-time", "0", "--format", "json"});
  ASSERT_EQ(plain.exitCode, 0) << plain.err;
  EXPECT_EQ(plain.out.find("kernel_batch"), std::string::npos);
  for (const std::string bad : {"0", "10001", "x", "-1"}) {
    const Result u = run({"--elements", "1K", "--batch", bad});
    EXPECT_EQ(u.exitCode, 2) << bad;
    EXPECT_EQ(u.errLines().size(), 1u) << u.err;
    EXPECT_NE(u.err.find("--batch '" + bad + "'"), std::string::npos) << u.err;
  }
}

TEST_F(RunsCli, SlowdownIsDetectedBetweenRuns) {
  const auto base = sweep("base.json", "5");
  const auto slow = sweep("slow.json", "5", "1000");
  EXPECT_EQ(json::parse(readFile(slow))["context"]["slowdown_percent"], 1000);
  const Result r = run({"compare", base.string(), slow.string(), "--measure", "roundtrip"});
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("roundtrip"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" slower\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("current made 1000% slower by FIELDBENCH_SLOWDOWN"), std::string::npos) << r.out;
  // The kernel: ten more dispatches inside its timestamps.
  const Result k = run({"compare", base.string(), slow.string(), "--measure", "kernel", "--format", "json"});
  const auto doc = json::parse(k.out);
  EXPECT_EQ(doc["comparisons"][0]["p_value_scope"], "runs");
  EXPECT_GT(doc["comparisons"][0]["change_percent"].get<double>(), 100) << k.out;
}

TEST_F(RunsCli, CompareAsidePoolsInterleavedProcesses) {
  // Base and current processes one after the other, one run each, three a side: the pooled
  // sides have three runs, so compare tests the run medians.
  std::string base, slow;
  for (int i = 0; i < 3; ++i) {
    base += (i ? "," : "") + sweep("base" + std::to_string(i) + ".json", "1").string();
    slow += (i ? "," : "") + sweep("slow" + std::to_string(i) + ".json", "1", "1000").string();
  }
  const Result r = run({"compare", base, slow, "--measure", "roundtrip", "--format", "json"});
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  const auto doc = json::parse(r.out);
  EXPECT_EQ(doc["comparisons"][0]["p_value_scope"], "runs") << r.out;
  EXPECT_EQ(doc["comparisons"][0]["verdict"], "slower") << r.out;
  // One side pooled from a slowed and an unslowed process is a usage error naming the file.
  const Result mixed = run({"compare", base + "," + (dir_ / "slow0.json").string(), slow});
  EXPECT_EQ(mixed.exitCode, 2) << mixed.out;
  EXPECT_EQ(mixed.errLines().size(), 1u) << mixed.err;
  EXPECT_NE(mixed.err.find("slow0.json: cannot pool with"), std::string::npos) << mixed.err;
  const Result empty = run({"compare", base + ",", slow});
  EXPECT_EQ(empty.exitCode, 2);
  EXPECT_NE(empty.err.find("an empty file name"), std::string::npos) << empty.err;
}

}  // namespace
}  // namespace fieldbench
