#pragma once
// BLS12-381 Fp add over Element arrays, for the tests written against field_add: the one
// CPU reference (fieldAdd in fields.cpp) applied element by element.
#include <span>
#include <vector>

#include "fieldbench/fields.hpp"

namespace fieldbench::testing {

inline std::vector<Element> referenceAdd(std::span<const Element> a, std::span<const Element> b) {
  std::vector<Element> out(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out[i] = fieldAdd(bls12381Fp(), a[i], b[i]);
  return out;
}

}  // namespace fieldbench::testing
