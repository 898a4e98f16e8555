// libFuzzer target: --shader's argument parsing (-D NAME=VALUE, the shader path and its
// variant name, and their relations to the other options). Any input either parses or throws
// fieldbench::Error(kUsage); anything else is a crash. Nothing is read or compiled.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fieldbench/error.hpp"
#include "fuzz_check.hpp"
#include "fieldbench/options.hpp"
#include "fieldbench/user_shader.hpp"

namespace fb = fieldbench;

using fb::fuzz::check;
using fb::fuzz::expectParsedOrUsage;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  expectParsedOrUsage([&] {
    const auto d = fb::parseShaderDefine(text);
    check(!d.name.empty() && d.name.find('=') == std::string::npos);
    check(d.value.find('\n') == std::string::npos);
  });
  expectParsedOrUsage([&] {
    const std::string v = fb::shaderVariantName(text);
    check(v.starts_with("file:") && v.size() > 5);
  });
  // The first line as the path, the others as -D values.
  expectParsedOrUsage([&] {
    fb::RunOptions o;
    o.elements = {64};
    const auto nl = text.find('\n');
    o.shaderFile = std::string(text.substr(0, nl));
    for (auto rest = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1); !rest.empty();) {
      const auto next = rest.find('\n');
      o.shaderDefines.emplace_back(rest.substr(0, next));
      rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
    }
    o.variant = "all";
    fb::validate(o);
  });
  return 0;
}
