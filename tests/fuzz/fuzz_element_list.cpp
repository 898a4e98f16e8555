// libFuzzer target: the size parsers (--elements, --buffer-size). Any input either parses
// to positive counts or throws fieldbench::Error(kUsage); anything else is a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fieldbench/error.hpp"
#include "fuzz_check.hpp"
#include "fieldbench/field.hpp"
#include "fieldbench/options.hpp"

namespace fb = fieldbench;

using fb::fuzz::check;
using fb::fuzz::expectParsedOrUsage;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  expectParsedOrUsage([&] {
    const auto counts = fb::parseElementList(text);
    check(!counts.empty());
    for (const auto n : counts) check(n > 0);
  });
  expectParsedOrUsage([&] { check(fb::parseCount(text) > 0); });
  expectParsedOrUsage([&] { check(fb::elementsFromBufferSize(text) > 0); });
  return 0;
}
