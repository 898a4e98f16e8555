#include "fieldbench/json_text.hpp"

#include <fmt/format.h>

#include <cmath>

namespace fieldbench {

std::string jsonString(std::string_view s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string jsonNumber(double x) { return std::isfinite(x) ? fmt::format("{}", x) : "null"; }

}  // namespace fieldbench
