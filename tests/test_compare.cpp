// fieldbench compare: the comparison logic on hand-built files, then the subcommand end to
// end on reports written by JsonReporter from hand-built Reports (exit codes, rows, stderr).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli_fixture.hpp"
#include "fieldbench/compare.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/report.hpp"
#include "fieldbench/report_json.hpp"
#include "fieldbench/report_reader.hpp"
#include "fieldbench/stats.hpp"

namespace fieldbench {
namespace {

namespace fs = std::filesystem;
using testing::Result;
using testing::readFile;
using testing::runProgram;

// ----------------------------------------------------------------- logic

// The threshold and the U test alone: files of one run with the one-run noise floor off (the
// floor and the tests between runs are checked in "runs" below).
const CompareOptions kNoFloor{.noiseFloorPercent = 0};

BenchmarkEntry entry(std::uint64_t elements, std::string measure, double medianNs, bool verified = true) {
  return {.key = {.op = "field_add", .memory = "device-local", .elements = elements, .measure = std::move(measure)},
          .medianNs = medianNs,
          .verified = verified};
}

// The error entry a case that failed verification has instead of its measures.
BenchmarkEntry failedCase(std::uint64_t elements) {
  return {.key = {.op = "field_add", .memory = "device-local", .elements = elements, .measure = "verify"},
          .medianNs = {},
          .verified = false};
}

BenchmarkFile file(std::string label, std::vector<BenchmarkEntry> entries, std::string device = "GPU") {
  return {.label = std::move(label), .deviceName = std::move(device), .entries = std::move(entries)};
}

BenchmarkFile baselineFile() {
  return file("base.json", {entry(1024, "kernel", 2000), entry(1024, "roundtrip", 50000), entry(1024, "upload", 900),
                            entry(2048, "kernel", 4000), entry(2048, "roundtrip", 90000)});
}

// The candidate with the median of `measure` at `elements` scaled by `factor`.
BenchmarkFile scaled(std::uint64_t elements, const std::string& measure, double factor) {
  auto f = baselineFile();
  f.label = "cand.json";
  for (auto& e : f.entries) {
    if (e.key.elements == elements && e.key.measure == measure) *e.medianNs *= factor;
  }
  return f;
}

const ComparisonRow& row(const Comparison& c, std::uint64_t elements, const std::string& measure) {
  const auto it = std::ranges::find_if(
      c.rows, [&](const ComparisonRow& r) { return r.key.elements == elements && r.key.measure == measure; });
  if (it == c.rows.end()) throw std::runtime_error("no row " + std::to_string(elements) + "/" + measure);
  return *it;
}

TEST(CompareLogic, SameDataIsAllSame) {
  const auto c = compare(baselineFile(), baselineFile(), kNoFloor);
  ASSERT_EQ(c.rows.size(), 4u);  // kernel and roundtrip of two sizes; upload is not selected by default
  for (const auto& r : c.rows) {
    EXPECT_EQ(r.verdict, Verdict::kSame) << r.key.name();
    EXPECT_DOUBLE_EQ(*r.changePercent, 0);
  }
  EXPECT_FALSE(c.failed());
  EXPECT_EQ(c.exitCode(), CompareExit::kNoRegression);
}

TEST(CompareLogic, VariantColumnOnlyWhereTheVariantsDiffer) {
  // Same name, different variant (--variant best chose another one): the row says so.
  auto base = baselineFile(), cand = baselineFile();
  for (auto& e : base.entries) e.variant = "cios32";
  for (auto& e : cand.entries) e.variant = e.key.elements == 1024 ? "cios64" : "cios32";
  const auto c = compare(base, cand, kNoFloor);
  EXPECT_EQ(row(c, 1024, "kernel").baselineVariant, "cios32");
  EXPECT_EQ(row(c, 1024, "kernel").candidateVariant, "cios64");
  std::ostringstream table;
  writeComparisonTable(c, table);
  EXPECT_NE(table.str().find("variant"), std::string::npos) << table.str();
  EXPECT_TRUE(std::regex_search(table.str(), std::regex(R"(field_add/device-local/1024/kernel .*cios32 -> cios64 +same)")))
      << table.str();
  EXPECT_TRUE(std::regex_search(table.str(), std::regex(R"(field_add/device-local/2048/kernel .* cios32 +same)")))
      << table.str();
  std::ostringstream json;
  writeComparisonJson(c, json);
  EXPECT_NE(json.str().find(R"("baseline_variant": "cios32", "current_variant": "cios64")"), std::string::npos)
      << json.str();
  // The same variants, or a report older than --variant (no variant): no column.
  for (auto& e : cand.entries) e.variant = "cios32";
  std::ostringstream same;
  writeComparisonTable(compare(base, cand, kNoFloor), same);
  EXPECT_EQ(same.str().find("variant"), std::string::npos) << same.str();
  std::ostringstream old;
  writeComparisonTable(compare(baselineFile(), baselineFile(), kNoFloor), old);
  EXPECT_EQ(old.str().find("variant"), std::string::npos) << old.str();
}

TEST(CompareLogic, VariantAllPairsEqualVariants) {
  // Two --variant all reports: each name twice, told apart by variant; only cios64 got slower.
  auto entries = [](double cios64Ns) {
    std::vector<BenchmarkEntry> out;
    for (const auto& [variant, ns] : {std::pair{"cios32", 3000.0}, std::pair{"cios64", cios64Ns}}) {
      auto e = entry(1024, "kernel", ns);
      e.key.op = "bls12-381-fp.mul";
      e.variant = variant;
      out.push_back(e);
    }
    return out;
  };
  const CompareOptions kernelOnly{.noiseFloorPercent = 0, .measures = {"kernel"}};
  const auto c = compare(file("base.json", entries(2000)), file("cand.json", entries(2600)), kernelOnly);
  ASSERT_EQ(c.rows.size(), 2u);
  EXPECT_EQ(c.rows[0].baselineVariant, "cios32");
  EXPECT_EQ(c.rows[0].candidateVariant, "cios32");
  EXPECT_EQ(c.rows[0].verdict, Verdict::kSame);
  EXPECT_EQ(c.rows[1].candidateVariant, "cios64");
  EXPECT_EQ(c.rows[1].verdict, Verdict::kSlower);
  std::ostringstream table;
  writeComparisonTable(c, table);
  EXPECT_TRUE(std::regex_search(table.str(), std::regex(R"(/1024/kernel .* cios64 +slower)"))) << table.str();
  // A variant only one side ran is missing or new, not compared with another variant.
  auto fewer = entries(2000);
  fewer.pop_back();
  const auto m = compare(file("base.json", entries(2000)), file("cand.json", fewer), kernelOnly);
  ASSERT_EQ(m.rows.size(), 2u);
  EXPECT_EQ(m.rows[0].candidateVariant, "cios32");
  EXPECT_EQ(m.rows[0].verdict, Verdict::kSame);
  EXPECT_EQ(m.rows[1].baselineVariant, "cios64");
  EXPECT_FALSE(m.rows[1].candidateNs) << "cios64 is not compared with cios32";
  EXPECT_EQ(m.rows[1].verdict, Verdict::kMissing);
}

TEST(CompareLogic, SlowerIsARegression) {
  const auto c = compare(baselineFile(), scaled(1024, "kernel", 1.2), kNoFloor);
  const auto& r = row(c, 1024, "kernel");
  EXPECT_EQ(r.verdict, Verdict::kSlower);
  EXPECT_DOUBLE_EQ(*r.baselineNs, 2000);
  EXPECT_DOUBLE_EQ(*r.candidateNs, 2400);
  EXPECT_NEAR(*r.changePercent, 20, 1e-9);
  EXPECT_EQ(row(c, 1024, "roundtrip").verdict, Verdict::kSame);
  EXPECT_EQ(c.count(Verdict::kSlower), 1u);
  EXPECT_EQ(c.exitCode(), CompareExit::kRegression);
}

TEST(CompareLogic, FasterIsAnImprovement) {
  const auto c = compare(baselineFile(), scaled(2048, "roundtrip", 0.8), kNoFloor);
  EXPECT_EQ(row(c, 2048, "roundtrip").verdict, Verdict::kFaster);
  EXPECT_NEAR(*row(c, 2048, "roundtrip").changePercent, -20, 1e-9);
  EXPECT_EQ(c.exitCode(), CompareExit::kNoRegression);
}

TEST(CompareLogic, Threshold) {
  const auto slower = scaled(1024, "kernel", 1.2);
  EXPECT_EQ(row(compare(baselineFile(), slower, {.thresholdPercent = 25, .noiseFloorPercent = 0}), 1024, "kernel").verdict, Verdict::kSame);
  EXPECT_EQ(row(compare(baselineFile(), slower, {.thresholdPercent = 10, .noiseFloorPercent = 0}), 1024, "kernel").verdict,
            Verdict::kSlower);
  // Exactly at the threshold is within it.
  EXPECT_EQ(row(compare(baselineFile(), slower, {.thresholdPercent = 20, .noiseFloorPercent = 0}), 1024, "kernel").verdict, Verdict::kSame);
  EXPECT_EQ(row(compare(baselineFile(), scaled(1024, "kernel", 0.8), {.thresholdPercent = 20, .noiseFloorPercent = 0}), 1024, "kernel").verdict,
            Verdict::kSame);
  // 0: any change counts.
  const auto anyChange = compare(baselineFile(), scaled(1024, "kernel", 1.001), {.thresholdPercent = 0, .noiseFloorPercent = 0});
  EXPECT_EQ(row(anyChange, 1024, "kernel").verdict, Verdict::kSlower);
  EXPECT_THROW((void)compare(baselineFile(), slower, {.thresholdPercent = -1, .noiseFloorPercent = 0}), Error);
}

TEST(CompareLogic, MeasureSelection) {
  const auto c = compare(baselineFile(), baselineFile(), {.thresholdPercent = 5, .noiseFloorPercent = 0, .measures = {"upload"}});
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_EQ(c.rows[0].key.name(), "field_add/device-local/1024/upload");
  try {
    (void)compare(baselineFile(), baselineFile(), {.thresholdPercent = 5, .noiseFloorPercent = 0, .measures = {"kernal"}});
    FAIL() << "an unknown measure was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    EXPECT_NE(std::string(e.what()).find("kernal"), std::string::npos) << e.what();
  }
}

TEST(CompareLogic, MissingFailsUnlessAllowedNewDoesNot) {
  auto candidate = baselineFile();
  candidate.entries.erase(candidate.entries.begin() + 3, candidate.entries.end());  // 2048 gone
  candidate.entries.push_back(entry(4096, "kernel", 8000));
  const auto c = compare(baselineFile(), candidate, kNoFloor);
  EXPECT_EQ(row(c, 2048, "kernel").verdict, Verdict::kMissing);
  EXPECT_EQ(row(c, 2048, "roundtrip").verdict, Verdict::kMissing);
  EXPECT_EQ(row(c, 4096, "kernel").verdict, Verdict::kNew);
  EXPECT_FALSE(row(c, 4096, "kernel").baselineNs.has_value());
  EXPECT_FALSE(row(c, 2048, "kernel").candidateNs.has_value());
  EXPECT_TRUE(c.failed());
  EXPECT_EQ(c.exitCode(), CompareExit::kRegression);
  EXPECT_FALSE(compare(baselineFile(), candidate, {.noiseFloorPercent = 0, .allowMissing = true}).failed());
  // Only new benchmarks: not a failure.
  auto more = baselineFile();
  more.entries.push_back(entry(4096, "kernel", 8000));
  EXPECT_FALSE(compare(baselineFile(), more, kNoFloor).failed());
  // Ordered by elements, then measure.
  EXPECT_TRUE(std::ranges::is_sorted(c.rows, {}, &ComparisonRow::key));
}

TEST(CompareLogic, UnverifiedCandidateFails) {
  // A failed case: its measures are replaced by one error entry.
  auto candidate = baselineFile();
  std::erase_if(candidate.entries, [](const BenchmarkEntry& e) { return e.key.elements == 2048; });
  candidate.entries.push_back(failedCase(2048));
  auto c = compare(baselineFile(), candidate, kNoFloor);
  EXPECT_EQ(row(c, 2048, "kernel").verdict, Verdict::kUnverified);
  EXPECT_EQ(row(c, 2048, "roundtrip").verdict, Verdict::kUnverified);
  EXPECT_TRUE(c.failed());

  // A failed case the baseline never ran still shows, as its verify entry.
  candidate.entries.push_back(failedCase(8192));
  c = compare(baselineFile(), candidate, kNoFloor);
  EXPECT_EQ(row(c, 8192, "verify").verdict, Verdict::kUnverified);

  // A figure that is not checked (verified false) is not a pass either.
  auto unchecked = baselineFile();
  unchecked.entries[0].verified = false;
  c = compare(baselineFile(), unchecked, kNoFloor);
  EXPECT_EQ(row(c, 1024, "kernel").verdict, Verdict::kUnverified);
  EXPECT_EQ(c.exitCode(), CompareExit::kRegression);
}

TEST(CompareLogic, DifferentDevicesOrVersionsNeedForce) {
  const auto other = file("c.json", baselineFile().entries, "Other GPU");
  try {
    (void)compare(baselineFile(), other, kNoFloor);
    FAIL() << "different devices were compared without --force";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    const std::string what = e.what();
    EXPECT_NE(what.find("different devices"), std::string::npos) << what;
    EXPECT_NE(what.find("Other GPU"), std::string::npos) << what;
    EXPECT_NE(what.find("--force"), std::string::npos) << what;
  }
  const auto forced = compare(baselineFile(), other, {.noiseFloorPercent = 0, .force = true});
  EXPECT_NE(forced.forced.find("different devices"), std::string::npos) << forced.forced;
  EXPECT_FALSE(forced.failed());
  // A file without a device name is not a difference.
  EXPECT_TRUE(compare(baselineFile(), file("c", baselineFile().entries, ""), kNoFloor).forced.empty());

  auto newer = baselineFile();
  newer.schemaVersion = kJsonSchemaVersion + 1;
  EXPECT_THROW((void)compare(baselineFile(), newer, kNoFloor), Error);
  EXPECT_NE(compare(baselineFile(), newer, {.noiseFloorPercent = 0, .force = true}).forced.find("JSON versions"), std::string::npos);
}

TEST(CompareLogic, Writers) {
  const auto c = compare(baselineFile(), scaled(1024, "kernel", 1.2), kNoFloor);
  std::ostringstream table;
  writeComparisonTable(c, table);
  const std::regex regression(R"(field_add/device-local/1024/kernel\s+2\.00 us\s+2\.40 us\s+\+20\.0%\s+-\s+0% floor\s+slower)");
  EXPECT_TRUE(std::regex_search(table.str(), regression)) << table.str();
  EXPECT_NE(table.str().find("FAILED: 1 slower"), std::string::npos) << table.str();

  std::ostringstream json;
  writeComparisonJson(c, json);
  nlohmann::json doc;
  ASSERT_NO_THROW(doc = nlohmann::json::parse(json.str())) << json.str();
  EXPECT_EQ(doc.at("baseline").at("file"), "base.json");
  EXPECT_EQ(doc.at("threshold_percent"), 5);
  ASSERT_EQ(doc.at("comparisons").size(), 4u);
  EXPECT_EQ(doc["comparisons"][0].at("name"), "field_add/device-local/1024/kernel");
  EXPECT_EQ(doc["comparisons"][0].at("verdict"), "slower");
  EXPECT_EQ(doc["comparisons"][0].at("baseline_ns"), 2000);
  EXPECT_EQ(doc["comparisons"][0].at("change_percent"), 20);  // rounded: not 20.000000000000004
  EXPECT_EQ(doc.at("summary").at("slower"), 1);
  EXPECT_EQ(doc.at("summary").at("failed"), true);

  // An empty comparison is valid JSON too.
  std::ostringstream empty;
  writeComparisonJson(compare(file("a", {}), file("b", {}), kNoFloor), empty);
  EXPECT_TRUE(nlohmann::json::accept(empty.str())) << empty.str();
}

// ------------------------------------------------------------ executable

MeasureResult measure(std::string name, std::vector<double> samples) {
  MeasureResult m{.name = std::move(name), .samplesNs = std::move(samples), .summary = {}, .bytesPerElement = 144};
  m.summary = summarize(m.samplesNs);
  return m;
}

Report sampleReport() {
  Report r;
  r.context.version = "0.2.0";
  r.context.device.name = "Test \"GPU\" 9000";
  r.context.iterations = 3;
  CaseResult small{.op = "field_add",
                   .memory = MemoryKind::kDeviceLocal,
                   .elements = 1024,
                   .verifyEnabled = true,
                   .mismatches = 0,
                   .mismatchDetail = {},
                   .measures = {measure("upload", {500, 600, 700}), measure("kernel", {1000, 2000, 3000}),
                                measure("roundtrip", {40000, 50000, 90000})}};
  CaseResult large = small;
  large.elements = 262144;
  large.measures = {measure("kernel", {20000, 20000, 26000}), measure("roundtrip", {4e6, 5e6, 6e6})};
  r.cases = {small, large};
  return r;
}

// `report` with every sample of `measureName` at `elements` scaled by `factor`.
Report scaledReport(std::uint64_t elements, const std::string& measureName, double factor) {
  Report r = sampleReport();
  for (auto& c : r.cases) {
    if (c.elements != elements) continue;
    for (auto& m : c.measures) {
      if (m.name != measureName) continue;
      for (auto& s : m.samplesNs) s *= factor;
      m.summary = summarize(m.samplesNs);
    }
  }
  return r;
}

// The table row of benchmark `name`.
std::string tableRow(const std::string& table, const std::string& name) {
  std::istringstream in(table);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(name + " ")) return line;
  }
  return {};
}

class CompareCli : public testing::FieldbenchCliTest {
 protected:
  fs::path writeText(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  fs::path writeReport(const std::string& name, const Report& report) {
    std::ostringstream text;
    JsonReporter().write(report, text);
    return writeText(name, text.str());
  }

  // One-run reports: the noise floor off, so that the threshold and the U test decide.
  Result run(std::vector<std::string> args) {
    args.insert(args.begin(), "compare");
    args.insert(args.end(), {"--noise-floor", "0"});
    return FieldbenchCliTest::run(args);
  }

  // Comparing `baseline` with `candidate` exits 2 with one stderr line naming `named` and containing `what`.
  void expectBadFile(const fs::path& baseline, const fs::path& candidate, const fs::path& named,
                     const std::string& what) {
    SCOPED_TRACE(named.string());
    const Result r = run({baseline.string(), candidate.string()});
    EXPECT_EQ(r.exitCode, static_cast<int>(CompareExit::kUsage)) << r.err << r.out;
    EXPECT_EQ(r.errLines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find(named.string() + ": "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }

};

TEST_F(CompareCli, SameDataExitsZero) {
  const auto a = writeReport("a.json", sampleReport()), b = writeReport("b.json", sampleReport());
  const Result r = run({a.string(), b.string()});
  ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
  for (const char* name : {"field_add/device-local/1024/kernel", "field_add/device-local/1024/roundtrip",
                           "field_add/device-local/262144/kernel", "field_add/device-local/262144/roundtrip"}) {
    const auto line = tableRow(r.out, name);
    ASSERT_FALSE(line.empty()) << name << " missing:\n" << r.out;
    EXPECT_TRUE(line.ends_with(" same")) << line;
  }
  EXPECT_TRUE(tableRow(r.out, "field_add/device-local/1024/upload").empty()) << "upload is not compared by default";
  EXPECT_NE(r.out.find("Test \"GPU\" 9000"), std::string::npos) << r.out;
}

TEST_F(CompareCli, ReadsTheVariantOfEachBenchmark) {
  // The reader takes "variant" from the JSON the writer puts it in; a report without it still reads.
  Report withVariant = sampleReport();
  for (auto& c : withVariant.cases) c.variant = "u32";
  const auto a = writeReport("a.json", withVariant);
  const auto file = loadReport(a.string());
  ASSERT_FALSE(file.entries.empty());
  for (const auto& e : file.entries) EXPECT_EQ(e.variant, "u32") << e.key.name();
  Report other = sampleReport();
  for (auto& c : other.cases) c.variant = "u64";
  const auto b = writeReport("b.json", other);
  const Result r = run({a.string(), b.string()});
  ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
  EXPECT_NE(tableRow(r.out, "field_add/device-local/1024/kernel").find("u32 -> u64"), std::string::npos) << r.out;
  std::string old = readFile(a);
  for (std::size_t at; (at = old.find(R"(, "variant": "u32")")) != std::string::npos;) old.erase(at, 18);
  const auto c = writeText("old.json", old);
  for (const auto& e : loadReport(c.string()).entries) EXPECT_EQ(e.variant, "") << e.key.name();
}

TEST_F(CompareCli, SlowerKernelIsARegression) {
  const auto a = writeReport("a.json", sampleReport()), b = writeReport("b.json", scaledReport(1024, "kernel", 1.2));
  const Result r = run({a.string(), b.string()});
  EXPECT_EQ(r.exitCode, static_cast<int>(CompareExit::kRegression)) << r.err << r.out;
  const auto line = tableRow(r.out, "field_add/device-local/1024/kernel");
  EXPECT_TRUE(line.ends_with(" slower")) << line;
  EXPECT_NE(line.find("+20.0%"), std::string::npos) << line;
  EXPECT_TRUE(tableRow(r.out, "field_add/device-local/1024/roundtrip").ends_with(" same")) << r.out;
}

TEST_F(CompareCli, FasterKernelIsAnImprovement) {
  const auto a = writeReport("a.json", sampleReport()), b = writeReport("b.json", scaledReport(1024, "kernel", 0.8));
  const Result r = run({a.string(), b.string()});
  EXPECT_EQ(r.exitCode, 0) << r.err << r.out;
  const auto line = tableRow(r.out, "field_add/device-local/1024/kernel");
  EXPECT_TRUE(line.ends_with(" faster")) << line;
  EXPECT_NE(line.find("-20.0%"), std::string::npos) << line;
}

TEST_F(CompareCli, Threshold) {
  const auto a = writeReport("a.json", sampleReport()), b = writeReport("b.json", scaledReport(1024, "kernel", 1.2));
  Result r = run({a.string(), b.string(), "--threshold", "25"});
  EXPECT_EQ(r.exitCode, 0) << r.err << r.out;
  EXPECT_TRUE(tableRow(r.out, "field_add/device-local/1024/kernel").ends_with(" same")) << r.out;
  r = run({a.string(), b.string(), "--threshold", "10"});
  EXPECT_EQ(r.exitCode, 1) << r.err << r.out;
  EXPECT_TRUE(tableRow(r.out, "field_add/device-local/1024/kernel").ends_with(" slower")) << r.out;

  for (const char* bad : {"-1", "five", "", "nan"}) {
    r = run({a.string(), b.string(), "--threshold", bad});
    EXPECT_EQ(r.exitCode, 2) << bad << ": " << r.err;
    EXPECT_EQ(r.errLines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find("--threshold"), std::string::npos) << r.err;
  }
}

TEST_F(CompareCli, MeasureOption) {
  const auto a = writeReport("a.json", sampleReport()), b = writeReport("b.json", scaledReport(1024, "kernel", 1.2));
  // Only the roundtrip: the slower kernel is not looked at.
  Result r = run({a.string(), b.string(), "--measure", "roundtrip"});
  EXPECT_EQ(r.exitCode, 0) << r.err << r.out;
  EXPECT_TRUE(tableRow(r.out, "field_add/device-local/1024/kernel").empty()) << r.out;
  EXPECT_FALSE(tableRow(r.out, "field_add/device-local/1024/roundtrip").empty()) << r.out;

  r = run({a.string(), b.string(), "--measure", "upload", "kernel"});
  EXPECT_EQ(r.exitCode, 1) << r.err << r.out;
  EXPECT_FALSE(tableRow(r.out, "field_add/device-local/1024/upload").empty()) << r.out;
  EXPECT_TRUE(tableRow(r.out, "field_add/device-local/1024/roundtrip").empty()) << r.out;

  r = run({a.string(), b.string(), "--measure", "upload,roundtrip"});
  EXPECT_EQ(r.exitCode, 0) << r.err << r.out;
  EXPECT_FALSE(tableRow(r.out, "field_add/device-local/1024/upload").empty()) << r.out;

  r = run({a.string(), b.string(), "--measure", "kernal"});
  EXPECT_EQ(r.exitCode, 2) << r.err << r.out;
  EXPECT_EQ(r.errLines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("kernal"), std::string::npos) << r.err;
}

TEST_F(CompareCli, UnverifiedCandidateFails) {
  Report bad = sampleReport();
  bad.cases[1].mismatches = 3;
  bad.cases[1].mismatchDetail = "3 of 262144 elements differ; first at index 17";
  bad.cases[1].measures.clear();
  const auto a = writeReport("a.json", sampleReport()), b = writeReport("b.json", bad);
  const Result r = run({a.string(), b.string()});
  EXPECT_EQ(r.exitCode, 1) << r.err << r.out;
  EXPECT_TRUE(tableRow(r.out, "field_add/device-local/262144/kernel").ends_with(" unverified")) << r.out;
  EXPECT_TRUE(tableRow(r.out, "field_add/device-local/1024/kernel").ends_with(" same")) << r.out;

  // The other way round the failed baseline case is not the candidate's fault: its figures are new.
  const Result back = run({b.string(), a.string()});
  EXPECT_EQ(back.exitCode, 0) << back.err << back.out;
  EXPECT_TRUE(tableRow(back.out, "field_add/device-local/262144/kernel").ends_with(" new")) << back.out;

  // A run with --no-verify has figures, but none is checked.
  Report unchecked = sampleReport();
  for (auto& c : unchecked.cases) c.verifyEnabled = false;
  const Result u = run({a.string(), writeReport("u.json", unchecked).string()});
  EXPECT_EQ(u.exitCode, 1) << u.err << u.out;
  EXPECT_TRUE(tableRow(u.out, "field_add/device-local/1024/kernel").ends_with(" unverified")) << u.out;
}

TEST_F(CompareCli, MissingAndNew) {
  Report fewer = sampleReport();
  fewer.cases.pop_back();
  const auto a = writeReport("a.json", sampleReport()), b = writeReport("b.json", fewer);
  Result r = run({a.string(), b.string()});
  EXPECT_EQ(r.exitCode, 1) << r.err << r.out;
  EXPECT_TRUE(tableRow(r.out, "field_add/device-local/262144/kernel").ends_with(" missing")) << r.out;
  r = run({a.string(), b.string(), "--allow-missing"});
  EXPECT_EQ(r.exitCode, 0) << r.err << r.out;
  EXPECT_TRUE(tableRow(r.out, "field_add/device-local/262144/kernel").ends_with(" missing")) << r.out;
  r = run({b.string(), a.string()});
  EXPECT_EQ(r.exitCode, 0) << r.err << r.out;
  EXPECT_TRUE(tableRow(r.out, "field_add/device-local/262144/kernel").ends_with(" new")) << r.out;
}

TEST_F(CompareCli, DifferentDevicesNeedForce) {
  Report other = sampleReport();
  other.context.device.name = "Other GPU";
  const auto a = writeReport("a.json", sampleReport()), b = writeReport("b.json", other);
  Result r = run({a.string(), b.string()});
  EXPECT_EQ(r.exitCode, 2) << r.err << r.out;
  ASSERT_EQ(r.errLines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("Other GPU"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;

  r = run({a.string(), b.string(), "--force"});
  EXPECT_EQ(r.exitCode, 0) << r.err << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_NE(r.out.find("FORCED:    different devices"), std::string::npos) << r.out;
  r = run({a.string(), b.string(), "--force", "--format", "json"});
  EXPECT_EQ(nlohmann::json::parse(r.out).at("forced").get<std::string>().find("different devices"), 0u) << r.out;
}

TEST_F(CompareCli, JsonFormat) {
  const auto a = writeReport("a.json", sampleReport()), b = writeReport("b.json", scaledReport(1024, "kernel", 1.2));
  const Result r = run({a.string(), b.string(), "--format", "json"});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  nlohmann::json doc;
  ASSERT_NO_THROW(doc = nlohmann::json::parse(r.out)) << r.out;
  EXPECT_EQ(doc.at("baseline").at("file"), a.string());
  EXPECT_EQ(doc.at("current").at("device"), "Test \"GPU\" 9000");
  ASSERT_EQ(doc.at("comparisons").size(), 4u);
  for (const auto& c : doc["comparisons"]) {
    const bool slower = c.at("name") == "field_add/device-local/1024/kernel";
    EXPECT_EQ(c.at("verdict"), slower ? "slower" : "same") << c.dump();
  }
  EXPECT_EQ(doc.at("summary").at("failed"), true);

  const Result bad = run({a.string(), b.string(), "--format", "xml"});
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_EQ(bad.errLines().size(), 1u) << bad.err;
}

TEST_F(CompareCli, MalformedFilesExitTwoNamingTheFile) {
  const auto good = writeReport("good.json", sampleReport());
  const auto notJson = writeText("not.json", "fieldbench: this is a table, not JSON\n");
  expectBadFile(good, notJson, notJson, "not valid JSON");
  expectBadFile(notJson, good, notJson, "not valid JSON");

  const auto noBenchmarks = writeText("nobench.json", R"({"context": {"device": {"name": "GPU"}}})");
  expectBadFile(noBenchmarks, good, noBenchmarks, "not a fieldbench JSON report (no \"benchmarks\" array)");
  const auto array = writeText("array.json", "[1, 2, 3]");
  expectBadFile(good, array, array, "no \"benchmarks\" array");
  const auto notArray = writeText("notarray.json", R"({"benchmarks": {}})");
  expectBadFile(good, notArray, notArray, "no \"benchmarks\" array");

  const fs::path missing = dir_ / "missing.json";
  expectBadFile(missing, good, missing, "No such file");
  expectBadFile(good, dir_, dir_, "directory");
  expectBadFile(good, writeText("empty.json", ""), dir_ / "empty.json", "not valid JSON");
  expectBadFile(good, writeText("truncated.json", readFile(good).substr(0, 300)), dir_ / "truncated.json",
                "not valid JSON");

  // JSON of the right outline with wrong fields.
  const auto wrongType = writeText(
      "wrongtype.json",
      R"({"benchmarks": [{"name": "x", "run_type": "aggregate", "aggregate_name": "median", "op": "field_add",
          "memory": "device-local", "elements": "many", "measure": "kernel", "real_time": 1}]})");
  expectBadFile(good, wrongType, wrongType, "\"elements\" is not a count");
  const auto noTime = writeText(
      "notime.json",
      R"({"benchmarks": [{"run_type": "aggregate", "aggregate_name": "median", "op": "field_add",
          "memory": "device-local", "elements": 1024, "measure": "kernel", "real_time": null}]})");
  expectBadFile(good, noTime, noTime, "\"real_time\" is not a number");
  const auto notObject = writeText("notobject.json", R"({"benchmarks": [42]})");
  expectBadFile(good, notObject, notObject, "benchmarks[0] is not an object");
  const auto googleBenchmark = writeText(
      "gbench.json", R"({"benchmarks": [{"name": "BM_x_median", "run_type": "aggregate", "aggregate_name": "median",
                         "real_time": 1, "time_unit": "ns"}]})");
  expectBadFile(good, googleBenchmark, googleBenchmark, "not a fieldbench JSON report");
}

TEST_F(CompareCli, UsageErrors) {
  const auto a = writeReport("a.json", sampleReport());
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {}, {a.string()}, {a.string(), a.string(), a.string()}, {a.string(), a.string(), "--bogus"}}) {
    const Result r = run(args);
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_EQ(r.errLines().size(), 1u) << r.err;
  }
}

TEST_F(CompareCli, HelpListsExitCodes) {
  const Result r = run({"--help"});
  EXPECT_NE(r.out.find("--alpha"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--allow-missing"), std::string::npos) << r.out;
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find(kCompareExitCodeHelp), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--threshold"), std::string::npos) << r.out;
}

// ------------------------------------------------------- with repetitions

// A report whose kernel at 1024 elements has exactly these repetitions (roundtrip fixed).
Report repeatedReport(const std::vector<double>& kernelNs) {
  Report r = sampleReport();
  r.cases.pop_back();
  r.context.iterations = static_cast<std::uint32_t>(kernelNs.size());
  std::vector<double> round(kernelNs.size(), 50000);
  for (std::size_t i = 0; i < round.size(); ++i) round[i] += static_cast<double>(i);
  r.cases[0].measures = {measure("kernel", kernelNs), measure("roundtrip", round)};
  return r;
}

std::vector<double> noisy(double base, double factor) {
  // Ten distinct values within +-2% of base, in no particular order.
  const double offsets[] = {0.4, -1.1, 1.9, -0.2, 0.9, -1.8, 1.3, -0.6, 0.1, -1.5};
  std::vector<double> out;
  for (const double o : offsets) out.push_back(base * factor * (1 + o / 100));
  return out;
}

TEST_F(CompareCli, FiftyPercentSlowerWithRepetitionsIsSignificant) {
  const auto a = writeReport("a.json", repeatedReport(noisy(1000, 1.0)));
  const auto b = writeReport("b.json", repeatedReport(noisy(1000, 1.5)));
  const Result r = run({a.string(), b.string()});
  EXPECT_EQ(r.exitCode, 1) << r.err << r.out;
  const auto line = tableRow(r.out, "field_add/device-local/1024/kernel");
  EXPECT_TRUE(line.ends_with(" slower")) << line;
  EXPECT_NE(line.find("+50.0%"), std::string::npos) << line;
  // Ten against ten, every candidate slower: exact p = 2 / C(20, 10), printed as <0.0001.
  EXPECT_NE(line.find("<0.0001"), std::string::npos) << line;
  const Result j = run({a.string(), b.string(), "--format", "json"});
  const auto doc = nlohmann::json::parse(j.out);
  for (const auto& c : doc.at("comparisons")) {
    if (c.at("name") != "field_add/device-local/1024/kernel") continue;
    EXPECT_NEAR(c.at("p_value").get<double>(), 2.0 / 184756, 1e-12) << c.dump();
    EXPECT_EQ(c.at("baseline_repetitions"), 10);
    EXPECT_EQ(c.at("current_repetitions"), 10);
  }
}

TEST_F(CompareCli, NoiseWithinThresholdIsSame) {
  auto shuffled = noisy(1000, 1.0);
  std::ranges::reverse(shuffled);
  for (auto& x : shuffled) x *= 1.01;  // 1% slower, inside the 5% threshold
  const auto a = writeReport("a.json", repeatedReport(noisy(1000, 1.0)));
  const auto b = writeReport("b.json", repeatedReport(shuffled));
  const Result r = run({a.string(), b.string()});
  EXPECT_EQ(r.exitCode, 0) << r.err << r.out;
  EXPECT_TRUE(tableRow(r.out, "field_add/device-local/1024/kernel").ends_with(" same")) << r.out;
}

TEST_F(CompareCli, BeyondThresholdButNotSignificantIsSame) {
  // Two clusters; the current run has one more slow repetition, which moves the median by 32%
  // while the samples overlap almost entirely (U = 40 of 100): not evidence of a regression.
  const std::vector<double> base{100, 101, 102, 103, 104, 200, 201, 202, 203, 204};
  const std::vector<double> cur{100.5, 101.5, 102.5, 103.5, 200.5, 201.5, 202.5, 203.5, 204.5, 205.5};
  const auto a = writeReport("a.json", repeatedReport(base)), b = writeReport("b.json", repeatedReport(cur));
  Result r = run({a.string(), b.string()});
  EXPECT_EQ(r.exitCode, 0) << r.err << r.out;
  const auto line = tableRow(r.out, "field_add/device-local/1024/kernel");
  EXPECT_TRUE(line.ends_with(" same")) << line;
  EXPECT_NE(line.find("+32.2%"), std::string::npos) << line;
  // With an alpha above its p-value the same change is a regression.
  r = run({a.string(), b.string(), "--alpha", "0.9"});
  EXPECT_EQ(r.exitCode, 1) << r.err << r.out;
  for (const char* bad : {"0", "1", "x", "-0.1"}) {
    r = run({a.string(), b.string(), "--alpha", bad});
    EXPECT_EQ(r.exitCode, 2) << bad;
    EXPECT_EQ(r.errLines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find("--alpha"), std::string::npos) << r.err;
  }
}

// The cells of a markdown table row, split at pipes that are not escaped.
std::vector<std::string> markdownCells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (line[i] == '|') {
      const auto first = cell.find_first_not_of(' '), last = cell.find_last_not_of(' ');
      cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return cells;
}

TEST_F(CompareCli, MarkdownTableParses) {
  const auto a = writeReport("a.json", repeatedReport(noisy(1000, 1.0)));
  const auto b = writeReport("b.json", repeatedReport(noisy(1000, 1.5)));
  const Result r = run({a.string(), b.string(), "--format", "markdown"});
  EXPECT_EQ(r.exitCode, 1) << r.err << r.out;
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("|")) {
      ASSERT_TRUE(line.ends_with("|")) << line;
      rows.push_back(markdownCells(line));
    }
  }
  ASSERT_EQ(rows.size(), 4u) << r.out;  // header, alignment, kernel, roundtrip
  EXPECT_EQ(rows[0], (std::vector<std::string>{"benchmark", "baseline", "current", "change", "p", "verdict"}));
  for (const auto& cell : rows[1]) EXPECT_TRUE(std::regex_match(cell, std::regex("-+:?|:?-+"))) << cell;
  for (const auto& row : rows) EXPECT_EQ(row.size(), 6u);
  EXPECT_EQ(rows[2][0], "`field_add/device-local/1024/kernel`");
  EXPECT_EQ(rows[2][3], "+50.0%");
  EXPECT_EQ(rows[2][5], "**slower**");
  EXPECT_EQ(rows[3][5], "same");
  EXPECT_NE(r.out.find("**FAILED**: 1 slower"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("### fieldbench: regression"), std::string::npos) << r.out;
}

// ----------------------------------------------------------------- runs (--runs)

// A benchmark of `runs`, each run's repetitions given: what the reader makes of a --runs report.
BenchmarkEntry runsEntry(std::uint64_t elements, std::string measure, const std::vector<std::vector<double>>& runs) {
  auto e = entry(elements, std::move(measure), 0);
  for (const auto& run : runs) e.samplesNs.insert(e.samplesNs.end(), run.begin(), run.end());
  e.medianNs = median(e.samplesNs);
  e.runMediansNs = runMedians(runs);
  return e;
}

// `count` runs of five tight repetitions around each median (within-run noise 0.1%).
std::vector<std::vector<double>> tightRuns(const std::vector<double>& medians) {
  std::vector<std::vector<double>> out;
  for (const double m : medians) out.push_back({m * 0.998, m * 0.999, m, m * 1.001, m * 1.002});
  return out;
}

BenchmarkFile runsFile(std::string label, const std::vector<double>& runMediansNs) {
  // The round trip the same in both files (compare's default measures are kernel and roundtrip).
  return file(std::move(label),
              {runsEntry(1024, "kernel", tightRuns(runMediansNs)), runsEntry(1024, "roundtrip", tightRuns({1000}))});
}

TEST(CompareRuns, ThreeRunsEachJudgesTheMedianOfRunMedians) {
  // Base runs 100, 102, 101 (spread 2%); current 130, 131, 129: +29.7% on the median of run medians.
  const auto c = compare(runsFile("b", {100, 102, 101}), runsFile("c", {130, 131, 129}), {});
  const auto& r = c.rows.at(0);
  EXPECT_DOUBLE_EQ(*r.baselineNs, 101);
  EXPECT_DOUBLE_EQ(*r.candidateNs, 130);
  EXPECT_EQ(r.baselineRuns, 3u);
  EXPECT_EQ(r.pScope, "runs");
  // 3 against 3 run medians cannot reach alpha 0.05: the between-run spread stands in for the test.
  EXPECT_FALSE(r.pValue);
  EXPECT_EQ(r.noiseSource, "runs");
  EXPECT_NEAR(*r.noisePercent, 2, 1e-9);  // the wider of the two sides' spreads
  EXPECT_EQ(r.verdict, Verdict::kSlower);
}

TEST(CompareRuns, ThreeRunsWithinTheBetweenRunSpreadIsSame) {
  // Tight repetitions (the U test over them would say p < 0.0001), but the runs of the base
  // alone spread 20%: a 10% shift of the candidate is inside the between-run noise.
  const auto c = compare(runsFile("b", {100, 120, 105}), runsFile("c", {115, 116, 117}), {});
  const auto& r = c.rows.at(0);
  EXPECT_NEAR(*r.changePercent, (116.0 / 105 - 1) * 100, 1e-9);
  EXPECT_NEAR(*r.noisePercent, 20, 1e-9);
  EXPECT_EQ(r.verdict, Verdict::kSame);
}

TEST(CompareRuns, FiveRunsEachTestRunMediansByU) {
  const auto slower = compare(runsFile("b", {100, 101, 102, 103, 104}), runsFile("c", {120, 121, 122, 123, 124}), {});
  const auto& r = slower.rows.at(0);
  EXPECT_EQ(r.pScope, "runs");
  ASSERT_TRUE(r.pValue);
  EXPECT_NEAR(*r.pValue, 2.0 / 252, 1e-12);  // exact: complete separation of 5 against 5
  EXPECT_FALSE(r.noisePercent);              // a between-run test: no noise guard on top
  EXPECT_EQ(r.verdict, Verdict::kSlower);
  // Run medians that overlap: +9.1% on the median of medians, but p over runs is large.
  const auto same = compare(runsFile("b", {100, 140, 105, 135, 110}), runsFile("c", {120, 145, 108, 138, 115}), {});
  EXPECT_GT(*same.rows.at(0).pValue, 0.05);
  EXPECT_EQ(same.rows.at(0).verdict, Verdict::kSame);
}

TEST(CompareRuns, OneRunEachSaysWithinRunAndNeedsTheFloor) {
  // One run a side, tight repetitions: p over repetitions is tiny, yet 20% is inside the 30% floor.
  const auto c = compare(runsFile("b", {100}), runsFile("c", {120}), {});
  const auto& r = c.rows.at(0);
  EXPECT_EQ(r.pScope, "repetitions");
  ASSERT_TRUE(r.pValue);
  EXPECT_LT(*r.pValue, 0.05);
  EXPECT_EQ(r.noiseSource, "floor");
  EXPECT_DOUBLE_EQ(*r.noisePercent, kDefaultNoiseFloorPercent);
  EXPECT_EQ(r.verdict, Verdict::kSame);
  EXPECT_EQ(compare(runsFile("b", {100}), runsFile("c", {140}), {}).rows.at(0).verdict, Verdict::kSlower);
  EXPECT_EQ(compare(runsFile("b", {100}), runsFile("c", {60}), {}).rows.at(0).verdict, Verdict::kFaster);
  // A floor of 0 gives the old rule: threshold and the within-run test.
  EXPECT_EQ(compare(runsFile("b", {100}), runsFile("c", {120}), {.noiseFloorPercent = 0}).rows.at(0).verdict,
            Verdict::kSlower);
  EXPECT_THROW((void)compare(runsFile("b", {100}), runsFile("c", {120}), {.noiseFloorPercent = -1}), Error);
  // The table says what the p-value covers.
  std::ostringstream table;
  writeComparisonTable(c, table);
  EXPECT_NE(table.str().find("p over repetitions covers only the noise within one run"), std::string::npos)
      << table.str();
  EXPECT_NE(table.str().find("30% floor"), std::string::npos) << table.str();
}

TEST(CompareRuns, MixedEstimatesNoiseFromTheSideWithRuns) {
  // One run against three that spread 15%: the spread, not the floor, is the noise.
  const auto big = compare(runsFile("b", {100}), runsFile("c", {120, 138, 125}), {});
  const auto& r = big.rows.at(0);
  EXPECT_EQ(r.pScope, "repetitions");
  EXPECT_EQ(r.noiseSource, "runs");
  EXPECT_NEAR(*r.noisePercent, 15, 1e-9);
  EXPECT_EQ(r.verdict, Verdict::kSlower);  // +25% beyond 15%, and significant over repetitions
  const auto small = compare(runsFile("b", {100, 115, 105}), runsFile("c", {112}), {});
  EXPECT_EQ(small.rows.at(0).verdict, Verdict::kSame);  // +6.7% inside the base's 15% spread
}

TEST(CompareRuns, JsonSaysScopeAndNoise) {
  std::ostringstream out;
  writeComparisonJson(compare(runsFile("b", {100}), runsFile("c", {120, 138, 125}), {}), out);
  const auto doc = nlohmann::json::parse(out.str());
  const auto& row = doc["comparisons"][0];
  EXPECT_EQ(row["baseline_runs"], 1);
  EXPECT_EQ(row["current_runs"], 3);
  EXPECT_EQ(row["p_value_scope"], "repetitions");
  EXPECT_EQ(row["noise_source"], "runs");
  EXPECT_EQ(row["noise_percent"], 15);
  EXPECT_EQ(doc["noise_floor_percent"], 30);
}

TEST(CompareRuns, SlowdownAidIsNamed) {
  auto cand = runsFile("c", {200});
  cand.slowdownPercent = 100;
  std::ostringstream table;
  writeComparisonTable(compare(runsFile("b", {100}), cand, {}), table);
  EXPECT_NE(table.str().find("current made 100% slower by FIELDBENCH_SLOWDOWN"), std::string::npos) << table.str();
}

}  // namespace
}  // namespace fieldbench
