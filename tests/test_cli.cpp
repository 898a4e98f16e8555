// The built executable end to end: exit codes (error.hpp), what it prints, the
// files it writes, and known-answer mode. Runs with FIELDBENCH_VALIDATION=1 from ctest.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_fixture.hpp"
#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/fields.hpp"
#include "fieldbench/verify.hpp"
#include "reference.hpp"
#include "fieldbench/version.hpp"

namespace fieldbench {
namespace {

using testing::referenceAdd;

namespace fs = std::filesystem;
using testing::Result;
using testing::readFile;
using testing::runProgram;

template <typename T>
void writeRaw(const fs::path& path, const std::vector<T>& data, std::size_t bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(bytes));
}

void writeElements(const fs::path& path, const std::vector<Element>& xs) {
  writeRaw(path, xs, xs.size() * sizeof(Element));
}

std::string bytesOf(const std::vector<Element>& xs) {
  return {reinterpret_cast<const char*>(xs.data()), xs.size() * sizeof(Element)};
}

class CliTest : public testing::FieldbenchCliTest {
 protected:
  // fieldbench `args` exits 2 with one line on stderr that contains one of `badAlternatives`
  // (the shared check takes one), and writes no -o file.
  void expectUsageError(std::vector<std::string> args, const std::vector<std::string>& badAlternatives) const {
    const fs::path report = dir_ / "report.out";
    args.insert(args.end(), {"-o", report.string()});
    std::string what = "fieldbench";
    for (const auto& a : args) what += " " + a;
    SCOPED_TRACE(what);
    const Result r = run(args);
    EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kUsage)) << "stderr: " << r.err << "\nstdout: " << r.out;
    const auto lines = r.errLines();
    EXPECT_EQ(lines.size(), 1u) << "stderr: " << r.err;
    const bool named = std::ranges::any_of(
        badAlternatives, [&](const std::string& bad) { return r.err.find(bad) != std::string::npos; });
    EXPECT_TRUE(named) << "stderr does not name the bad value '" << badAlternatives.front() << "': " << r.err;
    EXPECT_FALSE(fs::exists(report)) << "the -o file was written";
  }

};

// The table row whose first column (the element count) is `elements`.
std::string tableRow(const std::string& table, const std::string& elements) {
  std::istringstream in(table);
  std::string line;
  const std::regex first("^\\s*" + elements + "\\s");
  while (std::getline(in, line)) {
    if (std::regex_search(line, first)) return line;
  }
  return {};
}

TEST_F(CliTest, TableRunVerifies) {
  const Result r = run({"--elements", "1K", "--iterations", "2"});
  ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_NE(r.out.find("verified"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("MISMATCH"), std::string::npos) << r.out;
  const std::string row = tableRow(r.out, "1024");
  ASSERT_FALSE(row.empty()) << "no row for 1024 elements:\n" << r.out;
  EXPECT_TRUE(std::regex_search(row, std::regex("\\bok\\s*$"))) << "row not marked verified: " << row;
}

TEST_F(CliTest, TableNamesTheDevice) {
  const auto devices = listDevices();
  const Result r = run({"--elements", "1K,4K", "--iterations", "1", "--memory", "host-visible"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const bool named = std::ranges::any_of(devices, [&](const DeviceInfo& d) { return r.out.find(d.name) != std::string::npos; });
  EXPECT_TRUE(named) << r.out;
  EXPECT_FALSE(tableRow(r.out, "1024").empty()) << r.out;
  EXPECT_FALSE(tableRow(r.out, "4096").empty()) << r.out;
}

TEST_F(CliTest, JsonToFile) {
  const fs::path file = dir_ / "report.json";
  const Result r = run({"--elements", "1K,2K", "--iterations", "3", "--warmup", "1", "--format", "json", "-o",
                        file.string()});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << "report went to stdout as well: " << r.out;
  ASSERT_TRUE(fs::exists(file));
  nlohmann::json doc;
  ASSERT_NO_THROW(doc = nlohmann::json::parse(readFile(file)));
  ASSERT_TRUE(doc.contains("context"));
  EXPECT_EQ(doc["context"].at("fieldbench_version"), kVersion);
  EXPECT_TRUE(doc["context"].at("device").contains("name"));
  ASSERT_TRUE(doc.contains("benchmarks"));
  std::set<std::string> names;
  for (const auto& b : doc["benchmarks"]) {
    EXPECT_EQ(b.at("verified"), true) << b.dump();
    if (b.at("run_type") == "iteration") names.insert(b.at("name").get<std::string>());
  }
  // No --memory: auto, which is imported on lavapipe (it imports host memory), and the names say so.
  for (const char* name : {"field_add/imported/1024/roundtrip", "field_add/imported/1024/kernel",
                           "field_add/imported/2048/roundtrip", "field_add/imported/2048/kernel"}) {
    EXPECT_TRUE(names.contains(name)) << name << " missing";
  }
  std::size_t iterationsOf1024Kernel = 0;
  for (const auto& b : doc["benchmarks"]) {
    if (b.at("name") == "field_add/imported/1024/kernel" && b.at("run_type") == "iteration") {
      ++iterationsOf1024Kernel;
    }
  }
  EXPECT_EQ(iterationsOf1024Kernel, 3u);
}

TEST_F(CliTest, JsonToStdout) {
  const Result r = run({"--elements", "1K", "--iterations", "1", "--format", "json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(nlohmann::json::accept(r.out)) << r.out;
}

TEST_F(CliTest, Csv) {
  const Result r = run({"--elements", "1K,2K", "--iterations", "2", "--format", "csv"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::istringstream in(r.out);
  std::string line;
  std::vector<std::size_t> fieldCounts;
  std::vector<std::string> lines;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    lines.push_back(line);
    fieldCounts.push_back(static_cast<std::size_t>(std::count(line.begin(), line.end(), ',')) + 1);
  }
  ASSERT_GE(lines.size(), 1u + 2u * 2u) << r.out;  // header + at least kernel and roundtrip per size
  EXPECT_NE(lines[0].find("elements"), std::string::npos) << lines[0];
  for (const auto n : fieldCounts) EXPECT_EQ(n, fieldCounts[0]) << r.out;
  std::size_t rows1024 = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) rows1024 += lines[i].find(",1024,") != std::string::npos;
  EXPECT_GE(rows1024, 2u) << r.out;
}

TEST_F(CliTest, BadElementsZero) { expectUsageError({"--elements", "0"}, {"'0'", "0"}); }
TEST_F(CliTest, BadElementsText) { expectUsageError({"--elements", "abc"}, {"abc"}); }
TEST_F(CliTest, BadMemory) { expectUsageError({"--memory", "gpu"}, {"gpu"}); }
TEST_F(CliTest, BadDevice) { expectUsageError({"--device", "nosuchdevice", "--elements", "1K"}, {"nosuchdevice"}); }
TEST_F(CliTest, BadIterations) { expectUsageError({"--iterations", "0"}, {"'0'", "0"}); }
TEST_F(CliTest, BadFormat) { expectUsageError({"--format", "xml"}, {"xml"}); }
TEST_F(CliTest, BadBufferSize) { expectUsageError({"--buffer-size", "100"}, {"100"}); }

TEST_F(CliTest, SizeOverStorageBufferRange) {
  // 64M elements are 3 GiB per buffer: over lavapipe's maxStorageBufferRange (128 MiB).
  const auto devices = listDevices();
  if (std::ranges::none_of(devices, [](const DeviceInfo& d) { return d.name.find("llvmpipe") != std::string::npos; })) {
    GTEST_SKIP() << "no lavapipe device";
  }
  expectUsageError({"--elements", "64M", "--device", "llvmpipe"}, {"64M", "67108864"});
}

TEST_F(CliTest, ListDevices) {
  const Result r = run({"--list-devices"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  for (const auto& d : listDevices()) EXPECT_NE(r.out.find(d.name), std::string::npos) << d.name << "\n" << r.out;
  const auto devices = listDevices();
  if (std::ranges::any_of(devices, [](const DeviceInfo& d) { return d.driverName == "llvmpipe"; })) {
    EXPECT_NE(r.out.find("llvmpipe"), std::string::npos) << r.out;
  }
}

TEST_F(CliTest, Version) {
  const Result r = run({"--version"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find(kVersion), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(kGitCommit), std::string::npos) << r.out;
}

TEST_F(CliTest, Help) {
  const Result r = run({"--help"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("--elements"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Exit codes"), std::string::npos) << r.out;
  // --workgroup-size auto is described as chooseWorkgroupSize does it (issue 12), nothing else.
  EXPECT_NE(r.out.find("auto = 256 below 1M elements, 1024 from 1M (mul, sqr and the rate probes: 256), at most the device's largest"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("1024 or the device's largest"), std::string::npos) << r.out;
}

// ------------------------------------------------------------ known answer

TEST_F(CliTest, KnownAnswer) {
  const auto a = randomElements(1000, 314), b = randomElements(1000, 271);
  const fs::path aFile = dir_ / "a.bin", bFile = dir_ / "b.bin", cFile = dir_ / "c.bin";
  writeElements(aFile, a);
  writeElements(bFile, b);
  const Result r = run({"--a-file", aFile.string(), "--b-file", bFile.string(), "--result-file", cFile.string(),
                        "--iterations", "2"});
  ASSERT_EQ(r.exitCode, 0) << r.err << r.out;
  ASSERT_TRUE(fs::exists(cFile));
  EXPECT_EQ(fs::file_size(cFile), 1000u * 48u);
  const std::string got = readFile(cFile);
  EXPECT_TRUE(got == bytesOf(referenceAdd(a, b))) << "result file differs from referenceAdd";
}

TEST_F(CliTest, KnownAnswerEdgeElements) {
  // 0, 1 and p - 1 in every combination: the sums that reduce and the ones that do not.
  Element pm1 = bls12381Fp().modulus;
  pm1[0] -= 1;
  const Element zero{}, one{1, 0, 0, 0, 0, 0};
  std::vector<Element> a, b;
  for (const auto& x : {zero, one, pm1}) {
    for (const auto& y : {zero, one, pm1}) {
      a.push_back(x);
      b.push_back(y);
    }
  }
  const fs::path aFile = dir_ / "a.bin", bFile = dir_ / "b.bin", cFile = dir_ / "c.bin";
  writeElements(aFile, a);
  writeElements(bFile, b);
  const Result r = run({"--a-file", aFile.string(), "--b-file", bFile.string(), "--result-file", cFile.string(),
                        "--memory", "host-visible", "--iterations", "1"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(readFile(cFile) == bytesOf(referenceAdd(a, b)));
}

TEST_F(CliTest, KnownAnswerNonCanonicalElement) {
  auto a = randomElements(10, 1);
  const auto b = randomElements(10, 2);
  a[3] = bls12381Fp().modulus;  // p itself is not canonical
  const fs::path aFile = dir_ / "a.bin", bFile = dir_ / "b.bin", cFile = dir_ / "c.bin";
  writeElements(aFile, a);
  writeElements(bFile, b);
  const Result r = run({"--a-file", aFile.string(), "--b-file", bFile.string(), "--result-file", cFile.string()});
  EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kUsage)) << r.err;
  EXPECT_EQ(r.errLines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find(aFile.string()), std::string::npos) << r.err;
  // Index 3, as a number of its own (the path is removed first: it may hold digits).
  std::string rest = r.err;
  if (const auto at = rest.find(aFile.string()); at != std::string::npos) rest.erase(at, aFile.string().size());
  EXPECT_TRUE(std::regex_search(rest, std::regex("(^|[^0-9])3([^0-9]|$)"))) << r.err;
  EXPECT_FALSE(fs::exists(cFile));
}

TEST_F(CliTest, KnownAnswerFileSizeNotMultipleOf48) {
  const auto a = randomElements(10, 1), b = randomElements(10, 2);
  const fs::path aFile = dir_ / "a.bin", bFile = dir_ / "b.bin", cFile = dir_ / "c.bin";
  writeElements(aFile, a);
  writeRaw(bFile, b, 10 * 48 - 5);
  const Result r = run({"--a-file", aFile.string(), "--b-file", bFile.string(), "--result-file", cFile.string()});
  EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kUsage)) << r.err;
  EXPECT_EQ(r.errLines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find(bFile.string()), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(cFile));
}

TEST_F(CliTest, KnownAnswerFilesOfDifferentSizes) {
  const fs::path aFile = dir_ / "a.bin", bFile = dir_ / "b.bin", cFile = dir_ / "c.bin";
  writeElements(aFile, randomElements(10, 1));
  writeElements(bFile, randomElements(11, 2));
  const Result r = run({"--a-file", aFile.string(), "--b-file", bFile.string(), "--result-file", cFile.string()});
  EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kUsage)) << r.err;
  EXPECT_FALSE(fs::exists(cFile));
}

TEST_F(CliTest, KnownAnswerMissingFile) {
  const fs::path cFile = dir_ / "c.bin";
  writeElements(dir_ / "b.bin", randomElements(4, 2));
  const Result r = run({"--a-file", (dir_ / "missing.bin").string(), "--b-file", (dir_ / "b.bin").string(),
                        "--result-file", cFile.string()});
  EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kUsage)) << r.err;
  EXPECT_NE(r.err.find("missing.bin"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(cFile));
}

TEST_F(CliTest, KnownAnswerNeedsAllThreeFiles) {
  writeElements(dir_ / "a.bin", randomElements(4, 1));
  const Result r = run({"--a-file", (dir_ / "a.bin").string()});
  EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kUsage)) << r.err;
  EXPECT_EQ(r.errLines().size(), 1u) << r.err;
}

// Issue 3's method in the JSON: every measure, the efficiencies, the link and the cache state.
TEST_F(CliTest, JsonCarriesEveryMeasureAndFigure) {
  const Result r = run({"--elements", "1K,4K", "--iterations", "2", "--warmup", "1", "--format", "json", "--cold",
                        "--memory", "device-local"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  const auto& ctx = doc.at("context");
  EXPECT_EQ(ctx.at("cache"), "cold");
  EXPECT_EQ(ctx.at("memory"), "device-local");
  EXPECT_TRUE(ctx.at("skipped_memory").empty());
  EXPECT_GT(ctx.at("host_to_device_bytes_per_second").get<double>(), 0);
  EXPECT_GT(ctx.at("device_to_host_bytes_per_second").get<double>(), 0);
  std::set<std::string> measures, aggregates;
  for (const auto& b : doc.at("benchmarks")) {
    EXPECT_EQ(b.at("verified"), true) << b.dump();
    EXPECT_GT(b.at("kernel_efficiency").get<double>(), 0) << b.dump();
    EXPECT_GT(b.at("roundtrip_efficiency").get<double>(), 0) << b.dump();
    if (b.at("run_type") == "iteration") measures.insert(b.at("measure").get<std::string>());
    if (b.at("run_type") == "aggregate") aggregates.insert(b.at("aggregate_name").get<std::string>());
  }
  for (const char* m : {"upload", "kernel", "download", "roundtrip", "roofline"}) {
    EXPECT_TRUE(measures.contains(m)) << m << " missing";
  }
  for (const char* a : {"mean", "median", "stddev", "cv", "min", "p95"}) {
    EXPECT_TRUE(aggregates.contains(a)) << a << " missing";
  }
}

// --min-time repeats until the round trips add up to the time asked for.
TEST_F(CliTest, MinTimeRepeatsUntilMeasured) {
  const Result r = run({"--elements", "1K", "--min-time", "0.2", "--warmup", "0", "--format", "json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_DOUBLE_EQ(doc.at("context").at("min_time").get<double>(), 0.2);
  double sumNs = 0;
  std::size_t reps = 0;
  for (const auto& b : doc.at("benchmarks")) {
    if (b.at("measure") == "roundtrip" && b.at("run_type") == "iteration") {
      sumNs += b.at("real_time").get<double>();
      ++reps;
    }
  }
  EXPECT_GE(reps, 1u);
  // The stopping rule counts wall time, cold flushes included; without --cold the two agree.
  EXPECT_GE(sumNs, 0.2e9);
}

// --warmup-time: untimed runs for at least that long before the timed ones (a lower bound on
// the process's time, whatever the machine), and the JSON context says how long.
TEST_F(CliTest, WarmupTimeWarmsUpAtLeastThatLong) {
  const auto start = std::chrono::steady_clock::now();
  const Result r = run({"--elements", "1K", "--warmup-time", "1", "--warmup", "0", "--iterations", "1",
                        "--format", "json"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_GE(seconds, 1.0);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_DOUBLE_EQ(doc.at("context").at("warmup_time").get<double>(), 1.0);
  EXPECT_TRUE(doc.at("context").at("all_verified").get<bool>());
  const Result t = run({"--elements", "1K", "--warmup-time", "0", "--iterations", "1"});
  ASSERT_EQ(t.exitCode, 0) << t.err;
  EXPECT_NE(t.out.find("after 2 warm-up, seed"), std::string::npos) << t.out;
  const Result d = run({"--elements", "1K", "--iterations", "1"});
  EXPECT_NE(d.out.find("after 2 warm-up (at least 0.05 s), seed"), std::string::npos) << d.out;
}

// Without a Vulkan loader the run stops with one line and exit code 3, not a dynamic-linker
// error. The loader is hidden in a private mount namespace; where that cannot be made (no
// root, no unshare), the test is skipped.
TEST_F(CliTest, NoLoaderIsExitCode3) {
  const std::string script =
      "hid=0; for f in /usr/lib/x86_64-linux-gnu/libvulkan.so.1 /lib/x86_64-linux-gnu/libvulkan.so.1 "
      "/usr/lib64/libvulkan.so.1 /usr/lib/libvulkan.so.1; do [ -e \"$f\" ] || continue; "
      "mount --bind /dev/null \"$f\" || exit 77; hid=1; done; [ $hid = 1 ] || exit 77; exec \"$0\" -n 1K";
  const Result r = runProgram("unshare", {"-m", "sh", "-c", script, FIELDBENCH_EXE}, dir_);
  if (r.exitCode == 77 || (r.exitCode != 3 && r.err.find("unshare") != std::string::npos)) {
    GTEST_SKIP() << "cannot hide the loader here: " << r.err;
  }
  EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kNoDevice)) << r.err << r.out;
  EXPECT_EQ(r.errLines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("libvulkan"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

// An -o path that cannot be written is a usage error found before anything runs.
TEST_F(CliTest, OutputInMissingDirectory) {
  const fs::path report = dir_ / "no_such_dir" / "report.json";
  const Result r = run({"--elements", "1K", "--format", "json", "-o", report.string()});
  EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kUsage)) << r.err;
  EXPECT_EQ(r.errLines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("no_such_dir"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_FALSE(fs::exists(report));
}

// --memory all on lavapipe (which has every kind): each kind verified, named in every
// benchmark's name and field, with its PCIe floor; the link comes from the staged kinds.
TEST_F(CliTest, MemoryAllRunsEveryKindVerified) {
  const Result r = run({"--memory", "all", "--elements", "1K,64K", "--chunk", "64K", "--iterations", "2", "--warmup",
                        "1", "--format", "json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  const auto& ctx = doc.at("context");
  EXPECT_EQ(ctx.at("memory"), "device-local,host-visible,rebar,imported");
  EXPECT_TRUE(ctx.at("skipped_memory").empty());
  EXPECT_EQ(ctx.at("chunk_bytes"), 65536);
  // The link probe's three figures, and clocks that lavapipe cannot have.
  EXPECT_GT(ctx.at("host_to_device_bytes_per_second").get<double>(), 0);
  EXPECT_GT(ctx.at("device_to_host_bytes_per_second").get<double>(), 0);
  EXPECT_GT(ctx.at("host_to_device_duplex_bytes_per_second").get<double>() +
                ctx.at("device_to_host_duplex_bytes_per_second").get<double>(),
            0);
  EXPECT_GT(ctx.at("link_probe_bytes").get<double>(), 0);
  EXPECT_TRUE(ctx.at("gpu_clocks").at("source").get<std::string>().starts_with("unknown")) << ctx.dump();
  EXPECT_TRUE(ctx.at("gpu_clocks").at("sizes").empty());
  std::set<std::string> kinds;
  for (const auto& b : doc.at("benchmarks")) {
    const std::string memory = b.at("memory");
    kinds.insert(memory);
    EXPECT_EQ(b.at("verified"), true) << b.dump();
    EXPECT_NE(b.at("name").get<std::string>().find("/" + memory + "/"), std::string::npos) << b.dump();
    EXPECT_GT(b.at("pcie_floor_ns").get<double>(), 0) << b.dump();
    EXPECT_GT(b.at("duplex_floor_ns").get<double>(), 0) << b.dump();
    EXPECT_LE(b.at("duplex_floor_ns").get<double>(), b.at("pcie_floor_ns").get<double>()) << b.dump();
    // 64K elements are 3 MiB per operand: chunked for the kinds with a copy.
    if (b.at("elements") == 65536 && memory != "host-visible") {
      EXPECT_GT(b.at("chunks").get<int>(), 1) << b.dump();
    }
    if (memory == "host-visible") {
      EXPECT_EQ(b.at("chunks"), 1) << b.dump();
    }
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"device-local", "host-visible", "rebar", "imported"}));

  const Result table = run({"--memory", "rebar,imported", "--elements", "1K", "--iterations", "1"});
  ASSERT_EQ(table.exitCode, 0) << table.err;
  EXPECT_NE(table.out.find("field_add [u32] (rebar):"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("field_add [u32] (imported):"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("duplex floor"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("fastest round trip: 1024 "), std::string::npos) << table.out;
}

TEST_F(CliTest, NoOverlapRunsUnchunked) {
  const Result r = run({"--elements", "64K", "--chunk", "64K", "--no-overlap", "--iterations", "1", "--format",
                        "csv", "--memory", "device-local"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("pcie_floor_ns,duplex_floor_ns,chunks,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("field_add,device-local,65536,roundtrip,"), std::string::npos) << r.out;
}

// No --memory, or --memory auto: the fastest kind the device supports, named in the report
// (imported on lavapipe, which imports host memory).
TEST_F(CliTest, DefaultMemoryIsAutoAndTheReportNamesTheKindUsed) {
  for (const std::vector<std::string>& extra : {std::vector<std::string>{}, std::vector<std::string>{"--memory", "auto"}}) {
    std::vector<std::string> args{"--elements", "1K", "--iterations", "1", "--warmup", "0", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const Result r = run(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc.at("context").at("memory"), "imported");
    EXPECT_TRUE(doc.at("context").at("skipped_memory").empty());
    EXPECT_NE(doc.at("context").at("device").at("queues").get<std::string>().find("upload family"), std::string::npos);
  }
  const Result table = run({"--elements", "1K", "--iterations", "1", "--warmup", "0"});
  ASSERT_EQ(table.exitCode, 0) << table.err;
  EXPECT_NE(table.out.find("(imported):\n"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("queues:  compute family"), std::string::npos) << table.out;
}

TEST_F(CliTest, BadChunkAndMemoryAreOneLineExit2) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--chunk", "0"}, {"--chunk", "12"}, {"--chunk", "2T"}, {"--memory", "vram"}, {"--memory", "all,rebar"}}) {
    const Result r = run(args);
    EXPECT_EQ(r.exitCode, static_cast<int>(ExitCode::kUsage)) << args[1] << ": " << r.err;
    EXPECT_EQ(r.errLines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find(args[1]), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

}  // namespace
}  // namespace fieldbench

namespace fieldbench {
namespace {

// GPU clocks from NVML where libnvidia-ml.so.1 is: a stand-in library (tests/fake_nvml.cpp) on
// LD_LIBRARY_PATH that knows lavapipe's UUID gives each size's clocks in the JSON and the table.
TEST_F(CliTest, ClocksComeFromNvmlForTheDeviceWithItsUuid) {
  const Result devices = run({"--list-devices", "--format", "json"});
  ASSERT_EQ(devices.exitCode, 0) << devices.err;
  const std::string uuid = nlohmann::json::parse(devices.out).at("devices")[0].at("uuid");
  const char* old = std::getenv("LD_LIBRARY_PATH");
  const std::string saved = old ? old : "";
  ::setenv("LD_LIBRARY_PATH", (std::string(FAKE_NVML_DIR) + (old ? ":" + saved : "")).c_str(), 1);
  ::setenv("FAKE_NVML_UUID", uuid.c_str(), 1);
  const Result json = run({"--elements", "1K,4K", "--iterations", "1", "--format", "json"});
  const Result table = run({"--elements", "1K", "--iterations", "1"});
  ::unsetenv("FAKE_NVML_UUID");
  old ? ::setenv("LD_LIBRARY_PATH", saved.c_str(), 1) : ::unsetenv("LD_LIBRARY_PATH");
  ASSERT_EQ(json.exitCode, 0) << json.err;
  const auto clocks = nlohmann::json::parse(json.out).at("context").at("gpu_clocks");
  EXPECT_EQ(clocks.at("source"), "nvml");
  ASSERT_EQ(clocks.at("sizes").size(), 2u) << clocks.dump();
  EXPECT_EQ(clocks.at("sizes")[1].at("elements"), 4096);
  EXPECT_EQ(clocks.at("sizes")[1].at("sm_mhz_start"), 1755);
  EXPECT_EQ(clocks.at("sizes")[1].at("memory_mhz_end"), 3201);
  ASSERT_EQ(table.exitCode, 0) << table.err;
  EXPECT_NE(table.out.find("clocks:  SM 1755 MHz, memory 3201 MHz"), std::string::npos) << table.out;
}

}  // namespace
}  // namespace fieldbench
