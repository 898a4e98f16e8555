#pragma once
// The element type every buffer, file and CPU reference uses (fields.hpp has the fields and ops).
#include <array>
#include <cstdint>

namespace fieldbench {

// One element: 6 little-endian u64 limbs, 48 bytes (the 256-bit fields use the first 4).
using Element = std::array<std::uint64_t, 6>;
static_assert(sizeof(Element) == 48);

}  // namespace fieldbench
