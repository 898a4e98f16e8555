// fieldbench: parse the command line, run, report; the only catch, mapping errors to exit codes.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/files.hpp"
#include "fieldbench/interrupt.hpp"
#include "fieldbench/session.hpp"

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

int run(int argc, char** argv) {
  const auto cmd = fb::parseCommandLine(std::vector<std::string>(argv, argv + argc));
  if (cmd.message) {
    std::cout << *cmd.message;
    return 0;
  }
  if (cmd.listDevices) {
    printDevices(std::cout);
    return 0;
  }
  const auto& options = cmd.options;
  checkOutputPath(options.output);
  if (options.knownAnswer()) checkOutputPath(options.resultFile);

  fb::installInterruptHandler();
  fb::Context context(validationRequested({.deviceSelector = options.device}));
  auto report = fb::runSession(context, options);
  report.context.executable = argv[0];
  std::ostringstream text;
  fb::makeReporter(options.format)->write(report, text);

  const auto& messages = context.validationMessages();
  if (!messages.empty()) {
    for (const auto& m : messages) std::cerr << m << "\n";
    throw fb::Error(fb::ExitCode::kRuntime, fmt::format("{} Vulkan validation message(s)", messages.size()));
  }
  if (options.output.empty()) {
    std::cout << text.str() << std::flush;
  } else {
    fb::writeFileAtomically(options.output, text.str());
  }
  if (report.anyMismatch()) {
    for (const auto& c : report.cases) {
      if (c.failed()) std::cerr << fmt::format("fieldbench: verification failed at {} elements: {}\n", c.elements, c.mismatchDetail);
    }
    return static_cast<int>(fb::ExitCode::kMismatch);
  }
  if (report.context.incomplete) {
    std::cerr << fmt::format("fieldbench: interrupted: {} of {} sizes finished{}\n", report.cases.size(),
                             report.context.sizesRequested, options.output.empty() ? "" : " (the report says incomplete)");
    return static_cast<int>(fb::ExitCode::kInterrupted);
  }
  return 0;
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
