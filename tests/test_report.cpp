// The reporters on a Report built by hand: JSON parsed back with nlohmann::json
// (Google Benchmark's layout), CSV split into fields, the console table read as text.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "fieldbench/compare.hpp"
#include "fieldbench/json_text.hpp"
#include "fieldbench/pipeline.hpp"
#include "fieldbench/report.hpp"
#include "fieldbench/report_console.hpp"
#include "fieldbench/report_csv.hpp"
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

Report sampleReport() {
  Report r;
  r.context = ReportContext{.date = "2024-06-01T12:00:00+02:00",
                            .host = "testhost",
                            .executable = "/usr/bin/fieldbench",
                            .version = "0.2.0",
                            .commit = "abcdef123456",
                            .device = DeviceInfo{.index = 0,
                                                 .name = "Test \"GPU\" 9000",  // a quote, to test escaping
                                                 .type = "discrete GPU",
                                                 .vendorId = 0x10de,
                                                 .deviceId = 0x2330,
                                                 .driverName = "NVIDIA",
                                                 .driverInfo = "550.54.15",
                                                 .apiVersion = "1.3.277",
                                                 .uuid = "6d657361-3232-2e33-2e36-000000000000",
                                                 .heaps = {},
                                                 .rejection = {}},
                            .iterations = 3,
                            .warmup = 1,
                            .workgroupSize = 256,
                            .seed = 42,
                            .inputs = "random"};
  CaseResult small{.op = "field_add",
                   .memory = MemoryKind::kDeviceLocal,
                   .elements = 1024,
                   .verifyEnabled = true,
                   .mismatches = 0,
                   .mismatchDetail = {},
                   .measures = {measure("kernel", {1000, 2000, 3000}), measure("roundtrip", {40000, 50000, 90000})}};
  CaseResult large = small;
  large.memory = MemoryKind::kHostVisible;
  large.elements = 262144;
  large.measures = {measure("kernel", {20000, 20000, 26000}), measure("roundtrip", {4e6, 5e6, 6e6})};
  CaseResult failed{.op = "field_add",
                    .memory = MemoryKind::kDeviceLocal,
                    .elements = 2048,
                    .verifyEnabled = true,
                    .mismatches = 3,
                    .mismatchDetail = "3 of 2048 elements differ; first at index 17",
                    .measures = {}};
  r.cases = {small, large, failed};
  return r;
}

std::string write(const Reporter& reporter, const Report& report) {
  std::ostringstream out;
  reporter.write(report, out);
  return out.str();
}

// ----------------------------------------------------------------- model

TEST(ReportModel, CaseHelpers) {
  const Report r = sampleReport();
  EXPECT_TRUE(r.cases[0].verified());
  EXPECT_FALSE(r.cases[0].failed());
  EXPECT_FALSE(r.cases[2].verified());
  EXPECT_TRUE(r.cases[2].failed());
  ASSERT_NE(r.cases[0].measure("kernel"), nullptr);
  EXPECT_EQ(r.cases[0].measure("kernel")->name, "kernel");
  EXPECT_EQ(r.cases[0].measure("upload"), nullptr);
  EXPECT_TRUE(r.anyMismatch());

  Report ok = r;
  ok.cases.pop_back();
  EXPECT_FALSE(ok.anyMismatch());

  CaseResult unchecked = r.cases[0];
  unchecked.verifyEnabled = false;
  EXPECT_FALSE(unchecked.verified());
  EXPECT_FALSE(unchecked.failed());
}

TEST(ReportModel, RatesAtTheMedian) {
  const Report r = sampleReport();
  const CaseResult& c = r.cases[0];
  const MeasureResult& kernel = *c.measure("kernel");  // median 2000 ns for 1024 elements
  EXPECT_DOUBLE_EQ(itemsPerSecond(c, kernel), 1024 / 2000e-9);
  EXPECT_DOUBLE_EQ(bytesPerSecond(c, kernel), 1024 * 144 / 2000e-9);
}

// A latency (bytesPerElement 0) has no throughput: no elements/s or bytes/s in any writer.
TEST(ReportModel, LatencyMeasuresHaveNoThroughput) {
  Report r = sampleReport();
  CaseResult& c = r.cases[0];
  MeasureResult latency = measure("submit_latency", {15000, 16000, 17000});
  latency.bytesPerElement = 0;
  c.measures.push_back(latency);
  EXPECT_EQ(itemsPerSecond(c, latency), 0.0);
  EXPECT_EQ(bytesPerSecond(c, latency), 0.0);
  std::ostringstream text;
  JsonReporter().write(r, text);
  const json doc = json::parse(text.str());
  std::size_t seen = 0;
  for (const auto& b : doc.at("benchmarks")) {
    if (b.at("measure") != "submit_latency" || b.value("aggregate_name", "") == "cv") continue;
    ++seen;
    EXPECT_EQ(b.at("items_per_second").get<double>(), 0.0) << b.dump();
    EXPECT_EQ(b.at("bytes_per_second").get<double>(), 0.0) << b.dump();
  }
  EXPECT_EQ(seen, 3u + 5u);  // three repetitions, five time aggregates
}

TEST(ReportModel, MakeReporterPicksTheWriter) {
  EXPECT_NE(dynamic_cast<JsonReporter*>(makeReporter(OutputFormat::kJson).get()), nullptr);
  EXPECT_NE(dynamic_cast<CsvReporter*>(makeReporter(OutputFormat::kCsv).get()), nullptr);
  EXPECT_NE(dynamic_cast<ConsoleReporter*>(makeReporter(OutputFormat::kTable).get()), nullptr);
}

// ------------------------------------------------------------------ JSON

class JsonReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    text_ = write(JsonReporter{}, report_);
    ASSERT_NO_THROW(doc_ = json::parse(text_)) << text_;
  }
  Report report_ = sampleReport();
  std::string text_;
  json doc_;
};

TEST_F(JsonReportTest, Context) {
  ASSERT_TRUE(doc_.contains("context")) << text_;
  const json& c = doc_["context"];
  EXPECT_EQ(c.at("date"), "2024-06-01T12:00:00+02:00");
  EXPECT_EQ(c.at("host_name"), "testhost");  // Google Benchmark's key
  EXPECT_EQ(c.at("executable"), "/usr/bin/fieldbench");
  EXPECT_EQ(c.at("fieldbench_version"), "0.2.0");
  EXPECT_EQ(c.at("fieldbench_commit"), "abcdef123456");

  ASSERT_TRUE(c.contains("device"));
  const json& d = c["device"];
  EXPECT_EQ(d.at("name"), "Test \"GPU\" 9000");
  EXPECT_EQ(d.at("type"), "discrete GPU");
  EXPECT_EQ(d.at("vendor_id"), 0x10de);
  EXPECT_EQ(d.at("device_id"), 0x2330);
  EXPECT_EQ(d.at("driver_name"), "NVIDIA");
  EXPECT_EQ(d.at("driver_info"), "550.54.15");
  EXPECT_EQ(d.at("api_version"), "1.3.277");
  EXPECT_EQ(d.at("uuid"), "6d657361-3232-2e33-2e36-000000000000");
}

TEST_F(JsonReportTest, IterationsThenAggregatesForEveryMeasure) {
  ASSERT_TRUE(doc_.contains("benchmarks"));
  const json& benchmarks = doc_["benchmarks"];
  ASSERT_TRUE(benchmarks.is_array());

  for (const CaseResult* c : {&report_.cases[0], &report_.cases[1]}) {
    for (const MeasureResult& m : c->measures) {
      const std::string name =
          "field_add/" + std::string(toString(c->memory)) + "/" + std::to_string(c->elements) + "/" + m.name;
      SCOPED_TRACE(name);
      std::vector<json> iterations, aggregates;
      for (const json& b : benchmarks) {
        if (b.value("run_name", "") != name) continue;
        (b.at("run_type") == "iteration" ? iterations : aggregates).push_back(b);
      }
      // One iteration entry per sample, in order, with its time.
      ASSERT_EQ(iterations.size(), m.samplesNs.size());
      for (std::size_t i = 0; i < iterations.size(); ++i) {
        const json& e = iterations[i];
        EXPECT_EQ(e.at("name"), name);
        EXPECT_EQ(e.at("repetitions"), m.samplesNs.size());
        EXPECT_EQ(e.at("repetition_index"), i);
        EXPECT_EQ(e.at("time_unit"), "ns");
        EXPECT_DOUBLE_EQ(e.at("real_time").get<double>(), m.samplesNs[i]);
        EXPECT_TRUE(e.contains("cpu_time"));
        EXPECT_DOUBLE_EQ(e.at("items_per_second").get<double>(), static_cast<double>(c->elements) * 1e9 / m.samplesNs[i]);
        EXPECT_DOUBLE_EQ(e.at("bytes_per_second").get<double>(),
                         static_cast<double>(c->elements) * 144 * 1e9 / m.samplesNs[i]);
        EXPECT_EQ(e.at("op"), "field_add");
        EXPECT_EQ(e.at("memory"), toString(c->memory));
        EXPECT_EQ(e.at("elements"), c->elements);
        EXPECT_EQ(e.at("measure"), m.name);
        EXPECT_EQ(e.at("verified"), true);
        EXPECT_EQ(e.at("mismatches"), 0);
      }
      // Aggregates after the iterations: mean, median, stddev and cv at least.
      std::map<std::string, json> byName;
      for (const json& a : aggregates) {
        EXPECT_EQ(a.at("run_type"), "aggregate");
        EXPECT_EQ(a.at("run_name"), name);
        EXPECT_EQ(a.at("repetitions"), m.samplesNs.size());
        EXPECT_EQ(a.at("elements"), c->elements);
        EXPECT_EQ(a.at("measure"), m.name);
        EXPECT_EQ(a.at("verified"), true);
        byName[a.at("aggregate_name").get<std::string>()] = a;
      }
      for (const char* agg : {"mean", "median", "stddev", "cv"}) {
        ASSERT_TRUE(byName.contains(agg)) << agg;
        EXPECT_EQ(byName[agg].at("name"), name + "_" + agg);
      }
      EXPECT_DOUBLE_EQ(byName["mean"].at("real_time").get<double>(), m.summary.mean);
      EXPECT_DOUBLE_EQ(byName["median"].at("real_time").get<double>(), m.summary.median);
      EXPECT_DOUBLE_EQ(byName["stddev"].at("real_time").get<double>(), m.summary.stddev);
      EXPECT_DOUBLE_EQ(byName["cv"].at("real_time").get<double>(), m.summary.cv);
      EXPECT_DOUBLE_EQ(byName["median"].at("items_per_second").get<double>(), itemsPerSecond(*c, m));
      EXPECT_DOUBLE_EQ(byName["median"].at("bytes_per_second").get<double>(), bytesPerSecond(*c, m));
    }
  }
}

TEST_F(JsonReportTest, EntriesOfOneMeasureAreContiguousIterationsFirst) {
  // Google Benchmark's tools read iterations and then their aggregates as one run.
  const json& benchmarks = doc_["benchmarks"];
  std::vector<std::string> runOrder;
  std::string current;
  bool seenAggregate = false;
  for (const json& b : benchmarks) {
    if (b.value("error_occurred", false)) continue;
    const std::string run = b.at("run_name");
    if (run != current) {
      EXPECT_EQ(std::count(runOrder.begin(), runOrder.end(), run), 0) << run << " appears in two places";
      runOrder.push_back(run);
      current = run;
      seenAggregate = false;
    }
    if (b.at("run_type") == "aggregate") {
      seenAggregate = true;
    } else {
      EXPECT_FALSE(seenAggregate) << run << ": an iteration after an aggregate";
    }
  }
  EXPECT_EQ(runOrder.size(), 4u);  // two measures for each of the two verified cases
}

TEST_F(JsonReportTest, FailedCaseHasNoFiguresAndSaysWhy) {
  const json& benchmarks = doc_["benchmarks"];
  std::vector<json> entries;
  for (const json& b : benchmarks) {
    if (b.at("elements") == 2048) entries.push_back(b);
  }
  ASSERT_FALSE(entries.empty()) << "the failed case is not in the JSON at all";
  for (const json& e : entries) {
    EXPECT_EQ(e.at("verified"), false);
    EXPECT_EQ(e.at("mismatches"), 3);
    EXPECT_EQ(e.at("memory"), "device-local");
    // No timing figure for a run that did not verify.
    for (const char* key : {"real_time", "items_per_second", "bytes_per_second"}) {
      if (e.contains(key)) {
        EXPECT_TRUE(e[key].is_null() || e[key] == 0) << key << " = " << e[key];
      }
    }
    EXPECT_EQ(e.value("error_occurred", false), true);
    EXPECT_NE(e.value("error_message", "").find("3 of 2048"), std::string::npos) << e.dump();
  }
}

TEST_F(JsonReportTest, NonFiniteValuesStayValidJson) {
  // A measure with one sample: stddev 0; cv of an all-zero measure is NaN. JSON must still parse.
  Report r = sampleReport();
  r.cases[0].measures.push_back(measure("upload", {0, 0}));
  const std::string text = write(JsonReporter{}, r);
  EXPECT_TRUE(json::accept(text)) << text;
}

// Google Benchmark writes every counter on every aggregate; for cv, the counter's own
// coefficient of variation over the repetitions (statistics.cc), which is what fieldbench writes.
TEST_F(JsonReportTest, EveryAggregateCarriesEveryCounterCvTheRatesCv) {
  Report r = sampleReport();
  r.cases[0].measures.push_back(MeasureResult{.name = "submit_latency", .samplesNs = {10, 20, 30}, .summary = {},
                                              .bytesPerElement = 0});
  r.cases[0].measures.back().summary = summarize(r.cases[0].measures.back().samplesNs);
  r.cases[1].measures.push_back(measure("upload", {5000}));  // one repetition
  r.cases[1].opsPerElement = 4;
  const json doc = json::parse(write(JsonReporter{}, r));
  std::map<std::string, json> cvByRun;
  std::size_t aggregates = 0;
  for (const json& b : doc["benchmarks"]) {
    if (b.value("run_type", "") != "aggregate") continue;
    ++aggregates;
    for (const char* counter : {"items_per_second", "bytes_per_second", "ops_per_second"}) {
      EXPECT_TRUE(b.contains(counter) && b[counter].is_number()) << counter << " in " << b.dump();
    }
    if (b.at("aggregate_name") == "cv") cvByRun[b.at("run_name")] = b;
  }
  EXPECT_EQ(aggregates, 6u * (2 + 2 + 1 + 1));  // six aggregates per measure

  // field_add/device-local/1024/kernel: 1000, 2000, 3000 ns -> rates in the ratio 6 : 3 : 2.
  // Their mean is 11/3, sample stddev sqrt(13/3): cv 0.5677, not the times' 0.5.
  const json& kernel = cvByRun.at("field_add/device-local/1024/kernel");
  const double rateCv = std::sqrt(13.0 / 3.0) / (11.0 / 3.0);
  EXPECT_NEAR(kernel.at("items_per_second").get<double>(), rateCv, 1e-12);
  EXPECT_NEAR(kernel.at("bytes_per_second").get<double>(), rateCv, 1e-12);  // 144 x each rate: the same cv
  EXPECT_NEAR(kernel.at("ops_per_second").get<double>(), rateCv, 1e-12);
  EXPECT_DOUBLE_EQ(kernel.at("real_time").get<double>(), 0.5);  // the time's own cv, as before
  EXPECT_EQ(kernel.at("aggregate_unit"), "percentage");
  // A latency has no throughput (all rates 0) and one repetition has no spread: 0, as Google Benchmark writes.
  EXPECT_EQ(cvByRun.at("field_add/device-local/1024/submit_latency").at("items_per_second").get<double>(), 0.0);
  EXPECT_EQ(cvByRun.at("field_add/host-visible/262144/upload").at("items_per_second").get<double>(), 0.0);
  EXPECT_EQ(cvByRun.at("field_add/host-visible/262144/upload").at("ops_per_second").get<double>(), 0.0);
}

// The reader and compare take a report without the new fields (cv counters, pipeline_statistics)
// and one with them alike, and compare them without --force.
TEST_F(JsonReportTest, ReaderAndCompareAcceptOldAndNewFiles) {
  Report r = sampleReport();
  r.context.pipelineStatistics["field_add"] = {{"Compute Shader", "Register Count", "32", "Registers used"}};
  json newer = json::parse(write(JsonReporter{}, r));
  json older = newer;
  older["context"].erase("pipeline_statistics");
  for (json& b : older["benchmarks"]) {
    if (b.value("aggregate_name", "") != "cv") continue;
    for (const char* counter : {"items_per_second", "bytes_per_second", "ops_per_second"}) b.erase(counter);
  }
  const auto oldFile = parseReport("old.json", older.dump()), newFile = parseReport("new.json", newer.dump());
  ASSERT_EQ(oldFile.entries.size(), newFile.entries.size());
  for (std::size_t i = 0; i < oldFile.entries.size(); ++i) {
    EXPECT_EQ(oldFile.entries[i].key.name(), newFile.entries[i].key.name());
    EXPECT_EQ(oldFile.entries[i].medianNs, newFile.entries[i].medianNs);
    EXPECT_EQ(oldFile.entries[i].itemsPerSecond, newFile.entries[i].itemsPerSecond);  // the median's, not the cv's
  }
  EXPECT_EQ(oldFile.schemaVersion, newFile.schemaVersion);
  Comparison c;
  ASSERT_NO_THROW(c = compare(oldFile, newFile, {}));
  EXPECT_TRUE(c.forced.empty()) << c.forced;
  EXPECT_EQ(c.count(Verdict::kSame) + c.count(Verdict::kUnverified), c.rows.size());  // the same figures
  EXPECT_GT(c.count(Verdict::kSame), 0u);
}

TEST_F(JsonReportTest, PipelineStatisticsByKernelInTheContext) {
  // None captured (a driver without VK_KHR_pipeline_executable_properties): an empty object.
  ASSERT_TRUE(doc_["context"].contains("pipeline_statistics"));
  EXPECT_EQ(doc_["context"]["pipeline_statistics"], json::object());

  Report r = sampleReport();
  r.context.pipelineStatistics["field_add"] = {{"Compute Shader", "Register Count", "32", "Registers used"},
                                              {"Compute Shader", "Spills \"x\"", "false", "Any spill"}};
  r.context.pipelineStatistics["int_probe"] = {{"SPIR-V", "Instructions", "1.5", ""}};
  const json byKernel = json::parse(write(JsonReporter{}, r))["context"]["pipeline_statistics"];
  ASSERT_EQ(byKernel.size(), 2u) << byKernel.dump();
  ASSERT_EQ(byKernel.at("field_add").size(), 2u);
  EXPECT_EQ(byKernel["field_add"][0],
            (json{{"executable", "Compute Shader"}, {"name", "Register Count"}, {"value", "32"},
                  {"description", "Registers used"}}));
  EXPECT_EQ(byKernel["field_add"][1]["name"], "Spills \"x\"");
  EXPECT_EQ(byKernel["int_probe"][0]["value"], "1.5");

  // --device all: each device's own, beside its link bandwidths.
  Report other = sampleReport();
  other.context.device.index = 1;
  std::ostringstream text;
  const std::vector<Report> both{r, other};
  writeJsonReport(both, true, text);
  const json multi = json::parse(text.str());
  EXPECT_EQ(multi["context"]["devices"][0]["pipeline_statistics"], byKernel);
  EXPECT_EQ(multi["context"]["devices"][1]["pipeline_statistics"], json::object());
}

TEST(PipelineStatisticValue, FormattedByItsFormat) {
  using F = vk::PipelineExecutableStatisticFormatKHR;
  vk::PipelineExecutableStatisticValueKHR v{};
  v.b32 = VK_TRUE;
  EXPECT_EQ(formatStatisticValue(F::eBool32, v), "true");
  v.b32 = VK_FALSE;
  EXPECT_EQ(formatStatisticValue(F::eBool32, v), "false");
  v.i64 = -42;
  EXPECT_EQ(formatStatisticValue(F::eInt64, v), "-42");
  v.i64 = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(formatStatisticValue(F::eInt64, v), "-9223372036854775808");
  v.u64 = std::numeric_limits<std::uint64_t>::max();
  EXPECT_EQ(formatStatisticValue(F::eUint64, v), "18446744073709551615");
  v.f64 = 0.1;
  EXPECT_EQ(formatStatisticValue(F::eFloat64, v), "0.1");  // shortest text that reads back the same
  v.f64 = 2.5e-7;
  EXPECT_EQ(std::stod(formatStatisticValue(F::eFloat64, v)), 2.5e-7);
  v.f64 = 64;
  EXPECT_EQ(formatStatisticValue(F::eFloat64, v), "64");
  // A format a later header may add: said so, never a garbled number.
  EXPECT_NE(formatStatisticValue(static_cast<F>(99), v).find("not known"), std::string::npos);
}

// ------------------------------------------------------------------- CSV

std::vector<std::string> splitCsvLine(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') field += '"', ++i;
      else if (ch == '"') quoted = false;
      else field += ch;
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      fields.push_back(field);
      field.clear();
    } else {
      field += ch;
    }
  }
  fields.push_back(field);
  return fields;
}

std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) rows.push_back(splitCsvLine(line));
  }
  return rows;
}

TEST(CsvReport, HeaderAndOneRowPerMeasure) {
  const Report report = sampleReport();
  const std::string text = write(CsvReporter{}, report);
  const auto rows = parseCsv(text);
  ASSERT_GE(rows.size(), 5u) << text;
  const auto& header = rows[0];
  for (const auto& row : rows) EXPECT_EQ(row.size(), header.size()) << text;

  auto column = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << "no column " << name << " in " << text;
    return static_cast<std::size_t>(it - header.begin());
  };
  const auto op = column("op"), memory = column("memory"), elements = column("elements"),
             measureCol = column("measure"), median = column("median_ns"), verified = column("verified"),
             mismatches = column("mismatches");

  // One row per (op, memory, elements, measure), each once.
  std::set<std::tuple<std::string, std::string, std::string, std::string>> keys;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    EXPECT_TRUE(keys.emplace(row[op], row[memory], row[elements], row[measureCol]).second)
        << "duplicate row " << r << " in " << text;
  }
  for (const auto& c : {report.cases[0], report.cases[1]}) {
    for (const auto& m : c.measures) {
      EXPECT_TRUE(keys.contains({"field_add", std::string(toString(c.memory)), std::to_string(c.elements), m.name}))
          << m.name << " at " << c.elements;
    }
  }

  // Figures of the verified rows.
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row[elements] == "1024" && row[measureCol] == "kernel") {
      EXPECT_DOUBLE_EQ(std::stod(row[median]), 2000.0);
      EXPECT_EQ(row[verified], "true");
      EXPECT_EQ(row[mismatches], "0");
    }
    if (row[elements] == "262144" && row[measureCol] == "roundtrip") {
      EXPECT_DOUBLE_EQ(std::stod(row[median]), 5e6);
      EXPECT_EQ(row[memory], "host-visible");
    }
    if (row[elements] == "2048") {
      EXPECT_EQ(row[verified], "false");
      EXPECT_EQ(row[mismatches], "3");
      EXPECT_TRUE(row[median].empty()) << "a figure for a mismatched size: " << row[median];
    }
  }
  // Rows: 2 measures x 2 verified cases, plus whatever marks the failed case.
  EXPECT_GE(rows.size(), 1u + 4u);
  EXPECT_LE(rows.size(), 1u + 5u);
}

TEST(CsvReport, EmptyReportIsJustTheHeader) {
  Report report = sampleReport();
  report.cases.clear();
  const auto rows = parseCsv(write(CsvReporter{}, report));
  EXPECT_EQ(rows.size(), 1u);
}

// --------------------------------------------------------------- console

TEST(ConsoleReport, ShowsDeviceSizesAndMismatch) {
  const std::string text = write(ConsoleReporter{}, sampleReport());
  EXPECT_NE(text.find("Test \"GPU\" 9000"), std::string::npos) << text;
  EXPECT_NE(text.find("550.54.15"), std::string::npos) << text;
  EXPECT_NE(text.find("1024"), std::string::npos) << text;
  EXPECT_NE(text.find("262144"), std::string::npos) << text;
  EXPECT_NE(text.find("MISMATCH"), std::string::npos) << text;
  EXPECT_NE(text.find("3 of 2048"), std::string::npos) << text;
}

TEST(ConsoleReport, NoMismatchWordWhenAllVerified) {
  Report report = sampleReport();
  report.cases.pop_back();
  const std::string text = write(ConsoleReporter{}, report);
  EXPECT_EQ(text.find("MISMATCH"), std::string::npos) << text;
  EXPECT_NE(text.find("ok"), std::string::npos) << text;
}

// A kind the device lacks: named with its reason in every format, never as a figure.
TEST(SkippedMemory, EveryFormatNamesTheKindAndReason) {
  Report report = sampleReport();
  report.cases.pop_back();  // no mismatch
  report.cases[0].pcieFloorNs = 12345;
  report.cases[0].duplexFloorNs = 9876;
  report.skipped = {{.memory = MemoryKind::kRebar, .reason = "Fake GPU has no \"rebar\", type 3 is 214 MiB"}};

  const auto doc = json::parse(write(JsonReporter{}, report));
  const auto& skipped = doc.at("context").at("skipped_memory");
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0].at("memory"), "rebar");
  EXPECT_EQ(skipped[0].at("reason"), report.skipped[0].reason);
  for (const auto& b : doc.at("benchmarks")) EXPECT_NE(b.at("memory"), "rebar") << b.dump();
  EXPECT_EQ(doc.at("benchmarks")[0].at("pcie_floor_ns"), 12345);
  EXPECT_EQ(doc.at("benchmarks")[0].at("duplex_floor_ns"), 9876);

  const auto rows = parseCsv(write(CsvReporter{}, report));
  const auto& header = rows[0];
  for (const auto& row : rows) ASSERT_EQ(row.size(), header.size());
  const auto col = [&](const char* name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const auto& last = rows.back();
  EXPECT_EQ(last[col("memory")], "rebar");
  EXPECT_EQ(last[col("measure")], "skipped");
  EXPECT_EQ(last[col("median_ns")], "");
  EXPECT_EQ(last[col("verified")], "false");
  EXPECT_EQ(last[col("note")], report.skipped[0].reason);
  EXPECT_EQ(rows[1][col("pcie_floor_ns")], "12345");
  EXPECT_EQ(rows[1][col("duplex_floor_ns")], "9876");

  const auto text = write(ConsoleReporter{}, report);
  EXPECT_NE(text.find("rebar: skipped: Fake GPU"), std::string::npos) << text;
  EXPECT_NE(text.find("9.9 us"), std::string::npos) << text;  // the floor column: duplex
  EXPECT_NE(text.find("eff round: duplex floor / round trip"), std::string::npos) << text;
}

// The rate fractions: int for an integer variant, fp64 for an FP64 one, each in every format.
TEST(RateFractions, EveryFormatCarriesBoth) {
  Report report = sampleReport();
  report.cases.pop_back();  // no mismatch
  report.cases[0].variant = "fp52rz";
  report.cases[0].fp64RateFraction = 0.5;
  report.cases[1].variant = "ps64";
  report.cases[1].intRateFraction = 0.25;

  const auto text = write(ConsoleReporter{}, report);
  EXPECT_NE(text.find("ok  fp64 rate 50%"), std::string::npos) << text;
  EXPECT_NE(text.find("ok  int rate 25%"), std::string::npos) << text;
  EXPECT_NE(text.find("fp64 rate: op/s x the FP64 instructions of the variant's products per op / fp64_probe's fmas per s"), std::string::npos);

  const auto doc = json::parse(write(JsonReporter{}, report));
  for (const auto& b : doc.at("benchmarks")) {
    const bool fp64 = b.at("variant") == "fp52rz";
    EXPECT_DOUBLE_EQ(b.at("fp64_rate_fraction").get<double>(), fp64 ? 0.5 : 0.0) << b.dump();
    EXPECT_DOUBLE_EQ(b.at("int_rate_fraction").get<double>(), fp64 ? 0.0 : 0.25) << b.dump();
  }

  const auto rows = parseCsv(write(CsvReporter{}, report));
  const auto& header = rows[0];
  const auto col = [&](const char* name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  ASSERT_LT(col("fp64_rate_fraction"), header.size());
  for (std::size_t r = 1; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), header.size());
    const bool fp64 = rows[r][col("variant")] == "fp52rz";
    EXPECT_DOUBLE_EQ(std::stod(rows[r][col("fp64_rate_fraction")]), fp64 ? 0.5 : 0.0);
    EXPECT_DOUBLE_EQ(std::stod(rows[r][col("int_rate_fraction")]), fp64 ? 0.0 : 0.25);
  }
}

// The variant of each case and of the run; a variant the device lacks is named with its reason.
TEST(Variants, EveryFormatNamesTheVariantAndSkippedOnes) {
  Report report = sampleReport();
  report.cases.pop_back();  // no mismatch
  for (auto& c : report.cases) c.variant = "cios64";
  report.context.variantOption = "best";
  report.context.variants = {{.kernel = "bls12-381-fp.mul", .variant = "cios64", .choice = "best",
                              .probeNs = {{"cios32", 2000.0}, {"cios64", 1500.0}}}};
  report.context.skippedVariants = {
      {.kernel = "bls12-381-fp.sqr", .variant = "cios64x", .reason = "variant cios64x needs \"shaderInt64\""}};

  const auto doc = json::parse(write(JsonReporter{}, report));
  const auto& ctx = doc.at("context");
  EXPECT_EQ(ctx.at("variant"), "best");
  ASSERT_EQ(ctx.at("variants").size(), 1u);
  EXPECT_EQ(ctx.at("variants")[0].at("variant"), "cios64");
  EXPECT_EQ(ctx.at("variants")[0].at("choice"), "best");
  EXPECT_EQ(ctx.at("variants")[0].at("probe_kernel_ns").at("cios32"), 2000);
  ASSERT_EQ(ctx.at("skipped_variants").size(), 1u);
  EXPECT_EQ(ctx.at("skipped_variants")[0].at("reason"), report.context.skippedVariants[0].reason);
  for (const auto& b : doc.at("benchmarks")) EXPECT_EQ(b.at("variant"), "cios64") << b.dump();

  const auto rows = parseCsv(write(CsvReporter{}, report));
  const auto& header = rows[0];
  for (const auto& row : rows) ASSERT_EQ(row.size(), header.size());
  const auto col = [&](const char* name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  EXPECT_EQ(rows[1][col("variant")], "cios64");
  const auto& last = rows.back();
  EXPECT_EQ(last[col("op")], "bls12-381-fp.sqr");
  EXPECT_EQ(last[col("measure")], "skipped");
  EXPECT_EQ(last[col("variant")], "cios64x");
  EXPECT_EQ(last[col("note")], report.context.skippedVariants[0].reason);

  const auto text = write(ConsoleReporter{}, report);
  EXPECT_NE(text.find("variant: best: bls12-381-fp.mul cios64 (fastest of cios32 2.0 us, cios64 1.5 us)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[cios64] ("), std::string::npos) << text;
  EXPECT_NE(text.find("bls12-381-fp.sqr [cios64x]: skipped: variant cios64x needs"), std::string::npos) << text;
}

TEST(JsonText, StringsAreEscapedAndNumbersHaveNoNaN) {
  EXPECT_EQ(jsonString("plain"), "\"plain\"");
  EXPECT_EQ(jsonString("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
  EXPECT_EQ(jsonString(std::string(1, '\x01')), "\"\\u0001\"");
  EXPECT_TRUE(nlohmann::json::parse(jsonString("tab\there \x1f end")) == "tab\there \x1f end");
  EXPECT_EQ(jsonNumber(1.5), "1.5");
  EXPECT_EQ(jsonNumber(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(jsonNumber(std::numeric_limits<double>::infinity()), "null");
}

}  // namespace
}  // namespace fieldbench
