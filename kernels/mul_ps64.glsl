// Variant ps64: Montgomery multiplication on L limbs of W bits (29 or 30), by
// product scanning (FIPS). A product of two W-bit limbs is below 2^(2W), so a column's
// products add up in 64-bit accumulators with no carry handling: each product is one
// 32x32->64 multiply-add (uint64_t, GL_EXT_shader_explicit_arithmetic_types_int64), and
// the carries are a few shifts per column. RW = 2^(W L) > 4p, so operands and results
// below 2p stay below 2p (lazy reduction): the chain reduces to canonical once, when it
// leaves. L and W come from the field header (scripts/gen-field-headers.py). Needs shaderInt64.
#if defined(FIELD_BLS12_381_FP)
#define PS(name) FB_BLS12_381_FP_PS_##name
#elif defined(FIELD_BLS12_381_FR)
#define PS(name) FB_BLS12_381_FR_PS_##name
#elif defined(FIELD_BN254_FP)
#define PS(name) FB_BN254_FP_PS_##name
#elif defined(FIELD_BN254_FR)
#define PS(name) FB_BN254_FR_PS_##name
#endif
#define L PS(LIMBS)
#define W PS(BITS)
#define MUL_LIMBS L
const uint kPw[L] = uint[L](PS(MODULUS));
const uint kMaskW = (1u << W) - 1u;
const bool kSplit = PS(SPLIT) != 0;

// The low W bits of acc + accM, and the rest as the next column's carry. With kSplit
// the sum itself may not fit 64 bits (2L products of W-bit limbs), so the halves add apart.
uint splitColumn(in uint64_t acc, in uint64_t accM, out uint64_t carry) {
  if (kSplit) {
    uint lo = (uint(acc) & kMaskW) + (uint(accM) & kMaskW);
    carry = (acc >> W) + (accM >> W) + (lo >> W);
    return lo & kMaskW;
  }
  uint64_t s = acc + accM;
  carry = s >> W;
  return uint(s) & kMaskW;
}

// Column k < L of the reduction: m[k] makes the column's low W bits zero; returns the carry.
uint64_t reduceColumn(in uint64_t acc, in uint64_t accM, out uint m) {
  if (!kSplit) {
    uint64_t s = acc + accM;
    m = (uint(s) * FIELD_INV32) & kMaskW;
    return (s + uint64_t(m) * kPw[0]) >> W;
  }
  uint64_t carry;
  uint lo = splitColumn(acc, accM, carry);
  m = (lo * FIELD_INV32) & kMaskW;
  return carry + ((uint64_t(m) * kPw[0] + lo) >> W);
}

// a * b / RW mod p, below 2p for a, b below 2p. The a*b and m*p products of a column go
// to two accumulators, so consecutive multiply-adds do not wait on each other.
void mulW(in uint a[L], in uint b[L], out uint r[L]) {
  uint m[L];
  uint64_t acc = 0ul;
  [[unroll]] for (int k = 0; k < L; ++k) {
    uint64_t accM = 0ul;
    [[unroll]] for (int j = 0; j < k; ++j) {
      acc += uint64_t(a[j]) * b[k - j];
      accM += uint64_t(m[j]) * kPw[k - j];
    }
    acc += uint64_t(a[k]) * b[0];
    acc = reduceColumn(acc, accM, m[k]);
  }
  [[unroll]] for (int k = L; k < 2 * L - 1; ++k) {
    uint64_t accM = 0ul;
    [[unroll]] for (int j = k - L + 1; j < L; ++j) {
      acc += uint64_t(a[j]) * b[k - j];
      accM += uint64_t(m[j]) * kPw[k - j];
    }
    uint64_t carry;
    r[k - L] = splitColumn(acc, accM, carry);
    acc = carry;
  }
  r[L - 1] = uint(acc);
}

// a^2 / RW mod p: each column's products a[i] * a[j] with i < j once, doubled, plus the
// diagonal a[k/2]^2: L(L+1)/2 products for the square instead of L^2.
uint64_t squareColumn(in uint a[L], const int k) {
  uint64_t off = 0ul;
  [[unroll]] for (int i = 0; i < L; ++i) {
    if (i < k - i && k - i < L) off += uint64_t(a[i]) * a[k - i];  // compile-time condition once unrolled
  }
  off <<= 1;
  if ((k & 1) == 0) off += uint64_t(a[k / 2]) * a[k / 2];
  return off;
}

void sqrW(in uint a[L], out uint r[L]) {
  uint m[L];
  uint64_t acc = 0ul;
  [[unroll]] for (int k = 0; k < L; ++k) {
    uint64_t accM = 0ul;
    [[unroll]] for (int j = 0; j < k; ++j) accM += uint64_t(m[j]) * kPw[k - j];
    acc += squareColumn(a, k);
    acc = reduceColumn(acc, accM, m[k]);
  }
  [[unroll]] for (int k = L; k < 2 * L - 1; ++k) {
    uint64_t accM = 0ul;
    [[unroll]] for (int j = k - L + 1; j < L; ++j) accM += uint64_t(m[j]) * kPw[k - j];
    acc += squareColumn(a, k);
    uint64_t carry;
    r[k - L] = splitColumn(acc, accM, carry);
    acc = carry;
  }
  r[L - 1] = uint(acc);
}

// 32-bit limbs -> W-bit limbs (the same integer).
void toW(in uint v[N], out uint x[L]) {
  [[unroll]] for (int k = 0; k < L; ++k) {
    const int bit = W * k, w = bit / 32, s = bit % 32;
    uint lo = w < N ? v[w] >> s : 0u;
    uint hi = (s > 32 - W && w + 1 < N) ? v[w + 1] << (32 - s) : 0u;
    x[k] = (lo | hi) & kMaskW;
  }
}

// W-bit limbs -> 32-bit limbs (the same integer).
void wWords(in uint x[L], out uint s[N]) {
  [[unroll]] for (int w = 0; w < N; ++w) {
    const int bit = 32 * w, k = bit / W, sh = bit % W;
    uint word = x[k] >> sh;
    if (k + 1 < L) word |= x[k + 1] << (W - sh);
    if (W - sh + W < 32 && k + 2 < L) word |= x[k + 2] << (2 * W - sh);
    s[w] = word;
  }
}
// W-bit limbs of a value below 2p -> canonical 32-bit limbs.
void fromW(in uint x[L], out uint v[N]) {
  uint s[N];
  wWords(x, s);
  reduceOnce(s, 0u, v);
}

// D = W L - 32 N: RW = R * 2^D, with 0 < D < W (6 for BLS12-381 Fp, 5 for the others).
const int D = W * L - 32 * N;

// x * 2^D as an integer (a shift across the limbs); x * 2^D < 2^(W L) for x < p.
void shiftUp(in uint x[L], out uint y[L]) {
  y[0] = (x[0] << D) & kMaskW;
  [[unroll]] for (int k = 1; k < L; ++k) y[k] = ((x[k] << D) | (x[k - 1] >> (W - D))) & kMaskW;
}

// p * 2^j in W-bit limbs (folds to constants once unrolled).
uint pShifted(int j, int k) {
  uint lo = (kPw[k] << j) & kMaskW;
  return k > 0 ? lo | (kPw[k - 1] >> (W - j)) : lo;
}

// x < p * 2^D down to x < 2p: subtract p * 2^j where it fits, for j = D-1 .. 1.
void reduceShifted(inout uint x[L]) {
  [[unroll]] for (int j = D - 1; j >= 1; --j) {
    uint d[L];
    uint borrow = 0u;
    [[unroll]] for (int k = 0; k < L; ++k) {
      uint t = x[k] - pShifted(j, k) - borrow;
      borrow = t >> 31;  // limbs are below 2^30: a borrow wraps the top bits
      d[k] = t & kMaskW;
    }
    [[unroll]] for (int k = 0; k < L; ++k) x[k] = borrow != 0u ? x[k] : d[k];
  }
}

// x / 2^D mod p, below 2p for x below 2p: m = -x / p mod 2^D makes x + m p divisible by 2^D.
void shiftDown(in uint x[L], out uint y[L]) {
  const uint maskD = (1u << D) - 1u;
  uint m = (x[0] * FIELD_INV32) & maskD;
  uint t[L];
  uint64_t carry = 0ul;
  [[unroll]] for (int k = 0; k < L; ++k) {
    uint64_t s = uint64_t(m) * kPw[k] + x[k] + carry;
    t[k] = uint(s) & kMaskW;
    carry = s >> W;
  }
  [[unroll]] for (int k = 0; k < L - 1; ++k) y[k] = ((t[k] >> D) | (t[k + 1] << (W - D))) & kMaskW;
  y[L - 1] = (t[L - 1] >> D) | (uint(carry) << (W - D));
}

// The chain's hooks (field_op.comp). mul keeps x in Montgomery form for R: b * 2^D (a
// shift, below 2^D p) makes mulW's a * b * 2^D / RW = a * b / R, and stays below 2p since
// 2^(D+1) p < RW. sqr works in RW's Montgomery form: in by a shift and conditional
// subtractions, out by one 2^D-step of Montgomery reduction.
void mulEnter(in uint v[N], out uint x[L]) { toW(v, x); }
void mulOperand(in uint v[N], out uint y[L]) {
  uint b[L];
  toW(v, b);
  shiftUp(b, y);
}
void mulStep(inout uint x[L], in uint y[L]) {
  uint r[L];
  mulW(x, y, r);
  x = r;
}
void mulLeave(in uint x[L], out uint v[N]) { fromW(x, v); }
void sqrEnter(in uint v[N], out uint x[L]) {
  uint b[L];
  toW(v, b);
  shiftUp(b, x);
  reduceShifted(x);
}
void sqrStep(inout uint x[L]) {
  uint r[L];
  sqrW(x, r);
  x = r;
}
void sqrLeave(in uint x[L], out uint v[N]) {
  uint r[L];
  shiftDown(x, r);
  fromW(r, v);
}
// One product outside a chain (the NTT's butterfly, mul_variant.glsl's variantMulLazy): a below
// 2p (as the chain's operands are), b canonical; a b / R, below 2p and not reduced.
#define MUL_HAS_LAZY
void mulLazy(in uint a[N], in uint b[N], out uint r[N]) {
  uint x[L], y[L], z[L];
  mulEnter(a, x);
  mulOperand(b, y);
  mulW(x, y, z);
  wWords(z, r);
}
