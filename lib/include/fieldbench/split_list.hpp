#pragma once
// Comma-separated command-line values ("1K,4K", "add,mul", "a.json,b.json"): every item, in
// order, empty ones kept so that the caller's message can name them.
#include <string_view>
#include <vector>

namespace fieldbench {

inline std::vector<std::string_view> splitList(std::string_view text) {
  std::vector<std::string_view> items;
  for (std::size_t start = 0;;) {
    const std::size_t comma = text.find(',', start);
    items.push_back(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) return items;
    start = comma + 1;
  }
}

}  // namespace fieldbench
