#pragma once
// BLS12-381 Fp on the CPU: the reference every GPU result is checked against.
#include <array>
#include <cstdint>

#include "fieldbench/field_params.h"

namespace fieldbench {

// One element: 6 little-endian u64 limbs, 48 bytes, the layout of every buffer and file.
using Element = std::array<std::uint64_t, 6>;
static_assert(sizeof(Element) == 48);

namespace detail {
inline constexpr std::array<std::uint32_t, FB_LIMBS32> kModulusU32{FB_MODULUS_U32};
constexpr Element modulusFromU32() {
  Element p{};
  for (std::size_t i = 0; i < p.size(); ++i) {
    p[i] = std::uint64_t{kModulusU32[2 * i]} | (std::uint64_t{kModulusU32[2 * i + 1]} << 32);
  }
  return p;
}
}  // namespace detail

// p, built from the same words as the shaders' constant.
inline constexpr Element kModulus = detail::modulusFromU32();

// True when x < p.
bool isCanonical(const Element& x);
// (a + b) mod p for canonical a and b.
Element fpAdd(const Element& a, const Element& b);

}  // namespace fieldbench
