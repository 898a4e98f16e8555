// The executable with --field, --op, --ops-per-element and --list-ops: bad values are
// one-line usage errors (exit 2), every field and op runs verified on the device, JSON
// carries ops per second and the element size, and known-answer mode works in every field.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fieldbench/error.hpp"
#include "fieldbench/fields.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/verify.hpp"
#include "cli_fixture.hpp"

namespace fieldbench {
namespace {

namespace fs = std::filesystem;
using testing::bytesOf;
using testing::readFile;
using testing::Result;
using testing::writeWords;

class CliOpsTest : public testing::FieldbenchCliTest {
 protected:
  // The shared check, with a small -n unless the case reads --a-file.
  void expectUsageError(std::vector<std::string> args, const std::string& bad) const {
    if (std::find(args.begin(), args.end(), "--a-file") == args.end()) args.insert(args.end(), {"-n", "64"});
    FieldbenchCliTest::expectUsageError(std::move(args), bad);
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
  expectUsageError({"--kernel", "field_add_u64"}, "--kernel is replaced by --variant (best, all, u32, cios32, cios64");
  expectUsageError({"--kernel", "field_add_u64", "--op", "mul"}, "'field_add_u64'");
  expectUsageError({"--variant", "cios64", "--op", "add,neg"}, "invalid --variant 'cios64'");
  expectUsageError({"--variant", "u32", "--op", "sqr"}, "cios32, cios64");
  expectUsageError({"--variant", "bogus", "--op", "all"}, "best, all, u32, cios32, cios64");
}

TEST_F(CliOpsTest, KernelFieldAddIsAcceptedAsBefore) {
  const Result r = run({"--kernel", "field_add", "-n", "64", "--iterations", "1", "--format", "json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  for (const auto& b : doc["benchmarks"]) {
    EXPECT_EQ(b.at("op"), "field_add");
    EXPECT_EQ(b.at("variant"), "u32");
  }
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
    if (op == "int_probe" || op == "int_probe_wide" || op == "fp64_probe") {
      probe = true;
      EXPECT_EQ(b.at("ops_per_element"), op == "int_probe_wide" ? intProbeWideOpsPerElement() : intProbeOpsPerElement());
      EXPECT_EQ(b.at("elements"), 512);  // the largest size
      continue;
    }
    EXPECT_EQ(b.at("field"), "bn254-fr");
    EXPECT_EQ(b.at("element_bytes"), 32);
    EXPECT_EQ(b.at("ops_per_element"), 3);
    if (b.at("measure") == "kernel" && b.at("run_type") == "iteration") {
      const double items = b.at("items_per_second");
      EXPECT_DOUBLE_EQ(b.at("ops_per_second").get<double>(), 3 * items);
      const bool unary = op.find(".neg") != std::string::npos || op.find(".double") != std::string::npos ||
                         op.find(".sqr") != std::string::npos;
      EXPECT_DOUBLE_EQ(b.at("bytes_per_second").get<double>(), (unary ? 64 : 96) * items) << op;
      if (op == "bn254-fr.mul.x3" || op == "bn254-fr.sqr.x3") {
        fraction = fraction || b.at("int_rate_fraction").get<double>() > 0;
        EXPECT_GT(b.at("int_rate_fraction").get<double>(), 0) << op;
      }
    }
    if (b.at("measure") == "upload" && b.at("run_type") == "iteration") {
      EXPECT_DOUBLE_EQ(b.at("bytes_per_second").get<double>(), 64 * b.at("items_per_second").get<double>());
    }
  }
  EXPECT_EQ(ops, (std::vector<std::string>{"bn254-fr.add.x3", "bn254-fr.sub.x3", "bn254-fr.double.x3",
                                           "bn254-fr.neg.x3", "bn254-fr.mul.x3", "bn254-fr.sqr.x3", "int_probe",
                                           "int_probe_wide", "fp64_probe"}));  // lavapipe has shaderInt64 and shaderFloat64
  EXPECT_TRUE(probe);
  EXPECT_TRUE(fraction) << "mul's fraction of the probe's integer rate";
}

TEST_F(CliOpsTest, TableAndCsvShowOpsPerSecond) {
  // No --memory: auto, imported on lavapipe (it imports host memory).
  const Result t = run({"--op", "mul,sub", "-n", "128", "--iterations", "1", "--warmup", "0"});
  ASSERT_EQ(t.exitCode, 0) << t.err;
  // --variant best: mul's heading names the variant it chose, and the variant line how.
  // Any of the three may win on a loaded CPU device.
  EXPECT_TRUE(std::regex_search(t.out, std::regex(R"(bls12-381-fp\.mul \[(cios32|cios64|ps64)\] \(imported\):)")))
      << t.out;
  EXPECT_NE(t.out.find("bls12-381-fp.sub [u32] (imported):"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("variant: best: bls12-381-fp.mul "), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("(fastest of cios32 "), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("int_probe (imported):"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("op/s"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("int rate"), std::string::npos) << t.out;
  const Result c = run({"--op", "neg", "--field", "bn254-fp", "-n", "128", "--iterations", "1", "--format", "csv"});
  ASSERT_EQ(c.exitCode, 0) << c.err;
  EXPECT_NE(c.out.find("field,element_bytes,ops_per_element,ops_per_second,int_rate_fraction,fp64_rate_fraction,variant,note\n"),
            std::string::npos);
  EXPECT_NE(c.out.find("bn254-fp.neg,imported,128,kernel,"), std::string::npos) << c.out;
  const Result v = run({"--op", "sqr", "--variant", "cios32", "-n", "128", "--iterations", "1", "--format", "csv"});
  ASSERT_EQ(v.exitCode, 0) << v.err;
  const std::regex row("\nbls12-381-fp\\.sqr,imported,128,kernel,[^\\n]*,cios32,\\n");
  EXPECT_TRUE(std::regex_search(v.out, row)) << v.out;
}

TEST_F(CliOpsTest, KnownAnswerEveryField) {
  for (const Field* f : allFields()) {
    for (FieldOp op : {FieldOp::kMul, FieldOp::kSub, FieldOp::kSqr}) {
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

TEST_F(CliOpsTest, KnownAnswerSqrEveryVariant) {
  // Unary: b is read (same size, as for neg and double) but does not change the result.
  const Field& f = bn254Fp();
  const auto a = randomWords(f, 64, 5), b = randomWords(f, 64, 6);
  const fs::path aFile = dir_ / "a.bin", bFile = dir_ / "b.bin", cFile = dir_ / "c.bin";
  writeWords(aFile, a);
  writeWords(bFile, b);
  for (const char* variant : {"cios32", "cios64", "best"}) {
    SCOPED_TRACE(variant);
    fs::remove(cFile);
    const Result r = run({"--field", "bn254-fp", "--op", "sqr", "--variant", variant, "--ops-per-element", "3",
                          "--a-file", aFile.string(), "--b-file", bFile.string(), "--result-file", cFile.string(),
                          "--iterations", "1", "--format", "json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(readFile(cFile) == bytesOf(referenceOp(f, FieldOp::kSqr, 3, a, b)));
    EXPECT_TRUE(readFile(cFile) == bytesOf(referenceOp(f, FieldOp::kSqr, 3, a, a)));
    const auto doc = nlohmann::json::parse(r.out);
    ASSERT_EQ(doc["context"]["variants"].size(), 1u);
    EXPECT_EQ(doc["context"]["variants"][0]["choice"], std::string(variant) == "best" ? "best" : "named");
  }
}

TEST_F(CliOpsTest, VariantAllRunsEachSideBySide) {
  const Result r = run({"--field", "bls12-381-fr", "--op", "mul,add", "--variant", "all", "-n", "256",
                        "--iterations", "1", "--warmup", "0", "--format", "json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  std::set<std::pair<std::string, std::string>> ran;
  for (const auto& b : doc["benchmarks"]) {
    EXPECT_TRUE(b.at("verified").get<bool>()) << b.dump();
    ran.emplace(b.at("op"), b.at("variant"));
  }
  // Names stay <field>.<op>: the variant field tells the cases apart. Every variant runs but
  // those the device cannot (on lavapipe the FP64 ones: its double fma is not fused).
  const auto& ctx = doc["context"];
  std::set<std::string> skipped;
  for (const auto& s : ctx["skipped_variants"]) {
    EXPECT_NE(s.at("reason").get<std::string>().find("fma"), std::string::npos) << s.dump();
    skipped.insert(s.at("variant").get<std::string>());
  }
  std::set<std::pair<std::string, std::string>> want{
      {"bls12-381-fr.add", "u32"}, {"int_probe", ""}, {"int_probe_wide", ""}, {"fp64_probe", ""}};
  for (const Kernel* k : fieldOpKernels(bls12381Fr(), FieldOp::kMul)) {
    if (!skipped.contains(std::string(k->variant))) want.emplace("bls12-381-fr.mul", k->variant);
  }
  ASSERT_GE(want.size(), 5u);
  EXPECT_EQ(ran, want);
  EXPECT_EQ(ctx["variant"], "all");
  EXPECT_EQ(ctx["kernel"], "bls12-381-fr.mul,bls12-381-fr.add,int_probe,int_probe_wide,fp64_probe");
  ASSERT_EQ(ctx["variants"].size(), want.size() - 3);
  EXPECT_EQ(ctx["variants"][0]["choice"], "all");
  EXPECT_EQ(ctx["variants"].back()["choice"], "only");
  for (const std::string& v : skipped) {
    EXPECT_TRUE(fieldOpKernel(bls12381Fr(), FieldOp::kMul, v).needsFloat64) << v << ": lavapipe has shaderInt64";
  }
}

TEST_F(CliOpsTest, VariantBestNamesItsChoiceAndTheProbeTimes) {
  const Result r = run({"--field", "bn254-fr", "--op", "sqr,neg", "-n", "128,512", "--iterations", "1", "--format",
                        "json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  const auto& ctx = doc["context"];
  EXPECT_EQ(ctx["variant"], "best");
  ASSERT_EQ(ctx["variants"].size(), 2u);
  const auto& sqr = ctx["variants"][0];
  EXPECT_EQ(sqr["kernel"], "bn254-fr.sqr");
  EXPECT_EQ(sqr["choice"], "best");
  const auto& probes = sqr["probe_kernel_ns"];
  ASSERT_EQ(probes.size() + ctx["skipped_variants"].size(), fieldOpKernels(bn254Fr(), FieldOp::kSqr).size())
      << probes.dump();
  const std::string chosen = sqr["variant"];
  for (const auto& [name, ns] : probes.items()) EXPECT_LE(probes[chosen].get<double>(), ns.get<double>()) << name;
  EXPECT_EQ(ctx["variants"][1]["choice"], "only");
  // Only the chosen variant ran, at every size; the probe runs are not benchmarks.
  std::set<std::string> sqrVariants;
  std::set<std::uint64_t> sizes;
  for (const auto& b : doc["benchmarks"]) {
    if (b.at("op") != "bn254-fr.sqr") continue;
    sqrVariants.insert(b.at("variant").get<std::string>());
    sizes.insert(b.at("elements").get<std::uint64_t>());
  }
  EXPECT_EQ(sqrVariants, std::set<std::string>{chosen});
  EXPECT_EQ(sizes, (std::set<std::uint64_t>{128, 512}));
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
