#include "fieldbench/report_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fieldbench/error.hpp"
#include "fieldbench/stats.hpp"

namespace fieldbench {
namespace {

using nlohmann::json;

// Every problem with a report file is a usage error whose message starts with the file's name.
[[noreturn]] void badFile(const std::string& path, const std::string& what) {
  throwUsage(fmt::format("{}: {}", path, what));
}

// nlohmann's message without its "[json.exception.parse_error.101] " prefix.
std::string plainMessage(const json::exception& e) {
  std::string what = e.what();
  if (const auto close = what.find("] "); what.starts_with("[json.exception.") && close != std::string::npos) {
    what.erase(0, close + 2);
  }
  std::ranges::replace(what, '\n', ' ');
  return what;
}

// The field `key` of benchmark entry `b`, of the kind `check` accepts, or a message naming both.
using JsonCheck = bool (json::*)() const noexcept;
const json& field(const std::string& path, const json& b, std::size_t index, const char* key, JsonCheck check,
                  const char* kind) {
  const auto it = b.find(key);
  const std::string where = b.contains("name") && b["name"].is_string()
                                ? fmt::format("benchmark '{}'", b["name"].get<std::string>())
                                : fmt::format("benchmarks[{}]", index);
  if (it == b.end()) badFile(path, fmt::format("{} has no \"{}\" field", where, key));
  if (!((*it).*check)()) badFile(path, fmt::format("{}: \"{}\" is not {}", where, key, kind));
  return *it;
}

// Google Benchmark writes time_unit per entry; fieldbench always writes ns.
double toNanoseconds(const std::string& path, const std::string& name, double value, const std::string& unit) {
  if (unit == "ns") return value;
  if (unit == "us") return value * 1e3;
  if (unit == "ms") return value * 1e6;
  if (unit == "s") return value * 1e9;
  badFile(path, fmt::format("benchmark '{}': unknown time_unit '{}'", name, unit));
}

std::string stringAt(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

BenchmarkFile parse(const std::string& path, const std::string& text) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    badFile(path, fmt::format("not valid JSON: {}", plainMessage(e)));
  }
  if (!doc.is_object() || !doc.contains("benchmarks") || !doc["benchmarks"].is_array()) {
    badFile(path, "not a fieldbench JSON report (no \"benchmarks\" array)");
  }
  BenchmarkFile file{.label = path};

  // Repetitions wait for their median aggregate, which closes the benchmark: a size run twice
  // (--elements 1K,1K) gives two entries, each with its own repetitions.
  std::map<BenchmarkKey, std::vector<std::pair<std::uint64_t, double>>> pending;  // (run_index, ns)
  const auto& benchmarks = doc["benchmarks"];
  for (std::size_t i = 0; i < benchmarks.size(); ++i) {
    const auto& b = benchmarks[i];
    if (!b.is_object()) badFile(path, fmt::format("benchmarks[{}] is not an object", i));
    const bool error = b.value("error_occurred", json()).is_boolean() && b["error_occurred"].get<bool>();
    const std::string runType = b.value("run_type", "");
    const bool median = runType == "aggregate" && b.value("aggregate_name", "") == "median";
    const bool iteration = runType == "iteration";
    if (!b.contains("op")) {
      badFile(path, fmt::format("not a fieldbench JSON report (benchmarks[{}] has no \"op\" field)", i));
    }
    if (!error && !median && !iteration) continue;  // the other statistics

    BenchmarkEntry e;
    if (b.contains("device_index")) {
      e.key.device = std::to_string(
          field(path, b, i, "device_index", &json::is_number_unsigned, "a device index").get<std::uint32_t>());
    }
    e.key.op = field(path, b, i, "op", &json::is_string, "a string").get<std::string>();
    e.key.memory = field(path, b, i, "memory", &json::is_string, "a string").get<std::string>();
    e.key.elements = field(path, b, i, "elements", &json::is_number_unsigned, "a count").get<std::uint64_t>();
    e.key.measure = field(path, b, i, "measure", &json::is_string, "a string").get<std::string>();
    if (b.contains("variant")) e.variant = field(path, b, i, "variant", &json::is_string, "a string").get<std::string>();
    e.verified = !error && (!b.contains("verified") ||
                            field(path, b, i, "verified", &json::is_boolean, "true or false").get<bool>());
    if (error) {
      file.entries.push_back(std::move(e));
      continue;
    }
    const double t = field(path, b, i, "real_time", &json::is_number, "a number").get<double>();
    // A latency (submit_latency, completion_latency) is a difference of two calibrated clocks and
    // may be slightly negative; a time of anything else may not.
    const bool latency = e.key.measure.ends_with("_latency");
    if (!std::isfinite(t) || (t < 0 && !latency)) {
      badFile(path, fmt::format("benchmark '{}': negative real_time", e.key.name()));
    }
    const auto unit = b.contains("time_unit")
                          ? field(path, b, i, "time_unit", &json::is_string, "a string").get<std::string>()
                          : std::string("ns");
    const double ns = toNanoseconds(path, e.key.name(), t, unit);
    if (iteration) {
      const std::uint64_t run =
          b.contains("run_index")
              ? field(path, b, i, "run_index", &json::is_number_unsigned, "a run index").get<std::uint64_t>()
              : 0;
      pending[e.key].emplace_back(run, ns);
      continue;
    }
    e.medianNs = ns;
    if (b.contains("items_per_second")) {
      e.itemsPerSecond = field(path, b, i, "items_per_second", &json::is_number, "a number").get<double>();
    }
    if (auto it = pending.find(e.key); it != pending.end()) {
      std::map<std::uint64_t, std::vector<double>> byRun;
      for (const auto& [run, x] : it->second) {
        e.samplesNs.push_back(x);
        byRun[run].push_back(x);
      }
      for (const auto& [run, xs] : byRun) e.runMediansNs.push_back(fieldbench::median(xs));
      pending.erase(it);
    }
    file.entries.push_back(std::move(e));
  }

  const auto context = doc.find("context");
  if (context == doc.end() || !context->is_object() || stringAt(*context, "fieldbench_version").empty()) {
    badFile(path, "not a fieldbench JSON report (no context.fieldbench_version)");
  }
  if (const auto device = context->find("device"); device != context->end() && device->is_object()) {
    file.deviceName = stringAt(*device, "name");
  }
  if (const auto devices = context->find("devices"); devices != context->end()) {
    if (!devices->is_array()) badFile(path, "context.devices is not an array");
    for (const auto& d : *devices) {
      if (!d.is_object()) badFile(path, "context.devices holds something that is not an object");
      file.devices.push_back(stringAt(d, "name"));
    }
  }
  if (const auto slowdown = context->find("slowdown_percent"); slowdown != context->end() && slowdown->is_number()) {
    file.slowdownPercent = slowdown->get<double>();
  }
  if (const auto version = context->find("fieldbench_json_version"); version != context->end()) {
    if (!version->is_number_unsigned()) badFile(path, "context.fieldbench_json_version is not a version number");
    file.schemaVersion = version->get<int>();
  }
  return file;
}

std::string readWhole(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) badFile(path, "is a directory, not a JSON report");
  std::ifstream in(path, std::ios::binary);
  if (!in) badFile(path, fmt::format("cannot open: {}", std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) badFile(path, "read error");
  return text.str();
}

}  // namespace

BenchmarkFile parseReport(const std::string& label, const std::string& text) {
  try {
    return parse(label, text);
  } catch (const json::exception& e) {  // a shape parse did not foresee: still the file's fault
    badFile(label, fmt::format("malformed report: {}", plainMessage(e)));
  }
}

BenchmarkFile loadReport(const std::string& path) { return parseReport(path, readWhole(path)); }

}  // namespace fieldbench
