// Variant fp52: Montgomery multiplication on L limbs of 52 bits held as doubles, the
// products on the FP64 pipe (where it is full rate, as on data-centre GPUs). For x, y < 2^52
// (exact doubles), with round to nearest:
//   ph = fma(x, y, 2^104)            low mantissa bits: H = round(x y / 2^52)
//   pl = fma(x, y, 2^104 - ph) + C   low mantissa bits: x y - H 2^52 + 2^51 (|x y - H 2^52| <= 2^51)
// Every step is exact, so x y = H 2^52 + (pl's bits) - 2^51. A column adds the bit patterns as
// 64-bit integers and takes the constant exponent bits off once (signed sums, carries by an
// arithmetic shift). Product scanning, RW = 2^(52 L) > 4p, lazy reduction as ps64: operands
// and results below 2p, canonical once when the chain leaves. Needs shaderFloat64 and
// shaderInt64, and an fma that is fused and rounds to nearest (probeDoubleFma asks the device).
// Variant fp52rz (-DFP52_RTZ) rounds doubles toward zero (SPV_KHR_float_controls; needs
// shaderRoundingModeRTZFloat64): H = floor(x y / 2^52), and pl = fma(x, y, 2^104 + 2^52 - ph)
// is x y - H 2^52 + 2^52, one FP64 operation fewer per product.
#define L ((32 * N + 51) / 52)
#define MUL_LIMBS (2 * L)  // the chain carries each double as two words
const uint64_t kMask52 = (1ul << 52) - 1ul;
const uint64_t kPinv52 = ((uint64_t(FIELD_INV64_HI) << 32) | uint64_t(FIELD_INV64_LO)) & kMask52;  // -p^-1 mod 2^52
const double kTwo104 = 20282409603651670423947251286016.0LF;
const double kTwo52 = 4503599627370496.0LF;
const uint64_t kBiasHi = 0x4670000000000000ul;  // the bits of 2^104
#if defined(FP52_RTZ)
#extension GL_EXT_spirv_intrinsics : require
spirv_execution_mode(extensions = ["SPV_KHR_float_controls"], capabilities = [4468], 4463, 64);  // RoundingModeRTZ, 64-bit
const double kTwo104Two52 = 20282409603651674927546878656512.0LF;  // 2^104 + 2^52
const uint64_t kBiasLo = 0x4330000000000000ul;  // the bits of 2^52
#else
const double kThree51 = 6755399441055744.0LF;   // 3 * 2^51: pl lands in [2^52, 2^53]
const uint64_t kBiasLo = 0x4338000000000000ul;  // the bits of 2^52, plus 2^51
#endif
// D = 52 L - 32 N: RW = R 2^D (32 for BLS12-381 Fp, 4 for the 256-bit fields).
const int D = 52 * L - 32 * N;

// Bits [bit, bit + 52) of the N-word integer v (below bit 0: zeros); constant shifts once unrolled.
uint64_t bitsAt(in uint v[N], const int bit) {
  uint64_t r = 0ul;
  [[unroll]] for (int w = 0; w < N; ++w) {
    const int off = 32 * w - bit;  // where word w's bit 0 lands in the result
    if (off > -32 && off < 52) r |= off >= 0 ? uint64_t(v[w]) << off : uint64_t(v[w]) >> (-off);
  }
  return r & kMask52;
}

// An integer below 2^52 as a double, exactly: 2^52 + x has x as its mantissa; and back.
double toDouble(uint64_t x) { return uint64BitsToDouble(x | 0x4330000000000000ul) - kTwo52; }
uint64_t toInt(double x) { return doubleBitsToUint64(x + kTwo52) & kMask52; }

uint64_t pInt(const int k) {
  uint p[N] = kP;
  return bitsAt(p, 52 * k);
}
double pLimb(const int k) { return double(pInt(k)); }

// One product x y: pl's pattern into its column's sum, ph's into the next column's.
void product(double x, double y, inout uint64_t col, inout uint64_t next) {
  precise double ph = fma(x, y, kTwo104);
#if defined(FP52_RTZ)
  precise double pl = fma(x, y, kTwo104Two52 - ph);
#else
  precise double t = kTwo104 - ph;
  precise double pl = fma(x, y, t) + kThree51;
#endif
  col += doubleBitsToUint64(pl);
  next += doubleBitsToUint64(ph);
}

// a b / RW, below 2p for a b < p RW (it is below a b / RW + p), as integer limbs. Each column
// sums its pl patterns and the previous column's ph patterns, then takes their exponent bits off
// at once. square (a == b): each cross product once, its patterns added twice.
void montW(in double a[L], in double b[L], const bool square, out uint64_t r[L]) {
  double m[L];
  uint64_t hi = 0ul;  // ph patterns of the previous column
  int nHi = 0;
  int64_t carry = 0l;
  [[unroll]] for (int k = 0; k < 2 * L; ++k) {
    // a b, its cross products (square) and m p apart: three chains.
    uint64_t lo = 0ul, loX = 0ul, loM = 0ul, hiNext = 0ul, hiNextX = 0ul, hiNextM = 0ul;
    int nLo = 0;  // patterns in the column, a cross product's counted twice
    [[unroll]] for (int i = 0; i < L; ++i) {
      const int j = k - i;
      if (j < 0 || j >= L) continue;
      if (!square) {
        product(a[i], b[j], lo, hiNext);
        ++nLo;
      } else if (i < j) {
        product(a[i], a[j], loX, hiNextX);
        nLo += 2;
      } else if (i == j) {
        product(a[i], a[i], lo, hiNext);
        ++nLo;
      }
      if (i < k) {  // m[k] is not known yet in column k
        product(m[i], pLimb(j), loM, hiNextM);
        ++nLo;
      }
    }
    const int nHiNext = nLo + (k < L ? 1 : 0);
    int64_t s = carry + int64_t(lo + (loX << 1) + loM + hi - uint64_t(nLo) * kBiasLo - uint64_t(nHi) * kBiasHi);
    if (k < L) {
      uint64_t mk = (uint64_t(s) * kPinv52) & kMask52;  // makes the column's low 52 bits zero
      m[k] = toDouble(mk);
      uint64_t l = 0ul;
      product(m[k], pLimb(0), l, hiNextM);
      s += int64_t(l - kBiasLo);
    } else {
      r[k - L] = k == 2 * L - 1 ? uint64_t(s) : uint64_t(s) & kMask52;  // the top limb: below 2^52 as the result < 2p
    }
    carry = s >> 52;
    hi = hiNext + (hiNextX << 1) + hiNextM;
    nHi = nHiNext;
  }
}

// t + sign q p on 52-bit limbs, for a double q below 2^52 and a result in [0, RW).
void addScaledP(inout int64_t t[L], double q, const int64_t sign) {
  int64_t carry = 0l, hiPrev = 0l;
  [[unroll]] for (int k = 0; k < L; ++k) {
    uint64_t lo = 0ul, hi = 0ul;
    product(q, pLimb(k), lo, hi);  // q p_k = hi 2^52 + lo
    int64_t u = t[k] + sign * (int64_t(lo - kBiasLo) + hiPrev) + carry;
    hiPrev = int64_t(hi - kBiasHi);
    if (k < L - 1) {
      t[k] = u & int64_t(kMask52);
      carry = u >> 52;
    } else {
      t[k] = u + sign * (hiPrev << 52);
    }
  }
}

void packLimbs(in double x[L], out uint v[MUL_LIMBS]) {
  [[unroll]] for (int k = 0; k < L; ++k) {
    uvec2 w = unpackDouble2x32(x[k]);
    v[2 * k] = w.x, v[2 * k + 1] = w.y;
  }
}
void unpackLimbs(in uint v[MUL_LIMBS], out double x[L]) {
  [[unroll]] for (int k = 0; k < L; ++k) x[k] = packDouble2x32(uvec2(v[2 * k], v[2 * k + 1]));
}

// Integer limbs of a value below 2p 2^shift -> its bits from shift on as 32-bit words, below 2p.
void limbWords(in uint64_t r[L], const int shift, out uint s[N]) {
  [[unroll]] for (int w = 0; w < N; ++w) {
    uint word = 0u;
    [[unroll]] for (int k = 0; k < L; ++k) {
      const int off = 52 * k - 32 * w - shift;  // where limb k's bit 0 lands in word w
      if (off > -52 && off < 32) word |= off >= 0 ? uint(r[k] << off) : uint(r[k] >> (-off));
    }
    s[w] = word;
  }
}
// The same, reduced: canonical 32-bit words.
void fromLimbs(in uint64_t r[L], const int shift, out uint v[N]) {
  uint s[N];
  limbWords(r, shift, s);
  reduceOnce(s, 0u, v);
}

void mulStepW(in double x[L], in double y[L], out double z[L]) {
  uint64_t r[L];
  montW(x, y, false, r);
  [[unroll]] for (int k = 0; k < L; ++k) z[k] = toDouble(r[k]);
}

// The chain's hooks (field_op.comp). mul's x stays in Montgomery form for R: the operand is
// b 2^D (its limbs read D bits lower, below 2^D p), so montW's a b 2^D / RW = a b / R, below
// 2p since 2^D p < RW.
// v 2^shift as 52-bit limbs in doubles (v 2^shift < RW).
void toLimbs(in uint v[N], const int shift, out double d[L]) {
  [[unroll]] for (int k = 0; k < L; ++k) d[k] = toDouble(bitsAt(v, 52 * k - shift));
}
void mulEnter(in uint v[N], out uint x[MUL_LIMBS]) {
  double d[L];
  toLimbs(v, 0, d);
  packLimbs(d, x);
}
void mulOperand(in uint v[N], out uint y[MUL_LIMBS]) {
  double d[L];
  toLimbs(v, D, d);
  packLimbs(d, y);
}
void mulStep(inout uint x[MUL_LIMBS], in uint y[MUL_LIMBS]) {
  double a[L], b[L], z[L];
  unpackLimbs(x, a);
  unpackLimbs(y, b);
  mulStepW(a, b, z);
  packLimbs(z, x);
}
void mulLeave(in uint x[MUL_LIMBS], out uint v[N]) {
  double a[L];
  unpackLimbs(x, a);
  uint64_t r[L];
  [[unroll]] for (int k = 0; k < L; ++k) r[k] = toInt(a[k]);
  fromLimbs(r, 0, v);
}
// One product outside a chain (the NTT's butterfly, mul_variant.glsl's variantMulLazy): a below
// 2p, b canonical; a b / R, below 2p and not reduced. montW's integer limbs go straight to
// words, without the chain's round trip through doubles. a b 2^D < p RW holds as 2p < R.
#define MUL_HAS_LAZY
void mulLazy(in uint a[N], in uint b[N], out uint r[N]) {
  double x[L], y[L];
  toLimbs(a, 0, x);
  toLimbs(b, D, y);
  uint64_t z[L];
  montW(x, y, false, z);
  limbWords(z, 0, r);
}
// sqr's chain holds y = x RW (Montgomery form for RW = R 2^D), so a square is montW(y, y) with
// each cross product once: y y / RW = x^2 RW, below 2p for y < 3p (9p < RW on every field).
// Enter: x R 2^D less q p, q from the top two limbs (within one of the quotient, so one less
// leaves y in [0, 3p)). Leave: y / 2^D by a Montgomery step on D bits, below 2p, then reduced.
void sqrEnter(in uint v[N], out uint x[MUL_LIMBS]) {
  int64_t t[L];
  [[unroll]] for (int k = 0; k < L; ++k) t[k] = int64_t(bitsAt(v, 52 * k - D));  // x R 2^D, below p 2^D
  const double pTop = pLimb(L - 1) * kTwo52 + pLimb(L - 2);
  double top = double(t[L - 1]) * kTwo52 + double(t[L - 2]);
  addScaledP(t, max(floor(top / pTop) - 1.0LF, 0.0LF), -1l);
  double d[L];
  [[unroll]] for (int k = 0; k < L; ++k) d[k] = toDouble(uint64_t(t[k]));
  packLimbs(d, x);
}
void sqrStep(inout uint x[MUL_LIMBS]) {
  double a[L], z[L];
  unpackLimbs(x, a);
  uint64_t r[L];
  montW(a, a, true, r);
  [[unroll]] for (int k = 0; k < L; ++k) z[k] = toDouble(r[k]);
  packLimbs(z, x);
}
void sqrLeave(in uint x[MUL_LIMBS], out uint v[N]) {
  double a[L];
  unpackLimbs(x, a);
  int64_t t[L];
  [[unroll]] for (int k = 0; k < L; ++k) t[k] = int64_t(toInt(a[k]));
  // m = -y p^-1 mod 2^D: y + m p has D low zero bits, and (y + m p) / 2^D < 2p / 2^D + p.
  const uint64_t lowD = (1ul << D) - 1ul;
  addScaledP(t, double((uint64_t(t[0]) * kPinv52) & lowD), 1l);
  uint64_t r[L];
  [[unroll]] for (int k = 0; k < L; ++k) r[k] = uint64_t(t[k]);
  fromLimbs(r, D, v);
}
