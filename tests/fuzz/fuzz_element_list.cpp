// libFuzzer target: the size parsers (--elements, --buffer-size). Any input either parses
// to positive counts or throws fieldbench::Error(kUsage); anything else is a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fieldbench/error.hpp"
#include "fieldbench/field.hpp"
#include "fieldbench/options.hpp"

namespace fb = fieldbench;

namespace {
void check(bool ok) {
  if (!ok) __builtin_trap();
}
template <typename F>
void expectParsedOrUsage(F&& f) {
  try {
    f();
  } catch (const fb::Error& e) {
    check(e.code() == fb::ExitCode::kUsage);
  }
}
}  // namespace

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
