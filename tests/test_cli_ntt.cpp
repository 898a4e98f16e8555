// The executable with --op ntt/intt: every usage error is one line naming the value and the
// limit (exit 2, no report file), known-answer mode in both fields and both directions, and
// the JSON names, byte counts and efficiency of an NTT run.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "fieldbench/error.hpp"
#include "fieldbench/fields.hpp"
#include "fieldbench/ntt.hpp"
#include "fieldbench/verify.hpp"
#include "cli_fixture.hpp"

namespace fieldbench {
namespace {

namespace fs = std::filesystem;
using testing::bytesOf;
using testing::readFile;
using testing::Result;
using testing::writeWords;

using CliNttTest = testing::FieldbenchCliTest;

TEST_F(CliNttTest, UsageErrorsNameTheLimit) {
  expectUsageError({"--field", "bls12-381-fp", "--op", "ntt", "-n", "64"}, "invalid field 'bls12-381-fp'");
  expectUsageError({"--field", "bn254-fp", "--op", "intt", "-n", "64"}, "bls12-381-fr (sizes up to 2^32)");
  expectUsageError({"--field", "bn254-fr", "--op", "ntt", "-n", "96"}, "invalid size 96: expected a power of two from 2 to 2^28");
  expectUsageError({"--field", "bls12-381-fr", "--op", "ntt", "-n", "1"}, "invalid size 1");
  expectUsageError({"--field", "bn254-fr", "--op", "ntt", "-n", "512M"}, "at most 2^28");
  expectUsageError({"--field", "bls12-381-fr", "--op", "ntt", "-n", "8G"}, "at most 2^32");
  expectUsageError({"--field", "bn254-fr", "--op", "ntt", "-n", "64", "--ops-per-element", "2"},
                   "invalid --ops-per-element '2': --op ntt/intt takes only 1");
  const fs::path a = dir_ / "a.bin", b = dir_ / "b.bin", c = dir_ / "c.bin";
  writeWords(a, randomWords(bn254Fr(), 8, 1));
  writeWords(b, randomWords(bn254Fr(), 8, 2));
  expectUsageError({"--field", "bn254-fr", "--op", "ntt", "--a-file", a.string(), "--b-file", b.string(),
                    "--result-file", c.string()}, "--b-file");
  expectUsageError({"--field", "bn254-fr", "--op", "ntt", "--a-file", a.string()}, "--result-file");
  writeWords(a, randomWords(bn254Fr(), 12, 1));
  expectUsageError({"--field", "bn254-fr", "--op", "ntt", "--a-file", a.string(), "--result-file", c.string()},
                   "invalid size 12");
  EXPECT_FALSE(fs::exists(c));
}

TEST_F(CliNttTest, KnownAnswerBothFieldsAndDirections) {
  for (const Field* f : {&bls12381Fr(), &bn254Fr()}) {
    for (FieldOp op : transformOps()) {
      SCOPED_TRACE(std::string(f->name) + " " + std::string(toString(op)));
      const auto x = randomWords(*f, 128, 3);  // the O(n^2) definition checks it
      const fs::path aFile = dir_ / "x.bin", cFile = dir_ / "y.bin";
      writeWords(aFile, x);
      fs::remove(cFile);
      const Result r = run({"--field", std::string(f->name), "--op", std::string(toString(op)), "--a-file",
                            aFile.string(), "--result-file", cFile.string(), "--iterations", "2", "--warmup", "0"});
      ASSERT_EQ(r.exitCode, 0) << r.err;
      EXPECT_TRUE(readFile(cFile) == bytesOf(naiveDft(*f, x, op == FieldOp::kIntt)));
    }
  }
}

TEST_F(CliNttTest, JsonNamesBytesAndEfficiency) {
  const Result r = run({"--field", "bls12-381-fr", "--op", "mul,ntt,intt", "-n", "1K,2K", "--iterations", "2",
                        "--warmup", "0", "--variant", "cios32", "--memory", "device-local", "--format", "json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  std::set<std::string> names;
  for (const auto& b : doc["benchmarks"]) {
    EXPECT_TRUE(b.at("verified").get<bool>()) << b.dump();
    names.insert(b.at("name").get<std::string>());
    const std::string op = b.at("op");
    if (op != "bls12-381-fr.ntt" || b.at("run_type") != "iteration") continue;
    const std::string measure = b.at("measure");
    const double passes = 2;  // 8 stages per pass: 10 and 11 stages take 2
    const double bytesPerElement = b.at("bytes_per_second").get<double>() / b.at("items_per_second").get<double>();
    if (measure == "kernel") {
      EXPECT_NEAR(bytesPerElement, 64 * passes, 1e-6) << b.dump();
      EXPECT_GT(b.at("kernel_efficiency").get<double>(), 0) << b.dump();
    } else if (measure == "upload") {
      EXPECT_NEAR(bytesPerElement, 32, 1e-6) << b.dump();
    } else if (measure == "roundtrip") {
      EXPECT_NEAR(bytesPerElement, 64, 1e-6) << b.dump();
    }
  }
  for (const char* name : {"bls12-381-fr.ntt/device-local/1024/kernel", "bls12-381-fr.intt/device-local/2048/roundtrip",
                           "bls12-381-fr.ntt/device-local/2048/upload", "bls12-381-fr.intt/device-local/1024/download"}) {
    EXPECT_TRUE(names.contains(std::string(name) + "_median")) << name;
  }
}

TEST_F(CliNttTest, CompareAndPlotReadNttReports) {
  const fs::path a = dir_ / "a.json", b = dir_ / "b.json", svg = dir_ / "ntt.svg";
  const Result r = run({"--field", "bn254-fr", "--op", "ntt", "-n", "512,1K", "--iterations", "3", "--warmup", "0",
                        "--variant", "cios32", "--memory", "device-local", "--format", "json", "-o", a.string()});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  // The report against a copy of itself: two runs on a loaded CI machine can differ by 10x,
  // and this test is about reading NTT reports, not about their timing.
  fs::copy_file(a, b);
  const Result compared = run({"compare", a.string(), b.string(), "--format", "json"});
  ASSERT_EQ(compared.exitCode, 0) << compared.err << compared.out;
  std::set<std::string> names;
  const auto doc = nlohmann::json::parse(compared.out);
  for (const auto& row : doc.at("comparisons")) {
    names.insert(row.at("name").get<std::string>());
    EXPECT_EQ(row.at("verdict"), "same") << row.dump();
  }
  EXPECT_TRUE(names.contains("bn254-fr.ntt/device-local/1024/kernel")) << compared.out;
  EXPECT_TRUE(names.contains("bn254-fr.ntt/device-local/512/roundtrip")) << compared.out;
  const Result plotted = run({"plot", a.string(), "-o", svg.string(), "--table"});
  ASSERT_EQ(plotted.exitCode, 0) << plotted.err;
  // One series per report and measure (a report of one op: the NTT's elements per second).
  EXPECT_NE(readFile(svg).find(": kernel"), std::string::npos);
  EXPECT_NE(readFile(svg).find(": round trip"), std::string::npos);
}

}  // namespace
}  // namespace fieldbench
