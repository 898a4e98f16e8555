// Field arithmetic on N little-endian 32-bit limbs (uint[N]) for the field glslc was
// told to build (-DFIELD_BLS12_381_FP, ...); constants from fieldbench/fields/*.h,
// the header the CPU reference (lib/src/arith/fields.cpp) reads too. Inputs canonical (< p).
// Montgomery mul and sqr (a * b * 2^(-32N) mod p) come from one mul_<variant>.glsl each.
#if defined(FIELD_BLS12_381_FP)
#include "fieldbench/fields/bls12_381_fp.h"
#define N FB_BLS12_381_FP_LIMBS32
#define FIELD_MODULUS FB_BLS12_381_FP_MODULUS
#define FIELD_INV32 FB_BLS12_381_FP_INV32
#define FIELD_INV64_LO FB_BLS12_381_FP_INV64_LO
#define FIELD_INV64_HI FB_BLS12_381_FP_INV64_HI
#elif defined(FIELD_BLS12_381_FR)
#include "fieldbench/fields/bls12_381_fr.h"
#define N FB_BLS12_381_FR_LIMBS32
#define FIELD_MODULUS FB_BLS12_381_FR_MODULUS
#define FIELD_INV32 FB_BLS12_381_FR_INV32
#define FIELD_INV64_LO FB_BLS12_381_FR_INV64_LO
#define FIELD_INV64_HI FB_BLS12_381_FR_INV64_HI
#elif defined(FIELD_BN254_FP)
#include "fieldbench/fields/bn254_fp.h"
#define N FB_BN254_FP_LIMBS32
#define FIELD_MODULUS FB_BN254_FP_MODULUS
#define FIELD_INV32 FB_BN254_FP_INV32
#define FIELD_INV64_LO FB_BN254_FP_INV64_LO
#define FIELD_INV64_HI FB_BN254_FP_INV64_HI
#elif defined(FIELD_BN254_FR)
#include "fieldbench/fields/bn254_fr.h"
#define N FB_BN254_FR_LIMBS32
#define FIELD_MODULUS FB_BN254_FR_MODULUS
#define FIELD_INV32 FB_BN254_FR_INV32
#define FIELD_INV64_LO FB_BN254_FR_INV64_LO
#define FIELD_INV64_HI FB_BN254_FR_INV64_HI
#else
#error "define one of FIELD_BLS12_381_FP, FIELD_BLS12_381_FR, FIELD_BN254_FP, FIELD_BN254_FR"
#endif

// uvec4 words per element: N is a multiple of 4 for every field here.
#define V (N / 4)

const uint kP[N] = uint[N](FIELD_MODULUS);

// Modulo m (p, or 2p for the NTT's butterflies below 2p; 2m < 2^(32N + 1)), inputs below m.
// s with an extra top bit `carry`, reduced once: s - m unless that borrows (branch-free).
void reduceOnceMod(in uint s[N], uint carry, in uint m[N], out uint r[N]) {
  uint d[N];
  uint borrow = 0u;
  for (int i = 0; i < N; ++i) {
    uint b1, b2;
    uint t = usubBorrow(s[i], m[i], b1);
    d[i] = usubBorrow(t, borrow, b2);
    borrow = b1 | b2;
  }
  uint keep = (borrow != 0u && carry == 0u) ? 0xffffffffu : 0u;
  for (int i = 0; i < N; ++i) r[i] = (s[i] & keep) | (d[i] & ~keep);
}

void addMod(in uint a[N], in uint b[N], in uint m[N], out uint r[N]) {
  uint s[N];
  uint carry = 0u;
  for (int i = 0; i < N; ++i) {
    uint c1, c2;
    uint t = uaddCarry(a[i], b[i], c1);
    s[i] = uaddCarry(t, carry, c2);
    carry = c1 | c2;
  }
  reduceOnceMod(s, carry, m, r);
}

void subMod(in uint a[N], in uint b[N], in uint m[N], out uint r[N]) {
  uint d[N];
  uint borrow = 0u;
  for (int i = 0; i < N; ++i) {
    uint b1, b2;
    uint t = usubBorrow(a[i], b[i], b1);
    d[i] = usubBorrow(t, borrow, b2);
    borrow = b1 | b2;
  }
  // a < b: add m back (mask is m or 0).
  uint mask = 0u - borrow;
  uint carry = 0u;
  for (int i = 0; i < N; ++i) {
    uint c1, c2;
    uint t = uaddCarry(d[i], m[i] & mask, c1);
    r[i] = uaddCarry(t, carry, c2);
    carry = c1 | c2;
  }
}

void reduceOnce(in uint s[N], uint carry, out uint r[N]) { reduceOnceMod(s, carry, kP, r); }
void fAdd(in uint a[N], in uint b[N], out uint r[N]) { addMod(a, b, kP, r); }
void fSub(in uint a[N], in uint b[N], out uint r[N]) { subMod(a, b, kP, r); }

void fDouble(in uint a[N], out uint r[N]) { fAdd(a, a, r); }

void fNeg(in uint a[N], out uint r[N]) {
  uint any = 0u;
  for (int i = 0; i < N; ++i) any |= a[i];
  uint mask = any != 0u ? 0xffffffffu : 0u;  // -0 = 0
  uint borrow = 0u;
  for (int i = 0; i < N; ++i) {
    uint b1, b2;
    uint t = usubBorrow(kP[i], a[i], b1);
    r[i] = usubBorrow(t, borrow, b2) & mask;
    borrow = b1 | b2;
  }
}
