// The executable with --field, --op, --ops-per-element and --list-ops: bad values are
// one-line usage errors (exit 2), every field and op runs verified on the device, JSON
// carries ops per second and the element size, and known-answer mode works in every field.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fieldbench/error.hpp"
#include "fieldbench/fields.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/verify.hpp"
#include "program.hpp"

#ifndef FIELDBENCH_EXE
#error "FIELDBENCH_EXE must name the fieldbench executable"
#endif

namespace fieldbench {
namespace {

namespace fs = std::filesystem;
using testing::Result;
using testing::readFile;
using testing::runProgram;

void writeWords(const fs::path& path, const std::vector<std::uint64_t>& words) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(words.data()), static_cast<std::streamsize>(words.size() * 8));
}

std::string bytesOf(const std::vector<std::uint64_t>& words) {
  return {reinterpret_cast<const char*>(words.data()), words.size() * 8};
}

class CliOpsTest : public testing::TempDirTest {
 protected:
  Result run(const std::vector<std::string>& args) { return runProgram(FIELDBENCH_EXE, args, dir_); }

  // Exit 2, one line on stderr naming `bad`, no -o file.
  void expectUsageError(std::vector<std::string> args, const std::string& bad) {
    const fs::path report = dir_ / "report.out";
    if (std::find(args.begin(), args.end(), "--a-file") == args.end()) args.insert(args.end(), {"-n", "64"});
    args.insert(args.end(), {"-o", report.string()});
    std::string what = "fieldbench";
    for (const auto& a : args) what += " " + a;
    SCOPED_TRACE(what);
    const Result r = run(args);
    EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kUsage)) << r.err << r.out;
    EXPECT_EQ(r.errLines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(report));
  }
};

TEST_F(CliOpsTest, ListOps) {
  const Result r = run({"--list-ops"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  for (const Field* f : allFields()) {
    EXPECT_NE(r.out.find(std::string(f->name)), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(std::to_string(f->elementBytes()) + "-byte"), std::string::npos) << r.out;
  }
  for (FieldOp op : allOps()) EXPECT_NE(r.out.find("  " + std::string(toString(op)) + " "), std::string::npos);
  EXPECT_NE(r.out.find("Montgomery"), std::string::npos);
}

TEST_F(CliOpsTest, BadFieldOpAndOpsPerElement) {
  expectUsageError({"--field", "bls12-377"}, "bls12-377");
  expectUsageError({"--field", ""}, "invalid field");
  expectUsageError({"--op", "mult"}, "mult");
  expectUsageError({"--op", "add,"}, "invalid op");
  expectUsageError({"--op", ""}, "invalid op");
  expectUsageError({"--ops-per-element", "0"}, "'0'");
  expectUsageError({"--ops-per-element", "x"}, "'x'");
  expectUsageError({"--ops-per-element", "65537"}, "65537");
  expectUsageError({"--kernel", "field_add_u64", "--op", "mul"}, "--kernel field_add_u64");
  expectUsageError({"--kernel", "field_add_u64", "--field", "bn254-fp"}, "--kernel field_add_u64");
}

TEST_F(CliOpsTest, AllOpsChainedJson) {
  const Result r = run({"--field", "bn254-fr", "--op", "all", "--ops-per-element", "3", "-n", "256,512",
                        "--iterations", "2", "--warmup", "0", "--format", "json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["context"]["field"], "bn254-fr");
  EXPECT_EQ(doc["context"]["ops_per_element"], 3);
  std::vector<std::string> ops;
  bool probe = false, fraction = false;
  for (const auto& b : doc["benchmarks"]) {
    EXPECT_EQ(b.value("error_occurred", false), false) << b.dump();
    EXPECT_TRUE(b.at("verified").get<bool>()) << b.dump();
    const std::string op = b.at("op");
    if (std::find(ops.begin(), ops.end(), op) == ops.end()) ops.push_back(op);
    if (op == "int_probe") {
      probe = true;
      EXPECT_EQ(b.at("ops_per_element"), intProbeOpsPerElement());
      EXPECT_EQ(b.at("elements"), 512);  // the largest size
      continue;
    }
    EXPECT_EQ(b.at("field"), "bn254-fr");
    EXPECT_EQ(b.at("element_bytes"), 32);
    EXPECT_EQ(b.at("ops_per_element"), 3);
    if (b.at("measure") == "kernel" && b.at("run_type") == "iteration") {
      const double items = b.at("items_per_second");
      EXPECT_DOUBLE_EQ(b.at("ops_per_second").get<double>(), 3 * items);
      const bool unary = op.find(".neg") != std::string::npos || op.find(".double") != std::string::npos;
      EXPECT_DOUBLE_EQ(b.at("bytes_per_second").get<double>(), (unary ? 64 : 96) * items) << op;
      if (op == "bn254-fr.mul.x3") fraction = fraction || b.at("int_rate_fraction").get<double>() > 0;
    }
    if (b.at("measure") == "upload" && b.at("run_type") == "iteration") {
      EXPECT_DOUBLE_EQ(b.at("bytes_per_second").get<double>(), 64 * b.at("items_per_second").get<double>());
    }
  }
  EXPECT_EQ(ops, (std::vector<std::string>{"bn254-fr.add.x3", "bn254-fr.sub.x3", "bn254-fr.double.x3",
                                           "bn254-fr.neg.x3", "bn254-fr.mul.x3", "int_probe"}));
  EXPECT_TRUE(probe);
  EXPECT_TRUE(fraction) << "mul's fraction of the probe's integer rate";
}

TEST_F(CliOpsTest, TableAndCsvShowOpsPerSecond) {
  // No --memory: auto, imported on lavapipe (it imports host memory).
  const Result t = run({"--op", "mul,sub", "-n", "128", "--iterations", "1", "--warmup", "0"});
  ASSERT_EQ(t.exitCode, 0) << t.err;
  EXPECT_NE(t.out.find("bls12-381-fp.mul (imported):"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("bls12-381-fp.sub (imported):"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("int_probe (imported):"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("op/s"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("int rate"), std::string::npos) << t.out;
  const Result c = run({"--op", "neg", "--field", "bn254-fp", "-n", "128", "--iterations", "1", "--format", "csv"});
  ASSERT_EQ(c.exitCode, 0) << c.err;
  EXPECT_NE(c.out.find("field,element_bytes,ops_per_element,ops_per_second,int_rate_fraction"), std::string::npos);
  EXPECT_NE(c.out.find("bn254-fp.neg,imported,128,kernel,"), std::string::npos) << c.out;
}

TEST_F(CliOpsTest, KnownAnswerEveryField) {
  for (const Field* f : allFields()) {
    for (FieldOp op : {FieldOp::kMul, FieldOp::kSub}) {
      SCOPED_TRACE(std::string(f->name) + " " + std::string(toString(op)));
      const auto a = randomWords(*f, 100, 3), b = randomWords(*f, 100, 4);
      const fs::path aFile = dir_ / "a.bin", bFile = dir_ / "b.bin", cFile = dir_ / "c.bin";
      writeWords(aFile, a);
      writeWords(bFile, b);
      fs::remove(cFile);
      const Result r = run({"--field", std::string(f->name), "--op", std::string(toString(op)), "--ops-per-element",
                            "2", "--a-file", aFile.string(), "--b-file", bFile.string(), "--result-file",
                            cFile.string(), "--iterations", "1"});
      ASSERT_EQ(r.exitCode, 0) << r.err;
      EXPECT_EQ(fs::file_size(cFile), 100 * f->elementBytes());
      EXPECT_TRUE(readFile(cFile) == bytesOf(referenceOp(*f, op, 2, a, b)));
    }
  }
}

TEST_F(CliOpsTest, KnownAnswerFileSizedForAnotherField) {
  // 48-byte BLS12-381 Fp elements: 3 of them are 144 bytes, 4.5 elements of 32 bytes.
  const auto a = randomWords(bls12381Fp(), 3, 3);
  writeWords(dir_ / "a.bin", a);
  writeWords(dir_ / "b.bin", a);
  expectUsageError({"--field", "bn254-fr", "--a-file", (dir_ / "a.bin").string(), "--b-file",
                    (dir_ / "b.bin").string(), "--result-file", (dir_ / "c.bin").string()},
                   "multiple of 32");
  // A BN254 p element above r is not canonical in bn254-fr.
  auto big = randomWords(bn254Fp(), 4, 1);
  storeElement(big, 2, 4, [] { Element x = bn254Fp().modulus; x[0] -= 1; return x; }());
  writeWords(dir_ / "a.bin", big);
  writeWords(dir_ / "b.bin", big);
  expectUsageError({"--field", "bn254-fr", "--a-file", (dir_ / "a.bin").string(), "--b-file",
                    (dir_ / "b.bin").string(), "--result-file", (dir_ / "c.bin").string()},
                   "element 2 is not canonical");
  expectUsageError({"--op", "add,mul", "--a-file", (dir_ / "a.bin").string(), "--b-file",
                    (dir_ / "b.bin").string(), "--result-file", (dir_ / "c.bin").string()},
                   "one --op");
}

}  // namespace
}  // namespace fieldbench
