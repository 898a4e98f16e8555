// fieldbench: parse the command line, run, report; the only catch, mapping errors to exit codes.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli.hpp"
#include "fieldbench/compare.hpp"
#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/fault.hpp"
#include "fieldbench/gpu_timeout.hpp"
#include "fieldbench/files.hpp"
#include "fieldbench/inspect.hpp"
#include "fieldbench/interrupt.hpp"
#include "fieldbench/report_devices.hpp"
#include "fieldbench/report_json.hpp"
#include "fieldbench/report_reader.hpp"
#include "fieldbench/session.hpp"
#include "tools.hpp"

namespace fb = fieldbench;

namespace {

void printDevices(std::ostream& out) {
  for (const auto& d : fb::listDevices()) {
    out << fmt::format("{}: {} ({})\n    driver {} {}, Vulkan {}, vendor 0x{:04x}, device 0x{:04x}\n    uuid {}\n",
                       d.index, d.name, d.type, d.driverName, d.driverInfo, d.apiVersion, d.vendorId, d.deviceId,
                       d.uuid);
    for (std::size_t h = 0; h < d.heaps.size(); ++h) {
      out << fmt::format("    heap {}: {} MiB{}\n", h, d.heaps[h].size >> 20,
                         d.heaps[h].deviceLocal ? " device-local" : "");
    }
    if (!d.queues.empty()) out << fmt::format("    queues: {}\n", d.queues);
    if (!d.rejection.empty()) out << fmt::format("    unusable: {}\n", d.rejection);
  }
}

// A report file must be writable before the run starts: no run is wasted on a bad path.
void checkOutputPath(const std::string& path) {
  if (path.empty()) return;
  const auto dir = std::filesystem::absolute(path).parent_path();
  if (!std::filesystem::is_directory(dir)) {
    fb::throwUsage(fmt::format("invalid --output '{}': directory '{}' does not exist", path, dir.string()));
  }
  if (std::filesystem::is_directory(path)) fb::throwUsage(fmt::format("invalid --output '{}': it is a directory", path));
}

bool environmentIsOne(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && std::string_view(v) == "1";
}

// FIELDBENCH_VALIDATION=1: the validation layer's core checks; FIELDBENCH_SYNC_VALIDATION=1 with it:
// its synchronization validation too.
fb::ContextOptions validationRequested(fb::ContextOptions options) {
  options.validation = environmentIsOne("FIELDBENCH_VALIDATION");
  options.synchronizationValidation = options.validation && environmentIsOne("FIELDBENCH_SYNC_VALIDATION");
  return options;
}

bool isAll(const std::string& selector) { return selector == "all" || selector == "ALL" || selector == "All"; }

// The selectors to run: the one given, or with --device all every usable device's index
// (an unusable one is named on stderr unless `quiet`).
std::vector<std::string> deviceSelectors(const std::string& selector, bool quiet) {
  if (!isAll(selector)) return {selector};
  std::vector<std::string> out;
  for (const auto& d : fb::listDevices()) {
    if (d.rejection.empty()) out.push_back(std::to_string(d.index));
    else if (!quiet) std::cerr << fmt::format("fieldbench: --device all: skipping {}: {} ({})\n", d.index, d.name,
                                              d.rejection);
  }
  if (out.empty()) throw fb::Error(fb::ExitCode::kNoDevice, "--device all: no usable Vulkan device");
  return out;
}

// Throws Error(kRuntime) naming the count when the validation layer said anything.
void failOnValidationMessages(const fb::Context& context) {
  const auto& messages = context.validationMessages();
  if (messages.empty()) return;
  for (const auto& m : messages) std::cerr << m << "\n";
  throw fb::Error(fb::ExitCode::kRuntime, fmt::format("{} Vulkan validation message(s)", messages.size()));
}

// --list-ops --verbose: the list, then each selected device's pipeline statistics of every kernel.
int listOpsVerbose(const fb::RunOptions& options, bool quiet) {
  std::string text = fb::listOpsText();
  for (const auto& selector : deviceSelectors(options.device, quiet)) {
    const fb::Context context(validationRequested({.deviceSelector = selector}));
    text += fb::inspectionText(context, options.workgroupSize, options.opsPerElement);
    failOnValidationMessages(context);
  }
  std::cout << text << std::flush;
  return 0;
}

// One run of the sweep on one device, in a context of its own.
fb::Report runOnce(const std::string& selector, const fb::Command& cmd, const char* executable, bool showProgress,
                   std::uint32_t runIndex) {
  fb::Context context(validationRequested({.deviceSelector = selector}));
  const auto& name = context.info().name;
  const auto runText = cmd.runs > 1 ? fmt::format(", run {} of {}", runIndex + 1, cmd.runs) : std::string();
  auto progress = [&](std::size_t index, std::size_t count, std::uint64_t elements) {
    std::cerr << fmt::format("fieldbench: {}: {} elements ({} of {}{})\n", name, elements, index + 1, count, runText);
  };
  auto report = fb::runSession(context, cmd.options, showProgress ? fb::SessionProgress(progress) : fb::SessionProgress());
  report.context.executable = executable;
  report.context.slowdownPercent = fb::slowdownPercent();
  failOnValidationMessages(context);
  return report;
}

// --runs N: the sweep N times on each device, each in a fresh context; the devices take turns,
// so a slow stretch of the machine falls on all of them. Ctrl-C during a later run keeps the
// runs finished before it (the report says incomplete).
std::vector<fb::Report> runAll(const std::vector<std::string>& selectors, const fb::Command& cmd,
                               const char* executable, bool showProgress) {
  std::vector<std::vector<fb::Report>> runs(selectors.size());
  bool interrupted = false;
  for (std::uint32_t r = 0; r < cmd.runs && !interrupted; ++r) {
    for (std::size_t d = 0; d < selectors.size(); ++d) {
      if (fb::interruptRequested() && !(r == 0 && runs.front().empty())) {
        interrupted = true;  // Ctrl-C: no further device or run
        break;
      }
      auto report = runOnce(selectors[d], cmd, executable, showProgress, r);
      if (report.context.incomplete && r > 0) {
        interrupted = true;
        break;
      }
      runs[d].push_back(std::move(report));
    }
  }
  std::vector<fb::Report> reports;
  for (auto& deviceRuns : runs) {
    if (deviceRuns.empty()) continue;
    reports.push_back(fb::mergeRuns(std::move(deviceRuns)));
    if (interrupted && cmd.runs > 1) reports.back().context.incomplete = true;
  }
  return reports;
}

int run(int argc, char** argv) {
  const std::vector<std::string> args(argv, argv + argc);
  if (args.size() >= 2 && args[1] == "compare") return fb::runCompareCommand({args.begin() + 1, args.end()}, std::cout);
  if (args.size() >= 2 && args[1] == "plot") return fb::runPlotCommand({args.begin() + 1, args.end()}, std::cout);

  const auto cmd = fb::parseCommandLine(args);
  if (cmd.message) {
    std::cout << *cmd.message;
    return 0;
  }
  const auto& options = cmd.options;
  if (cmd.listDevices) {
    if (options.format == fb::OutputFormat::kCsv) {
      fb::throwUsage("invalid --format 'csv' with --list-devices: expected table or json");
    }
    std::ostringstream text;
    if (options.format == fb::OutputFormat::kJson) fb::writeDeviceListJson(fb::listDevices(), text);
    else printDevices(text);
    std::cout << text.str();
    return 0;
  }
  if (cmd.listOps) return listOpsVerbose(options, cmd.quiet);
  checkOutputPath(options.output);
  (void)fb::slowdownPercent();  // a malformed FIELDBENCH_SLOWDOWN is a usage error before anything runs
  if (options.knownAnswer()) checkOutputPath(options.resultFile);
  const bool all = isAll(options.device);
  if (all && options.knownAnswer()) fb::throwUsage("--device all cannot be combined with known-answer files (--a-file)");
  if (all && options.format == fb::OutputFormat::kCsv) {
    fb::throwUsage("invalid --format 'csv' with --device all: expected table or json");
  }
  // A baseline that cannot be read is a usage error before anything runs.
  std::optional<fb::BenchmarkFile> baseline;
  if (!cmd.baseline.empty()) baseline = fb::loadReport(cmd.baseline);

  // Progress goes to stderr, and only to a terminal: stdout carries the report alone.
  const bool showProgress = !cmd.quiet && ::isatty(STDERR_FILENO) == 1;
  fb::installInterruptHandler();  // Ctrl-C: finish the current size, then report what is done
  // --timeout passed: end at once, destroying nothing the GPU may still use (gpu_timeout.hpp).
  fb::setGpuTimeoutHandler([](const std::string& message) {
    std::cerr << "fieldbench: " << message << "; exiting without waiting for it\n" << std::flush;
    std::_Exit(static_cast<int>(fb::ExitCode::kRuntime));
  });
  std::vector<fb::Report> reports = runAll(deviceSelectors(options.device, cmd.quiet), cmd, argv[0], showProgress);
  std::ostringstream text;
  if (!all) fb::makeReporter(options.format)->write(reports.front(), text);
  else if (options.format == fb::OutputFormat::kJson) fb::writeJsonReport(reports, true, text);
  else fb::writeDevicesTable(reports, text);
  if (!options.output.empty()) {
    fb::writeFileAtomically(options.output, text.str());
  } else if (!cmd.quiet) {
    std::cout << text.str() << std::flush;
  }

  int code = 0;
  for (const auto& report : reports) {
    for (const auto& c : report.cases) {
      if (c.failed()) {
        std::cerr << fmt::format("fieldbench: verification failed{} at {} elements: {}\n",
                                 all ? " on " + report.context.device.name : std::string(), c.elements,
                                 c.mismatchDetail);
        code = static_cast<int>(fb::ExitCode::kMismatch);
      }
    }
  }
  const auto incomplete = std::ranges::find_if(reports, [](const fb::Report& r) { return r.context.incomplete; });
  if (incomplete != reports.end() && code == 0) {
    // Interrupted: the finished sizes are reported; no comparison with a baseline of a partial run.
    std::cerr << fmt::format("fieldbench: interrupted: {} of {} sizes finished{}\n", incomplete->cases.size(),
                             incomplete->context.sizesRequested,
                             options.output.empty() ? "" : " (the report says incomplete)");
    return static_cast<int>(fb::ExitCode::kInterrupted);
  }
  if (baseline) {
    // The run as compare would read it back from its JSON file.
    std::ostringstream json;
    fb::writeJsonReport(reports, all, json);
    const auto current = fb::parseReport("(this run)", json.str());
    const auto comparison = fb::compare(*baseline, current, {.thresholdPercent = cmd.thresholdPercent});
    // The comparison is a diagnostic of the run: stderr, so stdout stays the report; --quiet shows it only on failure.
    if (!cmd.quiet || comparison.failed()) {
      std::ostringstream table;
      fb::writeComparisonTable(comparison, table);
      std::cerr << table.str();
    }
    code = std::max(code, static_cast<int>(comparison.exitCode()));
  }
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const fb::Error& e) {
    std::cerr << "fieldbench: " << e.what() << "\n";
    return static_cast<int>(e.code());
  } catch (const vk::SystemError& e) {
    std::cerr << "fieldbench: Vulkan error: " << e.what() << "\n";
    return static_cast<int>(fb::ExitCode::kRuntime);
  } catch (const std::exception& e) {
    std::cerr << "fieldbench: " << e.what() << "\n";
    return static_cast<int>(fb::ExitCode::kRuntime);
  }
}
