// Variant r29: Montgomery multiplication on L limbs of 29 bits (FIPS, product
// scanning). A 29x29-bit product is below 2^58, so a column of up to 2L products
// adds up in one 64-bit accumulator with no carry handling: each product is one
// 32x32->64 multiply-add (uint64_t, GL_EXT_shader_explicit_arithmetic_types_int64).
// R29 = 2^(29L) > 4p, so operands and results below 2p stay below 2p (lazy reduction):
// the chain reduces to canonical once, when it leaves. Needs shaderInt64.
#if defined(FIELD_BLS12_381_FP)
#define L FB_BLS12_381_FP_LIMBS29
const uint kP29[L] = uint[L](FB_BLS12_381_FP_MODULUS29);
const uint kTo29[L] = uint[L](FB_BLS12_381_FP_TO29);
const uint kFrom29[L] = uint[L](FB_BLS12_381_FP_FROM29);
#elif defined(FIELD_BLS12_381_FR)
#define L FB_BLS12_381_FR_LIMBS29
const uint kP29[L] = uint[L](FB_BLS12_381_FR_MODULUS29);
const uint kTo29[L] = uint[L](FB_BLS12_381_FR_TO29);
const uint kFrom29[L] = uint[L](FB_BLS12_381_FR_FROM29);
#elif defined(FIELD_BN254_FP)
#define L FB_BN254_FP_LIMBS29
const uint kP29[L] = uint[L](FB_BN254_FP_MODULUS29);
const uint kTo29[L] = uint[L](FB_BN254_FP_TO29);
const uint kFrom29[L] = uint[L](FB_BN254_FP_FROM29);
#elif defined(FIELD_BN254_FR)
#define L FB_BN254_FR_LIMBS29
const uint kP29[L] = uint[L](FB_BN254_FR_MODULUS29);
const uint kTo29[L] = uint[L](FB_BN254_FR_TO29);
const uint kFrom29[L] = uint[L](FB_BN254_FR_FROM29);
#endif
#define MUL_LIMBS L
const uint kMask29 = 0x1fffffffu;

// a * b / R29 mod p, below 2p for a, b below 2p. Two accumulators per column (a*b and
// m*p products) so consecutive multiply-adds do not wait on each other.
void mul29(in uint a[L], in uint b[L], out uint r[L]) {
  uint m[L];
  uint64_t acc = 0ul;
  [[unroll]] for (int k = 0; k < L; ++k) {
    uint64_t accM = 0ul;
    [[unroll]] for (int j = 0; j < k; ++j) {
      acc += uint64_t(a[j]) * b[k - j];
      accM += uint64_t(m[j]) * kP29[k - j];
    }
    acc += uint64_t(a[k]) * b[0] + accM;
    m[k] = (uint(acc) * FIELD_INV32) & kMask29;
    acc = (acc + uint64_t(m[k]) * kP29[0]) >> 29;  // low 29 bits are 0 by the choice of m
  }
  [[unroll]] for (int k = L; k < 2 * L - 1; ++k) {
    uint64_t accM = 0ul;
    [[unroll]] for (int j = k - L + 1; j < L; ++j) {
      acc += uint64_t(a[j]) * b[k - j];
      accM += uint64_t(m[j]) * kP29[k - j];
    }
    acc += accM;
    r[k - L] = uint(acc) & kMask29;
    acc >>= 29;
  }
  r[L - 1] = uint(acc);
}

// 32-bit limbs -> 29-bit limbs (the same integer).
void to29(in uint v[N], out uint x[L]) {
  [[unroll]] for (int k = 0; k < L; ++k) {
    const int bit = 29 * k, w = bit / 32, s = bit % 32;
    uint lo = w < N ? v[w] >> s : 0u;
    uint hi = (s > 3 && w + 1 < N) ? v[w + 1] << (32 - s) : 0u;
    x[k] = (lo | hi) & kMask29;
  }
}

// 29-bit limbs of a value below 2p -> canonical 32-bit limbs.
void from29(in uint x[L], out uint v[N]) {
  uint s[N];
  [[unroll]] for (int w = 0; w < N; ++w) {
    const int bit = 32 * w, k = bit / 29, sh = bit % 29;
    uint word = x[k] >> sh;
    if (k + 1 < L) word |= x[k + 1] << (29 - sh);
    if (sh > 26 && k + 2 < L) word |= x[k + 2] << (58 - sh);
    s[w] = word;
  }
  reduceOnce(s, 0u, v);
}

// The chain's hooks (field_op.comp): mul keeps x in Montgomery form for R and turns b
// into b * R29 / R once; sqr moves x to R29's Montgomery form and back.
void mulEnter(in uint v[N], out uint x[L]) { to29(v, x); }
void mulOperand(in uint v[N], out uint y[L]) {
  uint b[L];
  to29(v, b);
  mul29(b, kTo29, y);
}
void mulStep(inout uint x[L], in uint y[L]) {
  uint r[L];
  mul29(x, y, r);
  x = r;
}
void mulLeave(in uint x[L], out uint v[N]) { from29(x, v); }
void sqrEnter(in uint v[N], out uint x[L]) {
  uint b[L];
  to29(v, b);
  mul29(b, kTo29, x);
}
void sqrStep(inout uint x[L]) {
  uint r[L];
  mul29(x, x, r);
  x = r;
}
void sqrLeave(in uint x[L], out uint v[N]) {
  uint r[L];
  mul29(x, kFrom29, r);
  from29(r, v);
}
