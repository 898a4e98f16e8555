// fieldbench-compare: two fieldbench JSON reports in, a verdict per benchmark out; the only
// catch, mapping errors to exit codes. The one place that parses JSON (nlohmann-json).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>

#include "fieldbench/compare.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/version.hpp"

namespace fb = fieldbench;
using nlohmann::json;

namespace {

struct CompareCommand {
  std::string baseline, candidate;
  fb::CompareOptions options;
  bool json = false;
  std::optional<std::string> message;  // --help or --version text
};

// Percent, 0 or more, or a usage error naming the value.
double parseThreshold(const std::string& text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) || value < 0) {
    fb::throwUsage(fmt::format("invalid --threshold '{}': expected a percentage, 0 or more (5 = 5%)", text));
  }
  return value;
}

CompareCommand parseCommandLine(int argc, char** argv) {
  CLI::App app{"fieldbench-compare: compare two fieldbench JSON reports benchmark by benchmark (median times).",
               "fieldbench-compare"};
  app.footer(fb::kCompareExitCodeHelp);
  app.get_formatter()->column_width(30);

  CompareCommand cmd;
  std::string threshold = "5", format = "table";
  bool version = false;
  app.add_option("baseline", cmd.baseline, "The reference report (fieldbench --format json)")->type_name("FILE");
  app.add_option("candidate", cmd.candidate, "The report to judge against it")->type_name("FILE");
  app.add_option("--threshold", threshold,
                 "Percent change in the median beyond which a benchmark is a regression or improvement "
                 "[default: 5]")
      ->type_name("PCT");
  app.add_option("--measure", cmd.options.measures,
                 "Measures to compare: kernel, roundtrip, upload, download (several, or comma-separated) "
                 "[default: kernel roundtrip]")
      ->delimiter(',')
      ->type_name("NAME");
  app.add_option("--format", format, "table or json [default: table]")->type_name("FORMAT");
  app.add_flag("--version", version, "Print the version and git commit and exit");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    cmd.message = app.help();
    if (!cmd.message->ends_with('\n')) *cmd.message += '\n';
    return cmd;
  } catch (const CLI::ParseError& e) {
    fb::throwUsage(fmt::format("{} (see --help)", e.what()));
  }
  if (version) {
    cmd.message = fmt::format("fieldbench-compare {} (commit {})\n", fb::kVersion, fb::kGitCommit);
    return cmd;
  }
  if (cmd.baseline.empty() || cmd.candidate.empty()) {
    fb::throwUsage("expected two files: BASELINE.json CANDIDATE.json (see --help)");
  }
  cmd.options.thresholdPercent = parseThreshold(threshold);
  if (format != "table" && format != "json") {
    fb::throwUsage(fmt::format("invalid --format '{}': expected table or json", format));
  }
  cmd.json = format == "json";
  return cmd;
}

// Every problem with a report file is a usage error whose message starts with the file's name.
[[noreturn]] void badFile(const std::string& path, const std::string& what) {
  fb::throwUsage(fmt::format("{}: {}", path, what));
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

fb::BenchmarkFile parseReport(const std::string& path, const std::string& text) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    badFile(path, fmt::format("not valid JSON: {}", plainMessage(e)));
  }
  if (!doc.is_object() || !doc.contains("benchmarks") || !doc["benchmarks"].is_array()) {
    badFile(path, "not a fieldbench JSON report (no \"benchmarks\" array)");
  }
  fb::BenchmarkFile file{.label = path, .deviceName = {}, .entries = {}};
  if (doc.contains("context") && doc["context"].is_object()) {
    const auto& ctx = doc["context"];
    if (ctx.contains("device") && ctx["device"].is_object() && ctx["device"].contains("name") &&
        ctx["device"]["name"].is_string()) {
      file.deviceName = ctx["device"]["name"].get<std::string>();
    }
  }

  const auto& benchmarks = doc["benchmarks"];
  for (std::size_t i = 0; i < benchmarks.size(); ++i) {
    const auto& b = benchmarks[i];
    if (!b.is_object()) badFile(path, fmt::format("benchmarks[{}] is not an object", i));
    const bool error = b.value("error_occurred", json()).is_boolean() && b["error_occurred"].get<bool>();
    const bool median = b.value("run_type", "") == "aggregate" && b.value("aggregate_name", "") == "median";
    if (!error && !median) continue;  // the repetitions and the other statistics

    if (!b.contains("op")) {
      badFile(path, fmt::format("not a fieldbench JSON report (benchmarks[{}] has no \"op\" field)", i));
    }
    fb::BenchmarkEntry e;
    e.key.op = field(path, b, i, "op", &json::is_string, "a string").get<std::string>();
    e.key.memory = field(path, b, i, "memory", &json::is_string, "a string").get<std::string>();
    e.key.elements = field(path, b, i, "elements", &json::is_number_unsigned, "a count").get<std::uint64_t>();
    e.key.measure = field(path, b, i, "measure", &json::is_string, "a string").get<std::string>();
    e.verified = !error && (!b.contains("verified") ||
                            field(path, b, i, "verified", &json::is_boolean, "true or false").get<bool>());
    if (!error) {
      const double t = field(path, b, i, "real_time", &json::is_number, "a number").get<double>();
      if (!std::isfinite(t) || t < 0) badFile(path, fmt::format("benchmark '{}': negative real_time", e.key.name()));
      const auto unit = b.contains("time_unit")
                            ? field(path, b, i, "time_unit", &json::is_string, "a string").get<std::string>()
                            : std::string("ns");
      e.medianNs = toNanoseconds(path, e.key.name(), t, unit);
    }
    file.entries.push_back(std::move(e));
  }
  return file;
}

fb::BenchmarkFile loadReport(const std::string& path) {
  const auto text = readWhole(path);
  try {
    return parseReport(path, text);
  } catch (const json::exception& e) {  // a shape parseReport did not foresee: still the file's fault
    badFile(path, fmt::format("malformed report: {}", plainMessage(e)));
  }
}

int run(int argc, char** argv) {
  const auto cmd = parseCommandLine(argc, argv);
  if (cmd.message) {
    std::cout << *cmd.message;
    return 0;
  }
  const auto baseline = loadReport(cmd.baseline);
  const auto candidate = loadReport(cmd.candidate);
  const auto comparison = fb::compare(baseline, candidate, cmd.options);
  if (comparison.devicesDiffer()) {
    std::cerr << fmt::format(
        "fieldbench-compare: warning: the reports come from different devices: '{}' ({}) and '{}' ({})\n",
        comparison.baselineDevice, cmd.baseline, comparison.candidateDevice, cmd.candidate);
  }
  std::ostringstream out;
  if (cmd.json) fb::writeComparisonJson(comparison, out);
  else fb::writeComparisonTable(comparison, out);
  std::cout << out.str() << std::flush;
  return static_cast<int>(comparison.exitCode());
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const fb::Error& e) {
    std::cerr << "fieldbench-compare: " << e.what() << "\n";
    return static_cast<int>(fb::CompareExit::kUsage);
  } catch (const std::exception& e) {
    std::cerr << "fieldbench-compare: " << e.what() << "\n";
    return static_cast<int>(fb::CompareExit::kUsage);
  }
}
