// Variant ps64: Montgomery multiplication on L limbs of W bits (W = 30 here), by
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
const uint kToW[L] = uint[L](PS(TO));
const uint kFromW[L] = uint[L](PS(FROM));
const uint kMaskW = (1u << W) - 1u;

// The low W bits of acc + accM, and the rest as the next column's carry: the sum itself
// may not fit 64 bits.
uint splitColumn(in uint64_t acc, in uint64_t accM, out uint64_t carry) {
  uint lo = (uint(acc) & kMaskW) + (uint(accM) & kMaskW);
  carry = (acc >> W) + (accM >> W) + (lo >> W);
  return lo & kMaskW;
}

// Column k < L of the reduction: m[k] makes the column's low W bits zero; returns the carry.
uint64_t reduceColumn(in uint64_t acc, in uint64_t accM, out uint m) {
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
uint64_t squareColumn(in uint a[L], int k) {
  uint64_t off = 0ul;
  [[unroll]] for (int i = max(0, k - L + 1); i < (k + 1) / 2; ++i) off += uint64_t(a[i]) * a[k - i];
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

// W-bit limbs of a value below 2p -> canonical 32-bit limbs.
void fromW(in uint x[L], out uint v[N]) {
  uint s[N];
  [[unroll]] for (int w = 0; w < N; ++w) {
    const int bit = 32 * w, k = bit / W, sh = bit % W;
    uint word = x[k] >> sh;
    if (k + 1 < L) word |= x[k + 1] << (W - sh);
    if (W - sh + W < 32 && k + 2 < L) word |= x[k + 2] << (2 * W - sh);
    s[w] = word;
  }
  reduceOnce(s, 0u, v);
}

// The chain's hooks (field_op.comp): mul keeps x in Montgomery form for R and turns b
// into b * RW / R once; sqr moves x to RW's Montgomery form and back.
void mulEnter(in uint v[N], out uint x[L]) { toW(v, x); }
void mulOperand(in uint v[N], out uint y[L]) {
  uint b[L];
  toW(v, b);
  mulW(b, kToW, y);
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
  mulW(b, kToW, x);
}
void sqrStep(inout uint x[L]) {
  uint r[L];
  sqrW(x, r);
  x = r;
}
void sqrLeave(in uint x[L], out uint v[N]) {
  uint r[L];
  mulW(x, kFromW, r);
  fromW(r, v);
}
