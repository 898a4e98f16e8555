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
// Variant fp51k (-DFP52_RTZ -DFP52_LIMB_BITS=51 -DFP52_KARATSUBA): the same on 51-bit limbs, the
// split at 2^51 (2^103 added), and mul's a b by one level of Karatsuba (productSigned, zColumn).
// LB: bits a limb, 52 unless a variant asks for fewer (fp51k: 51, so that a difference of two limbs
// times another has its split below 2^(LB+52) as well; see productSigned).
#if !defined(FP52_LIMB_BITS)
#define FP52_LIMB_BITS 52
#endif
const int LB = FP52_LIMB_BITS;
#define L ((32 * N + FP52_LIMB_BITS - 1) / FP52_LIMB_BITS)
#define MUL_LIMBS (2 * L)  // the chain carries each double as two words
const uint64_t kMask52 = (1ul << 52) - 1ul;
const uint64_t kMaskL = (1ul << LB) - 1ul;
const uint64_t kPinvL = ((uint64_t(FIELD_INV64_HI) << 32) | uint64_t(FIELD_INV64_LO)) & kMaskL;  // -p^-1 mod 2^LB
const double kTwo52 = 4503599627370496.0LF;
const double kTwoL = double(1ul << LB);
// A product x y below 2^(2 LB) is split at 2^LB by adding 2^(LB+52), whose doubles step by 2^LB.
const double kSplit = kTwo52 * kTwoL;  // 2^(LB+52): 2^104 for 52-bit limbs
const uint64_t kBiasHi = uint64_t(1023 + 52 + LB) << 52;  // its bits
const double kSplitTwo52 = kSplit + kTwo52;  // 2^(LB+52) + 2^52: the low fma's addend less ph (toward zero)
#if defined(FP52_RTZ)
#extension GL_EXT_spirv_intrinsics : require
spirv_execution_mode(extensions = ["SPV_KHR_float_controls"], capabilities = [4468], 4463, 64);  // RoundingModeRTZ, 64-bit
const uint64_t kBiasLo = 0x4330000000000000ul;  // the bits of 2^52
#else
const double kThree51 = 6755399441055744.0LF;   // 3 * 2^51: pl lands in [2^52, 2^53]
const uint64_t kBiasLo = 0x4338000000000000ul;  // the bits of 2^52, plus 2^51
#endif
// D = LB L - 32 N: RW = R 2^D (52-bit limbs: 32 for BLS12-381 Fp, 4 for the 256-bit fields).
const int D = LB * L - 32 * N;

// Bits [bit, bit + LB) of the N-word integer v (below bit 0: zeros); constant shifts once unrolled.
uint64_t bitsAt(in uint v[N], const int bit) {
  uint64_t r = 0ul;
  [[unroll]] for (int w = 0; w < N; ++w) {
    const int off = 32 * w - bit;  // where word w's bit 0 lands in the result
    if (off > -32 && off < LB) r |= off >= 0 ? uint64_t(v[w]) << off : uint64_t(v[w]) >> (-off);
  }
  return r & kMaskL;
}

// An integer below 2^52 as a double, exactly: 2^52 + x has x as its mantissa; and back.
double toDouble(uint64_t x) { return uint64BitsToDouble(x | 0x4330000000000000ul) - kTwo52; }
uint64_t toInt(double x) { return doubleBitsToUint64(x + kTwo52) & kMask52; }

uint64_t pInt(const int k) {
  uint p[N] = kP;
  return bitsAt(p, LB * k);
}
double pLimb(const int k) { return double(pInt(k)); }

// One product x y split by adding c (cTwo52 = c + 2^52): pl's pattern into its column's sum, ph's
// into the next column's.
void productAt(double x, double y, const double c, const double cTwo52, inout uint64_t col, inout uint64_t next) {
  precise double ph = fma(x, y, c);
#if defined(FP52_RTZ)
  precise double pl = fma(x, y, cTwo52 - ph);
#else
  precise double t = c - ph;
  precise double pl = fma(x, y, t) + kThree51;
#endif
  col += doubleBitsToUint64(pl);
  next += doubleBitsToUint64(ph);
}
void product(double x, double y, inout uint64_t col, inout uint64_t next) {
  productAt(x, y, kSplit, kSplitTwo52, col, next);
}

#if defined(FP52_KARATSUBA)
#if FP52_LIMB_BITS > 51
#error "FP52_KARATSUBA needs limbs of 51 bits or fewer (FP52_LIMB_BITS)"
#endif
// Karatsuba on a b: a = a0 + a1 W and b = b0 + b1 W for W = 2^(LB KH), and
// a b = z0 + (z0 + z2 + z1) W + z2 W^2 with z0 = a0 b0, z2 = a1 b1, z1 = (a0 - a1)(b1 - b0):
// 3 KH^2 products instead of L^2 (BLS12-381 Fp: 48 instead of 64). z1's limbs are differences,
// below 2^LB in size, and its products signed: adding 2^(LB+52) + 2^(2 LB) keeps x y's split in
// the doubles that step by 2^LB (as LB <= 51), with 2^LB more in each ph pattern.
const int KH = (L + 1) / 2;
const double kSplitS = kSplit + kTwoL * kTwoL;
const double kSplitSTwo52 = kSplitS + kTwo52;
const uint64_t kBiasHiS = kBiasHi + (1ul << LB);
void productSigned(double x, double y, inout uint64_t col, inout uint64_t next) {
  productAt(x, y, kSplitS, kSplitSTwo52, col, next);
}
// Column c of x[xo, xo + KH) y[yo, yo + KH) (limbs from L on are 0) as a signed sum, with the
// previous column's ph patterns (hi, nHi in) and its own ones left for the next (out).
int64_t zColumn(in double x[L], const int xo, in double y[L], const int yo, const int c, const bool sgn,
                inout uint64_t hi, inout int nHi) {
  uint64_t lo = 0ul, hiNext = 0ul;
  int nLo = 0;
  [[unroll]] for (int i = 0; i < KH; ++i) {
    const int j = c - i;
    if (j < 0 || j >= KH || xo + i >= L || yo + j >= L) continue;
    if (sgn) {
      productSigned(x[xo + i], y[yo + j], lo, hiNext);
    } else {
      product(x[xo + i], y[yo + j], lo, hiNext);
    }
    ++nLo;
  }
  const int64_t v = int64_t(lo + hi - uint64_t(nLo) * kBiasLo - uint64_t(nHi) * (sgn ? kBiasHiS : kBiasHi));
  hi = hiNext;
  nHi = nLo;
  return v;
}
#endif

// a b / RW, below 2p for a b < p RW (it is below a b / RW + p), as integer limbs. Each column
// sums its pl patterns and the previous column's ph patterns, then takes their exponent bits off
// at once. square (a == b): each cross product once, its patterns added twice.
void montW(in double a[L], in double b[L], const bool square, out uint64_t r[L]) {
  double m[L];
  uint64_t hi = 0ul;  // ph patterns of the previous column
  int nHi = 0;
  int64_t carry = 0l;
#if defined(FP52_KARATSUBA)
  // a b's columns from zColumn. The square keeps its own (Karatsuba saves 6 of its 100 products
  // on BLS12-381 Fp, and the driver left that form's loops rolled: 10x slower).
  const bool kara = !square;
  double d[L], e[L];  // a0 - a1 and b1 - b0 (KH limbs)
  [[unroll]] for (int i = 0; i < L; ++i) {
    d[i] = i < KH ? a[i] - (i + KH < L ? a[i + KH] : 0.0LF) : 0.0LF;
    e[i] = i < KH ? (i + KH < L ? b[i + KH] : 0.0LF) - b[i] : 0.0LF;
  }
  int64_t z0[2 * KH], z1[2 * KH], z2[2 * KH];
  uint64_t h0 = 0ul, h1 = 0ul, h2 = 0ul;
  int n0 = 0, n1 = 0, n2 = 0;
#else
  const bool kara = false;
#endif
  [[unroll]] for (int k = 0; k < 2 * L; ++k) {
#if defined(FP52_KARATSUBA)
    int64_t t = 0l;  // a b's column k
    if (kara) {
      const int c = k - KH, c2 = k - 2 * KH;  // z0 + z2 + z1 and z2's columns at k
      if (k < 2 * KH) {
        z0[k] = zColumn(a, 0, b, 0, k, false, h0, n0);
        t += z0[k];
      }
      if (c >= 0 && c < 2 * KH) {
        z1[c] = zColumn(d, 0, e, 0, c, true, h1, n1);
        z2[c] = zColumn(a, KH, b, KH, c, false, h2, n2);
        t += z0[c] + z1[c] + z2[c];
      }
      if (c2 >= 0 && c2 < 2 * KH) t += z2[c2];
    }
#endif
    // a b, its cross products (square) and m p apart: three chains.
    uint64_t lo = 0ul, loX = 0ul, loM = 0ul, hiNext = 0ul, hiNextX = 0ul, hiNextM = 0ul;
    int nLo = 0;  // patterns in the column, a cross product's counted twice
    [[unroll]] for (int i = 0; i < L; ++i) {
      const int j = k - i;
      if (j < 0 || j >= L) continue;
      if (!square) {
        if (!kara) {  // (Karatsuba: a b's column is t)
          product(a[i], b[j], lo, hiNext);
          ++nLo;
        }
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
#if defined(FP52_KARATSUBA)
    s += t;
#endif
    if (k < L) {
      uint64_t mk = (uint64_t(s) * kPinvL) & kMaskL;  // makes the column's low LB bits zero
      m[k] = toDouble(mk);
      uint64_t l = 0ul;
      product(m[k], pLimb(0), l, hiNextM);
      s += int64_t(l - kBiasLo);
    } else {
      r[k - L] = k == 2 * L - 1 ? uint64_t(s) : uint64_t(s) & kMaskL;  // the top limb: below 2^LB as the result < 2p
    }
    carry = s >> LB;
    hi = hiNext + (hiNextX << 1) + hiNextM;
    nHi = nHiNext;
  }
}

// t + sign q p on LB-bit limbs, for a double q below 2^LB and a result in [0, RW).
void addScaledP(inout int64_t t[L], double q, const int64_t sign) {
  int64_t carry = 0l, hiPrev = 0l;
  [[unroll]] for (int k = 0; k < L; ++k) {
    uint64_t lo = 0ul, hi = 0ul;
    product(q, pLimb(k), lo, hi);  // q p_k = hi 2^LB + lo
    int64_t u = t[k] + sign * (int64_t(lo - kBiasLo) + hiPrev) + carry;
    hiPrev = int64_t(hi - kBiasHi);
    if (k < L - 1) {
      t[k] = u & int64_t(kMaskL);
      carry = u >> LB;
    } else {
      t[k] = u + sign * (hiPrev << LB);
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
      const int off = LB * k - 32 * w - shift;  // where limb k's bit 0 lands in word w
      if (off > -LB && off < 32) word |= off >= 0 ? uint(r[k] << off) : uint(r[k] >> (-off));
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
// v 2^shift as LB-bit limbs in doubles (v 2^shift < RW).
void toLimbs(in uint v[N], const int shift, out double d[L]) {
  [[unroll]] for (int k = 0; k < L; ++k) d[k] = toDouble(bitsAt(v, LB * k - shift));
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
  [[unroll]] for (int k = 0; k < L; ++k) t[k] = int64_t(bitsAt(v, LB * k - D));  // x R 2^D, below p 2^D
  const double pTop = pLimb(L - 1) * kTwoL + pLimb(L - 2);
  double top = double(t[L - 1]) * kTwoL + double(t[L - 2]);
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
  addScaledP(t, double((uint64_t(t[0]) * kPinvL) & lowD), 1l);
  uint64_t r[L];
  [[unroll]] for (int k = 0; k < L; ++k) r[k] = uint64_t(t[k]);
  fromLimbs(r, D, v);
}
