// The executable with --shader on the device (validation on): the example shaders verify,
// beside the built-ins with --variant all and in --variant best; provenance in the JSON;
// a wrong result is exit 1, a syntax error and an interface violation exit 2, a loop that
// never ends exit 4 at --timeout; compare shows the variants of two reports.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "fieldbench/error.hpp"
#include "cli_fixture.hpp"
#include "user_shaders.hpp"

namespace fieldbench {
namespace {

namespace fs = std::filesystem;
using testing::Result;
using testing::runProgram;
namespace shaders = testing::shaders;

const std::string kExamples = FIELDBENCH_SOURCE_DIR "/docs/examples/shaders/";

class CliShaderTest : public testing::FieldbenchCliTest {
 protected:
  Result run(std::vector<std::string> args) {
    args.insert(args.end(), {"--iterations", "2", "--warmup", "1", "--warmup-time", "0"});
    return FieldbenchCliTest::run(args);
  }
  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
};

TEST_F(CliShaderTest, ExamplesVerifyWithProvenance) {
  for (const auto& [file, op, field] : {std::tuple{"add.comp", "add", "bls12-381-fp"}, std::tuple{"mul.comp", "mul", "bn254-fr"}}) {
    SCOPED_TRACE(file);
    const std::string path = kExamples + file;
    const Result r = run({"--shader", path, "--op", op, "--field", field, "-n", "1K,3000", "--ops-per-element", "2",
                          "-D", "UNUSED=7", "--format", "json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    const auto& shader = doc["context"]["shader"];
    EXPECT_EQ(shader["path"], path);
    EXPECT_EQ(shader["variant"], std::string("file:") + fs::path(file).stem().string());
    EXPECT_EQ(shader["defines"], nlohmann::json::array({"UNUSED=7"}));
    EXPECT_EQ(shader["source_sha256"].get<std::string>().size(), 64u);
    EXPECT_GT(shader["spirv_bytes"].get<int>(), 0);
    int entries = 0;
    for (const auto& b : doc["benchmarks"]) {
      if (b["name"].get<std::string>().find("_probe") != std::string::npos) continue;  // mul's rate probes
      EXPECT_EQ(b["variant"], shader["variant"]);
      EXPECT_TRUE(b["name"].get<std::string>().starts_with(std::string(field) + "." + op + ".x2/")) << b["name"];
      ++entries;
    }
    EXPECT_GT(entries, 0);
  }
}

TEST_F(CliShaderTest, BesideTheBuiltInsAndChosenByBest) {
  const Result all = run({"--shader", kExamples + "add.comp", "--variant", "all", "-n", "1K", "--format", "json"});
  ASSERT_EQ(all.exitCode, 0) << all.err;
  std::set<std::string> variants;
  const auto allDoc = nlohmann::json::parse(all.out);
  for (const auto& b : allDoc["benchmarks"]) variants.insert(b["variant"]);
  EXPECT_EQ(variants, (std::set<std::string>{"u32", "file:add"}));
  const Result best = run({"--shader", kExamples + "add.comp", "--variant", "best", "-n", "1K", "--format", "json"});
  ASSERT_EQ(best.exitCode, 0) << best.err;
  const auto bestDoc = nlohmann::json::parse(best.out);
  const auto& choice = bestDoc["context"]["variants"][0];
  EXPECT_EQ(choice["choice"], "best");
  EXPECT_TRUE(choice["probe_kernel_ns"].contains("file:add")) << choice;
}

TEST_F(CliShaderTest, WrongResultIsMismatch) {
  const Result r = run({"--shader", write("sub_not_add.comp", shaders::kWrongResult), "-n", "1K"});
  EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kMismatch)) << r.err;
  EXPECT_NE(r.err.find("verification failed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("index"), std::string::npos) << r.err;
}

TEST_F(CliShaderTest, TheBatchResultIsVerifiedToo) {
  // A kernel right only over the poison: the round trips are, the batch's second kernel is not.
  const std::string path = write("once.comp", shaders::kRightOnlyOnce);
  const Result roundTrips = run({"--shader", path, "-n", "1K"});
  EXPECT_EQ(roundTrips.exitCode, 0) << roundTrips.err;
  const Result one = run({"--shader", path, "-n", "1K", "--batch", "1"});
  EXPECT_EQ(one.exitCode, 0) << one.err;
  const Result batch = run({"--shader", path, "-n", "1K", "--batch", "2"});
  EXPECT_EQ(batch.exitCode, static_cast<int>(ExitCode::kMismatch)) << batch.err;
  EXPECT_NE(batch.err.find("verification failed"), std::string::npos) << batch.err;
}

TEST_F(CliShaderTest, SyntaxErrorAndViolationsAreUsage) {
  const fs::path report = dir_ / "report.json";
  const Result syntax = run({"--shader", write("broken.comp", shaders::kSyntaxError), "-n", "1K", "-o", report.string()});
  EXPECT_EQ(syntax.exitCode, static_cast<int>(ExitCode::kUsage)) << syntax.err;
  EXPECT_NE(syntax.err.find("broken.comp:5:"), std::string::npos) << syntax.err;
  for (const auto& v : {shaders::kViolations.front(), shaders::kViolations[6]}) {
    const Result r = run({"--shader", write("bad.comp", v.source), "-n", "1K", "-o", report.string()});
    EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kUsage)) << v.what << r.err;
    EXPECT_EQ(r.errLines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find(v.expected), std::string::npos) << r.err;
  }
  const Result twoOps = run({"--shader", kExamples + "add.comp", "--op", "add,sub", "-n", "1K"});
  EXPECT_EQ(twoOps.exitCode, static_cast<int>(ExitCode::kUsage));
  const Result noSpec = run({"--shader", write("k.comp", shaders::source(shaders::with([](shaders::Parts& p) {
                               p.spec = "const uint kOpsPerElement = 1u;";
                             }))), "--ops-per-element", "3", "-n", "1K"});
  EXPECT_EQ(noSpec.exitCode, static_cast<int>(ExitCode::kUsage));
  EXPECT_NE(noSpec.err.find("constant_id = 1"), std::string::npos) << noSpec.err;
  EXPECT_FALSE(fs::exists(report));
}

TEST_F(CliShaderTest, InfiniteLoopEndsAtTimeout) {
  const fs::path report = dir_ / "report.json";
  const Result r = run({"--shader", write("loop.comp", shaders::kInfiniteLoop), "-n", "16K", "--timeout", "2", "-o",
                        report.string()});
  EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kRuntime)) << r.err;
  ASSERT_EQ(r.errLines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("the GPU did not finish within 2 s (--timeout)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("waiting for"), std::string::npos) << r.err;  // the step
  EXPECT_FALSE(fs::exists(report));
}

TEST_F(CliShaderTest, CompareShowsTheVariants) {
  const std::string mine = (dir_ / "mine.json").string(), builtIn = (dir_ / "builtin.json").string();
  ASSERT_EQ(run({"--shader", kExamples + "add.comp", "-n", "1K", "--format", "json", "-o", mine}).exitCode, 0);
  ASSERT_EQ(run({"--variant", "u32", "-n", "1K", "--format", "json", "-o", builtIn}).exitCode, 0);
  const Result r = runProgram(FIELDBENCH_EXE, {"compare", builtIn, mine}, dir_);
  EXPECT_NE(r.out.find("file:add"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("u32"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace fieldbench
