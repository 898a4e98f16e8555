#include "tools.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "fieldbench/compare.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/files.hpp"
#include "fieldbench/plot_svg.hpp"
#include "fieldbench/report_reader.hpp"
#include "fieldbench/split_list.hpp"

namespace fieldbench {
namespace {

std::optional<double> parseDouble(const std::string& text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return {};
  return value;
}

// Parses `args` (args[0] the subcommand) into `app`; returns the help text for --help, else empty.
std::string parse(CLI::App& app, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    auto help = app.help();
    if (!help.ends_with('\n')) help += '\n';
    return help;
  } catch (const CLI::ParseError& e) {
    throwUsage(fmt::format("{} (see {} --help)", e.what(), app.get_name()));
  }
  return {};
}

// A side of compare: one report, or several comma-separated ones pooled (poolRuns).
BenchmarkFile loadReports(const std::string& paths) {
  std::vector<BenchmarkFile> files;
  for (const std::string_view path : splitList(paths)) {
    if (path.empty()) throwUsage(fmt::format("compare: '{}': an empty file name in the list", paths));
    files.push_back(loadReport(std::string(path)));
  }
  return poolRuns(std::move(files));
}

}  // namespace

double parseThresholdPercent(const std::string& text) {
  const auto value = parseDouble(text);
  if (!value || *value < 0) {
    throwUsage(fmt::format("invalid --threshold '{}': expected a percentage, 0 or more (5 = 5%)", text));
  }
  return *value;
}

int runCompareCommand(const std::vector<std::string>& args, std::ostream& out) {
  CLI::App app{"Compare two fieldbench JSON reports benchmark by benchmark: medians of run medians against a "
               "threshold, run medians (--runs 3 or more on both sides) or else repetitions by a Mann-Whitney U "
               "test, and changes within the between-run noise are not called.",
               "fieldbench compare"};
  app.footer(kCompareExitCodeHelp);
  app.get_formatter()->column_width(30);

  std::string baseline, current, threshold = "5", alpha = "0.05", format = "table";
  std::string noiseFloor = fmt::format("{}", kDefaultNoiseFloorPercent);
  CompareOptions options;
  app.add_option("baseline", baseline,
                 "The reference report (fieldbench --format json); several, comma-separated, are pooled as one "
                 "report's runs (processes run interleaved with CURRENT's, docs/ci.md)")
      ->type_name("BASELINE.json");
  app.add_option("current", current, "The report to judge against it (several: as BASELINE)")
      ->type_name("CURRENT.json");
  app.add_option("--threshold", threshold,
                 "Percent change in the median beyond which a benchmark is slower or faster [default: 5]")
      ->type_name("PCT");
  app.add_option("--alpha", alpha, "Significance level of the Mann-Whitney U test over the repetitions [default: 0.05]")
      ->type_name("A");
  app.add_option("--noise-floor", noiseFloor,
                 fmt::format("With one run a side (no between-run noise to estimate): percent change a benchmark "
                             "must also exceed to be slower or faster [default: {}]",
                             kDefaultNoiseFloorPercent))
      ->type_name("PCT");
  app.add_option("--measure", options.measures,
                 "Measures to compare: kernel, roundtrip, upload, download, ... (several, or comma-separated) "
                 "[default: kernel roundtrip]")
      ->delimiter(',')
      ->type_name("NAME");
  app.add_option("--format", format, "table, json or markdown [default: table]")->type_name("FORMAT");
  app.add_flag("--allow-missing", options.allowMissing,
               "A baseline benchmark missing from CURRENT is reported, not a failure");
  app.add_flag("--force", options.force, "Compare reports of different devices or JSON versions (the report says so)");

  if (const auto help = parse(app, std::vector<std::string>(args)); !help.empty()) {
    out << help;
    return 0;
  }
  if (baseline.empty() || current.empty()) {
    throwUsage("compare: expected two files: BASELINE.json CURRENT.json (see fieldbench compare --help)");
  }
  options.thresholdPercent = parseThresholdPercent(threshold);
  const auto floor = parseDouble(noiseFloor);
  if (!floor || *floor < 0) {
    throwUsage(fmt::format("invalid --noise-floor '{}': expected a percentage, 0 or more (30 = 30%)", noiseFloor));
  }
  options.noiseFloorPercent = *floor;
  const auto a = parseDouble(alpha);
  if (!a || !(*a > 0 && *a < 1)) {
    throwUsage(fmt::format("invalid --alpha '{}': expected a significance level between 0 and 1 (0.05)", alpha));
  }
  options.alpha = *a;
  if (format != "table" && format != "json" && format != "markdown") {
    throwUsage(fmt::format("invalid --format '{}': expected table, json or markdown", format));
  }
  const auto comparison = compare(loadReports(baseline), loadReports(current), options);
  std::ostringstream text;
  if (format == "json") writeComparisonJson(comparison, text);
  else if (format == "markdown") writeComparisonMarkdown(comparison, text);
  else writeComparisonTable(comparison, text);
  out << text.str() << std::flush;
  return static_cast<int>(comparison.exitCode());
}

int runPlotCommand(const std::vector<std::string>& args, std::ostream& out) {
  CLI::App app{"Chart throughput against element count from fieldbench JSON reports (SVG).", "fieldbench plot"};
  app.footer("Exit codes: 0 chart written; 2 a usage error or a file that is missing, unreadable or not a "
             "fieldbench JSON report.");
  app.get_formatter()->column_width(30);
  std::vector<std::string> inputs;
  std::string output, title = "fieldbench: BLS12-381 Fp add throughput";
  app.add_option("results", inputs, "fieldbench --format json reports (one line per file and device)")
      ->type_name("RESULT.json ...");
  app.add_option("-o,--output", output, "The SVG file to write (whole or not at all)")->type_name("chart.svg");
  app.add_option("--title", title, "Chart title");
  bool table = false;
  app.add_flag("--table", table, "Also print the plotted throughputs side by side (relative to the first) on stdout");
  if (const auto help = parse(app, args); !help.empty()) {
    out << help;
    return 0;
  }
  if (inputs.empty()) throwUsage("plot: expected at least one RESULT.json (see fieldbench plot --help)");
  if (output.empty()) throwUsage("plot: expected -o chart.svg");
  const auto dir = std::filesystem::absolute(output).parent_path();
  if (!std::filesystem::is_directory(dir)) {
    throwUsage(fmt::format("invalid -o '{}': directory '{}' does not exist", output, dir.string()));
  }
  std::vector<BenchmarkFile> files;
  for (const auto& path : inputs) files.push_back(loadReport(path));
  const auto series = plotSeries(files);
  std::ostringstream svg;
  writePlotSvg(series, title, svg);
  writeFileAtomically(output, svg.str());
  if (table) {
    std::ostringstream text;
    writePlotTable(series, text);
    out << text.str() << std::flush;
  }
  return 0;
}

}  // namespace fieldbench
