// libFuzzer target: the JSON report reader behind compare (fieldbench::parseReport). Any
// text either reads as a report or throws fieldbench::Error(kUsage); anything else is a crash.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fieldbench/error.hpp"
#include "fieldbench/report_reader.hpp"
#include "fuzz_check.hpp"

namespace fb = fieldbench;

using fb::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto file = fb::parseReport("fuzz.json", text);
    for (const auto& e : file.entries) {
      if (e.medianNs) check(std::isfinite(*e.medianNs) && *e.medianNs >= 0);
    }
  } catch (const fb::Error& e) {
    check(e.code() == fb::ExitCode::kUsage);
  }
  return 0;
}
