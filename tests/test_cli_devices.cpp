// The executable on lavapipe for CI and GPU comparisons: --list-devices --format json,
// --device by UUID and all, --baseline, --quiet, and a clean stdout (no progress, no colour).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_fixture.hpp"
#include "fieldbench/error.hpp"

namespace fieldbench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::Result;
using testing::readFile;
using testing::runProgram;

class DevicesCli : public testing::FieldbenchCliTest {
 protected:

  json usableDevices() {
    const Result r = run({"--list-devices", "--format", "json"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    json usable = json::array();
    const json doc = json::parse(r.out);
    for (const auto& d : doc.at("devices")) {
      if (d.at("usable").get<bool>()) usable.push_back(d);
    }
    return usable;
  }

  // A small verified run as JSON written to `name`.
  fs::path jsonRun(const std::string& name, std::vector<std::string> extra = {}) {
    const auto path = dir_ / name;
    std::vector<std::string> args{"--elements", "1K,2K", "--iterations", "3", "--warmup", "1", "--format", "json",
                                  "-o", path.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const Result r = run(args);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return path;
  }
};

TEST_F(DevicesCli, ListDevicesJson) {
  const Result r = run({"--list-devices", "--format", "json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  json doc;
  ASSERT_NO_THROW(doc = json::parse(r.out)) << r.out;
  ASSERT_FALSE(doc.at("devices").empty());
  for (std::size_t i = 0; i < doc["devices"].size(); ++i) {
    const auto& d = doc["devices"][i];
    EXPECT_EQ(d.at("index"), i);
    EXPECT_FALSE(d.at("name").get<std::string>().empty());
    EXPECT_EQ(d.at("uuid").get<std::string>().size(), 36u) << d.dump();
    EXPECT_FALSE(d.at("heaps").empty());
    EXPECT_EQ(d.at("usable").get<bool>(), d.at("rejection").is_null());
  }
  const Result csv = run({"--list-devices", "--format", "csv"});
  EXPECT_EQ(csv.exitCode, 2);
  EXPECT_EQ(csv.errLines().size(), 1u) << csv.err;
}

TEST_F(DevicesCli, DeviceByUuid) {
  const auto devices = usableDevices();
  ASSERT_FALSE(devices.empty());
  const std::string uuid = devices[0].at("uuid");
  std::string bare, upper;
  for (const char c : uuid) {
    if (c != '-') bare += c;
    upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  for (const auto& selector : {uuid, bare, upper}) {
    SCOPED_TRACE(selector);
    const auto path = jsonRun("uuid.json", {"--device", selector});
    const auto doc = json::parse(readFile(path));
    EXPECT_EQ(doc.at("context").at("device").at("uuid"), uuid);
  }
  const Result r = run({"--device", "00000000-0000-0000-0000-000000000000", "--elements", "1K"});
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_EQ(r.errLines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("00000000-0000-0000-0000-000000000000"), std::string::npos) << r.err;
}

TEST_F(DevicesCli, DeviceAllJsonOnOneOrMoreDevices) {
  const auto devices = usableDevices();
  const auto path = jsonRun("all.json", {"--device", "all"});
  const auto doc = json::parse(readFile(path));
  const auto& ctx = doc.at("context");
  ASSERT_EQ(ctx.at("devices").size(), devices.size());
  EXPECT_EQ(ctx.at("all_verified"), true);
  for (std::size_t i = 0; i < devices.size(); ++i) {
    EXPECT_EQ(ctx["devices"][i].at("uuid"), devices[i].at("uuid"));
    EXPECT_EQ(ctx["devices"][i].at("all_verified"), true);
  }
  // Every benchmark names its device; each device has kernel medians for both sizes.
  std::set<std::string> medians;
  for (const auto& b : doc.at("benchmarks")) {
    const auto index = b.at("device_index").get<std::uint32_t>();
    const std::string name = b.at("name");
    EXPECT_TRUE(name.starts_with("device" + std::to_string(index) + "/field_add/")) << name;
    EXPECT_FALSE(b.at("device_name").get<std::string>().empty());
    if (b.value("aggregate_name", "") == "median" && b.at("measure") == "kernel") medians.insert(b.at("run_name"));
  }
  EXPECT_EQ(medians.size(), 2 * devices.size());

  // compare reads it (against itself: nothing changed) and plot draws a line pair per device.
  Result r = run({"compare", path.string(), path.string()});
  EXPECT_EQ(r.exitCode, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("device" + devices[0].at("index").dump() + "/field_add/imported/1024/kernel"),
            std::string::npos)
      << r.out;
  const auto svg = dir_ / "all.svg";
  r = run({"plot", path.string(), "-o", svg.string()});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  const auto text = readFile(svg);
  std::size_t lines = 0;
  for (auto at = text.find("<polyline"); at != std::string::npos; at = text.find("<polyline", at + 1)) ++lines;
  EXPECT_EQ(lines, 2 * devices.size());
  // A one-device report and a --device all report are different layouts: not compared unless forced.
  const auto single = jsonRun("single.json");
  r = run({"compare", single.string(), path.string()});
  EXPECT_EQ(r.exitCode, 2) << r.out;
  EXPECT_EQ(r.errLines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("--device all report"), std::string::npos) << r.err;
  if (devices.size() == 1) {
    r = run({"compare", single.string(), path.string(), "--force"});
    EXPECT_EQ(r.exitCode, 1) << r.out;  // every benchmark of the single report is missing from the other
  }
}

TEST_F(DevicesCli, DeviceAllTableSideBySide) {
  const auto devices = usableDevices();
  const Result r = run({"--device", "all", "--elements", "1K,2K", "--iterations", "2", "--warmup", "0"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  for (const auto& d : devices) {
    EXPECT_NE(r.out.find("[" + d.at("index").dump() + "] " + d.at("name").get<std::string>()), std::string::npos)
        << r.out;
  }
  EXPECT_NE(r.out.find("kernel (elem/s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("roundtrip (elem/s)"), std::string::npos) << r.out;
  int rows = 0;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("      1024 ") || line.starts_with("      2048 ")) {
      ++rows;
      // One throughput per device and measure, each with its unit prefix (K, M or G).
      std::size_t units = 0;
      for (const char* u : {" K", " M", " G"}) {
        for (auto at = line.find(u); at != std::string::npos; at = line.find(u, at + 1)) ++units;
      }
      EXPECT_EQ(units, 2 * devices.size()) << line;
    }
  }
  EXPECT_EQ(rows, 2) << r.out;

  for (const auto& bad : std::vector<std::vector<std::string>>{{"--device", "all", "--format", "csv"}}) {
    const Result e = run(bad);
    EXPECT_EQ(e.exitCode, 2) << e.err;
    EXPECT_EQ(e.errLines().size(), 1u) << e.err;
  }
}

TEST_F(DevicesCli, BaselineGate) {
  const auto base = jsonRun("base.json");
  // Against itself with a huge threshold (lavapipe on a loaded CPU can vary tenfold between runs):
  // no regression. stdout is the report alone.
  Result r = run({"--elements", "1K,2K", "--iterations", "3", "--warmup", "1", "--format", "json", "--baseline",
                  base.string(), "--threshold", "100000"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(json::accept(r.out)) << r.out;
  EXPECT_NE(r.err.find("ok: "), std::string::npos) << r.err;

  // A baseline a hundred times faster than anything lavapipe does: every figure is slower.
  auto doc = json::parse(readFile(base));
  for (auto& b : doc.at("benchmarks")) {
    if (b.contains("real_time") && b.value("aggregate_unit", "time") == "time") {
      b["real_time"] = b["real_time"].get<double>() / 100;
    }
  }
  const auto fast = dir_ / "fast.json";
  std::ofstream(fast) << doc.dump();
  r = run({"--elements", "1K,2K", "--iterations", "3", "--warmup", "1", "--baseline", fast.string(), "--quiet"});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;  // --quiet: no report; the failed comparison still shows
  EXPECT_NE(r.err.find("field_add/imported/1024/kernel"), std::string::npos) << r.err;  // auto on lavapipe
  EXPECT_NE(r.err.find("FAILED"), std::string::npos) << r.err;

  // A bad baseline is a usage error before the run.
  const auto broken = dir_ / "broken.json";
  std::ofstream(broken) << "{";
  r = run({"--elements", "1K", "--baseline", broken.string()});
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_EQ(r.errLines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find(broken.string()), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  // --threshold belongs to --baseline.
  r = run({"--elements", "1K", "--threshold", "5"});
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_EQ(r.errLines().size(), 1u) << r.err;
}

TEST_F(DevicesCli, QuietAndCleanOutput) {
  Result r = run({"--elements", "1K", "--iterations", "2", "--quiet"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
  const auto file = dir_ / "q.json";
  r = run({"--elements", "1K", "--iterations", "2", "--quiet", "--format", "json", "-o", file.string()});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(r.out.empty() && r.err.empty()) << r.out << r.err;
  EXPECT_TRUE(json::accept(readFile(file)));
  // stderr is not a terminal here: no progress lines; and no colour codes anywhere (NO_COLOR or not).
  r = run({"--elements", "1K,2K", "--iterations", "2"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  // Errors still show under --quiet.
  r = run({"--elements", "0", "--quiet"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_EQ(r.errLines().size(), 1u) << r.err;
}

}  // namespace
}  // namespace fieldbench
