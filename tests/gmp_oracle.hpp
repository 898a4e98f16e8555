#pragma once
// GMP as an independent oracle for BLS12-381 Fp: conversions between Element and mpz_class.
#include <gmpxx.h>

#include <cstddef>

#include "fieldbench/field.hpp"

namespace fieldbench::oracle {

// p, parsed by GMP from the published hex string (not from fields/bls12_381_fp.h).
inline mpz_class modulusFromHex() {
  return mpz_class(
      "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab",
      16);
}

inline mpz_class toMpz(const Element& x) {
  mpz_class z;
  // 6 words, least significant first, 8 bytes each, native byte order, no nails.
  mpz_import(z.get_mpz_t(), x.size(), -1, sizeof(x[0]), 0, 0, x.data());
  return z;
}

// x must be in [0, 2^384).
inline Element toElement(const mpz_class& x) {
  Element e{};
  std::size_t count = 0;
  mpz_export(e.data(), &count, -1, sizeof(e[0]), 0, 0, x.get_mpz_t());
  return e;
}

}  // namespace fieldbench::oracle
