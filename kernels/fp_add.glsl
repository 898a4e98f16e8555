// Fp addition on 12 x u32 limbs held as three uvec4 (limb 4*k+j in word k, lane j).
// Inputs canonical (< p); p < 2^381 so a + b < 2^382 never carries out of 384 bits,
// and the result is a + b - p unless that subtraction borrows (branch-free select).
#include "fieldbench/field_params.h"

const uint kModulus[FB_LIMBS32] = uint[FB_LIMBS32](FB_MODULUS_U32);

void fpAdd(in uvec4 a[3], in uvec4 b[3], out uvec4 r[3]) {
  uint s[FB_LIMBS32];
  uint carry = 0u;
  for (int k = 0; k < 3; ++k) {
    for (int j = 0; j < 4; ++j) {
      uint c1, c2;
      uint t = uaddCarry(a[k][j], b[k][j], c1);
      s[4 * k + j] = uaddCarry(t, carry, c2);
      carry = c1 | c2;
    }
  }
  uint d[FB_LIMBS32];
  uint borrow = 0u;
  for (int i = 0; i < FB_LIMBS32; ++i) {
    uint b1, b2;
    uint t = usubBorrow(s[i], kModulus[i], b1);
    d[i] = usubBorrow(t, borrow, b2);
    borrow = b1 | b2;
  }
  // borrow == 1: s < p, keep s; else keep s - p.
  uint keep = 0u - borrow;
  for (int k = 0; k < 3; ++k) {
    for (int j = 0; j < 4; ++j) {
      int i = 4 * k + j;
      r[k][j] = (s[i] & keep) | (d[i] & ~keep);
    }
  }
}
