#pragma once
// Writing JSON text by hand (the writers need no JSON library): quoted strings and numbers.
#include <string>
#include <string_view>

namespace fieldbench {

// `s` as a quoted JSON string, with quotes, backslashes and control characters escaped.
std::string jsonString(std::string_view s);
// `x` as a JSON number; NaN and infinities, which JSON lacks, as null.
std::string jsonNumber(double x);

}  // namespace fieldbench
