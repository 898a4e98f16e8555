// Variant cios32: CIOS Montgomery multiplication on 32-bit limbs, carries through
// uaddCarry chains (any Vulkan device). fSqr is fMul(a, a). Included by field_op.comp after field.glsl.
// CIOS: for each limb b[i], t += a * b[i], then t = (t + m * p) / 2^32 with m = t[0] * -p^-1.
void fMul(in uint a[N], in uint b[N], out uint r[N]) {
  uint t[N + 2];
  for (int i = 0; i < N + 2; ++i) t[i] = 0u;
  for (int i = 0; i < N; ++i) {
    uint carry = 0u;
    for (int j = 0; j < N; ++j) {
      uint hi, lo, c1, c2;
      umulExtended(a[j], b[i], hi, lo);
      uint s = uaddCarry(lo, t[j], c1);
      t[j] = uaddCarry(s, carry, c2);
      carry = hi + c1 + c2;  // a*b + t + carry < 2^64: no overflow
    }
    uint c;
    t[N] = uaddCarry(t[N], carry, c);
    t[N + 1] = c;
    uint m = t[0] * FIELD_INV32;
    uint hi, lo, c1, c2;
    umulExtended(m, kP[0], hi, lo);
    uaddCarry(lo, t[0], c1);  // low word is 0 by the choice of m
    carry = hi + c1;
    for (int j = 1; j < N; ++j) {
      umulExtended(m, kP[j], hi, lo);
      uint s = uaddCarry(lo, t[j], c1);
      t[j - 1] = uaddCarry(s, carry, c2);
      carry = hi + c1 + c2;
    }
    t[N - 1] = uaddCarry(t[N], carry, c);
    t[N] = t[N + 1] + c;
  }
  uint s[N];
  for (int i = 0; i < N; ++i) s[i] = t[i];
  reduceOnce(s, t[N], r);
}

void fSqr(in uint a[N], out uint r[N]) { fMul(a, a, r); }

#include "mul_chain_n.glsl"
