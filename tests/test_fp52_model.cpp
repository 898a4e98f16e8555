// A C++ model of kernels/mul_fp52.glsl's arithmetic (52-bit limbs in doubles, products split by
// two fmas, integer column sums of their bit patterns; sqr's chain in Montgomery form for 2^(52L)) checked against GMP. CI's llvmpipe has no
// fused double fma, so the GLSL runs only on GPUs, where every run verifies it; this checks the
// algorithm, its exactness claims and its bounds, in both rounding modes (std::fma is fused).
#include <gmpxx.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cfenv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fieldbench/fields.hpp"
#include "gmp_oracle.hpp"

namespace fieldbench {
namespace {

// The shader's int indices (a column's j = k - i may go below 0) into vectors.
constexpr std::size_t ix(int i) { return static_cast<std::size_t>(i); }

// The shader's montW, addScaledP and sqr hooks for one field and rounding mode, step for step:
// fp52 and fp52rz on 52-bit limbs, fp51k (Karatsuba on a b) on 51-bit ones.
struct Fp52 {
  int n32 = 0, lb = 52, l = 0, d = 0;  // 32-bit words, bits a limb, limbs, D = LB L - 32 N
  std::vector<double> p;
  std::uint64_t mask = 0, pinv = 0;
  bool rtz = false, karatsuba = false;
  double split = 0, splitSigned = 0;     // 2^(LB+52), and 2^(2 LB) more for signed products
  std::uint64_t biasLo = 0, biasHi = 0;  // the bits of 2^52 (+ 2^51 rounding to nearest) and of split

  Fp52(const Field& f, bool towardZero, bool kara = false) : rtz(towardZero), karatsuba(kara) {
    n32 = static_cast<int>(2 * f.limbs);
    lb = kara ? 51 : 52;
    l = (32 * n32 + lb - 1) / lb;
    d = lb * l - 32 * n32;
    mask = (std::uint64_t{1} << lb) - 1;
    for (int k = 0; k < l; ++k) p.push_back(static_cast<double>(limb(oracle::toMpz(f.modulus), k)));
    pinv = f.inv64 & mask;
    split = std::ldexp(1.0, lb + 52);
    splitSigned = split + std::ldexp(1.0, 2 * lb);
    biasLo = rtz ? 0x4330000000000000 : 0x4338000000000000;
    biasHi = std::bit_cast<std::uint64_t>(split);
  }
  std::uint64_t limb(const mpz_class& x, int k) const {
    const mpz_class v = (x >> static_cast<mp_bitcnt_t>(lb * k)) & mpz_class(static_cast<unsigned long>(mask));
    return v.get_ui();
  }
  std::vector<double> limbs(const mpz_class& x) const {
    std::vector<double> out;
    for (int k = 0; k < l; ++k) out.push_back(static_cast<double>(limb(x, k)));
    return out;
  }
  void product(double x, double y, std::uint64_t& col, std::uint64_t& next, bool sgn = false) const {
    const double c = sgn ? splitSigned : split;
    const double ph = std::fma(x, y, c);
    const double pl = rtz ? std::fma(x, y, (c + 0x1p52) - ph) : std::fma(x, y, c - ph) + 0x3p51;
    col += std::bit_cast<std::uint64_t>(pl);
    next += std::bit_cast<std::uint64_t>(ph);
  }
  // Karatsuba's column c of x[xo, xo + kh) y[yo, yo + kh), with the previous column's ph patterns.
  std::int64_t zColumn(const std::vector<double>& x, int xo, const std::vector<double>& y, int yo, int c, bool sgn,
                       std::uint64_t& hi, int& nHi) const {
    const int kh = (l + 1) / 2;
    std::uint64_t lo = 0, hiNext = 0;
    int nLo = 0;
    for (int i = 0; i < kh; ++i) {
      const int j = c - i;
      if (j < 0 || j >= kh || xo + i >= l || yo + j >= l) continue;
      product(x[ix(xo + i)], y[ix(yo + j)], lo, hiNext, sgn);
      ++nLo;
    }
    const std::uint64_t hiBias = sgn ? biasHi + (std::uint64_t{1} << lb) : biasHi;
    const auto v = static_cast<std::int64_t>(lo + hi - std::uint64_t(nLo) * biasLo - std::uint64_t(nHi) * hiBias);
    hi = hiNext;
    nHi = nLo;
    return v;
  }
  // montW: a b / RW (square: a a, each cross product once and added twice).
  mpz_class montW(const std::vector<double>& a, const std::vector<double>& b, bool square) const {
    std::vector<double> m(ix(l));
    std::vector<std::uint64_t> r(ix(l));
    std::uint64_t hi = 0;
    int nHi = 0;
    std::int64_t carry = 0;
    const bool kara = karatsuba && !square;
    const int kh = (l + 1) / 2;
    std::vector<double> dd(ix(l)), ee(ix(l));  // a0 - a1, b1 - b0
    for (int i = 0; i < kh; ++i) {
      dd[ix(i)] = a[ix(i)] - (i + kh < l ? a[ix(i + kh)] : 0.0);
      ee[ix(i)] = (i + kh < l ? b[ix(i + kh)] : 0.0) - b[ix(i)];
    }
    std::vector<std::int64_t> z0(ix(2 * kh)), z1(ix(2 * kh)), z2(ix(2 * kh));
    std::uint64_t h0 = 0, h1 = 0, h2 = 0;
    int n0 = 0, n1 = 0, n2 = 0;
    for (int k = 0; k < 2 * l; ++k) {
      std::int64_t t = 0;
      if (kara) {
        const int c = k - kh, c2 = k - 2 * kh;
        if (k < 2 * kh) t += z0[ix(k)] = zColumn(a, 0, b, 0, k, false, h0, n0);
        if (c >= 0 && c < 2 * kh) {
          z1[ix(c)] = zColumn(dd, 0, ee, 0, c, true, h1, n1);
          z2[ix(c)] = zColumn(a, kh, b, kh, c, false, h2, n2);
          t += z0[ix(c)] + z1[ix(c)] + z2[ix(c)];
        }
        if (c2 >= 0 && c2 < 2 * kh) t += z2[ix(c2)];
      }
      std::uint64_t lo = 0, loX = 0, loM = 0, hiNext = 0, hiNextX = 0, hiNextM = 0;
      int nLo = 0;
      for (int i = 0; i < l; ++i) {
        const int j = k - i;
        if (j < 0 || j >= l) continue;
        if (kara) {
        } else if (!square) {
          product(a[ix(i)], b[ix(j)], lo, hiNext);
          ++nLo;
        } else if (i < j) {
          product(a[ix(i)], a[ix(j)], loX, hiNextX);
          nLo += 2;
        } else if (i == j) {
          product(a[ix(i)], a[ix(i)], lo, hiNext);
          ++nLo;
        }
        if (i < k) {
          product(m[ix(i)], p[ix(j)], loM, hiNextM);
          ++nLo;
        }
      }
      const int nHiNext = nLo + (k < l ? 1 : 0);
      std::int64_t s = carry + static_cast<std::int64_t>(lo + (loX << 1) + loM + hi - std::uint64_t(nLo) * biasLo -
                                                         std::uint64_t(nHi) * biasHi) + t;
      if (k < l) {
        const std::uint64_t mk = (static_cast<std::uint64_t>(s) * pinv) & mask;
        m[ix(k)] = static_cast<double>(mk);
        std::uint64_t pl = 0;
        product(m[ix(k)], p[0], pl, hiNextM);
        s += static_cast<std::int64_t>(pl - biasLo);
      } else {
        r[ix(k - l)] = k == 2 * l - 1 ? static_cast<std::uint64_t>(s) : static_cast<std::uint64_t>(s) & mask;
      }
      carry = s >> lb;
      hi = hiNext + (hiNextX << 1) + hiNextM;
      nHi = nHiNext;
    }
    EXPECT_EQ(carry, 0);
    mpz_class out = 0;
    for (int k = l - 1; k >= 0; --k) {
      EXPECT_LT(r[ix(k)], std::uint64_t{1} << lb) << "limb " << k;
      out = (out << static_cast<mp_bitcnt_t>(lb)) + mpz_class(static_cast<unsigned long>(r[ix(k)]));
    }
    return out;
  }
  mpz_class valueOf(const std::vector<std::int64_t>& t) const {
    mpz_class out = 0;
    for (auto k = t.size(); k-- > 0;) out = (out << static_cast<mp_bitcnt_t>(lb)) + mpz_class(static_cast<long>(t[k]));
    return out;
  }
  // addScaledP: t + sign q p, limb by limb with signed carries.
  void addScaledP(std::vector<std::int64_t>& t, double q, std::int64_t sign) const {
    std::int64_t carry = 0, hiPrev = 0;
    for (int k = 0; k < l; ++k) {
      std::uint64_t lo = 0, hi = 0;
      product(q, p[ix(k)], lo, hi);
      const std::int64_t u = t[ix(k)] + sign * (static_cast<std::int64_t>(lo - biasLo) + hiPrev) + carry;
      hiPrev = static_cast<std::int64_t>(hi - biasHi);
      if (k < l - 1) {
        t[ix(k)] = u & static_cast<std::int64_t>(mask);
        carry = u >> lb;
      } else {
        t[ix(k)] = u + sign * (hiPrev << lb);
      }
    }
  }
  // sqrEnter: x (below p) -> y = x 2^D less q p, q one below the top limbs' quotient estimate.
  std::vector<double> sqrEnter(const mpz_class& x) const {
    std::vector<std::int64_t> t;
    const mpz_class shifted = x << static_cast<mp_bitcnt_t>(d);
    for (int k = 0; k < l; ++k) t.push_back(static_cast<std::int64_t>(limb(shifted, k)));
    const double pTop = std::ldexp(p[ix(l - 1)], lb) + p[ix(l - 2)];
    const double top = std::ldexp(static_cast<double>(t[ix(l - 1)]), lb) + static_cast<double>(t[ix(l - 2)]);
    addScaledP(t, std::max(std::floor(top / pTop) - 1.0, 0.0), -1);
    std::vector<double> out;
    for (const std::int64_t v : t) {
      EXPECT_GE(v, 0);
      EXPECT_LT(v, std::int64_t{1} << lb);
      out.push_back(static_cast<double>(v));
    }
    return out;
  }
  // sqrLeave: y -> y / 2^D by a Montgomery step on D bits (below 2p), then reduced below p.
  mpz_class sqrLeave(const mpz_class& y) const {
    std::vector<std::int64_t> t;
    for (int k = 0; k < l; ++k) t.push_back(static_cast<std::int64_t>(limb(y, k)));
    const std::uint64_t lowD = (std::uint64_t{1} << d) - 1;
    addScaledP(t, static_cast<double>((static_cast<std::uint64_t>(t[0]) * pinv) & lowD), 1);
    const mpz_class z = valueOf(t);
    EXPECT_EQ(z % (mpz_class(1) << static_cast<mp_bitcnt_t>(d)), 0);
    return z >> static_cast<mp_bitcnt_t>(d);
  }
};

class RoundingMode {
 public:
  explicit RoundingMode(bool towardZero) : saved_(std::fegetround()) {
    std::fesetround(towardZero ? FE_TOWARDZERO : FE_TONEAREST);
  }
  ~RoundingMode() { std::fesetround(saved_); }
  RoundingMode(const RoundingMode&) = delete;
  RoundingMode& operator=(const RoundingMode&) = delete;

 private:
  int saved_;
};

// sqr's chain (sqrEnter, 16 montW squares, sqrLeave): each y below 2p and x 2^D mod p for the
// Montgomery square x, the result below 2p and equal to GMP's mod p.
void checkSqrChain(const Fp52& m, const mpz_class& p, const mpz_class& rInvMod, const mpz_class& a) {
  const mpz_class twoD = mpz_class(1) << static_cast<mp_bitcnt_t>(m.d);
  std::vector<double> y = m.sqrEnter(a);
  mpz_class want = a, yv;
  for (int k = 0; k < 16; ++k) {
    yv = m.montW(y, y, true);
    want = want * want * rInvMod % p;
    ASSERT_LT(yv, 2 * p) << " sqr step " << k << " a = " << a.get_str(16);
    ASSERT_EQ(yv % p, want * twoD % p) << " sqr step " << k << " a = " << a.get_str(16);
    y = m.limbs(yv);
  }
  const mpz_class out = m.sqrLeave(yv);
  ASSERT_LT(out, 2 * p) << " sqr leave, a = " << a.get_str(16);
  EXPECT_EQ(out % p, want) << " sqr leave, a = " << a.get_str(16);
}

// x = a; 16 times x = x * b (operand b 2^D), as the chain hooks do: each result below 2p and
// equal to the Montgomery product mod p (R = 2^(32 N)); and sqr's chain from the same a.
void checkChains(const Field& f, bool rtz, bool kara = false) {
  const Fp52 m(f, rtz, kara);
  const RoundingMode mode(rtz);
  const mpz_class p = oracle::toMpz(f.modulus);
  const mpz_class rInvMod = [&] {
    mpz_class r = mpz_class(1) << static_cast<mp_bitcnt_t>(32 * m.n32), inv;
    mpz_invert(inv.get_mpz_t(), r.get_mpz_t(), p.get_mpz_t());
    return inv;
  }();
  gmp_randclass rng(gmp_randinit_default);
  rng.seed(52 + static_cast<unsigned long>(f.bits) + (rtz ? 1 : 0));
  for (int trial = 0; trial < 200; ++trial) {
    // Edge operands first: 0, 1, p - 1, then random ones.
    const mpz_class a = trial == 0   ? mpz_class(0)
                        : trial == 1 ? mpz_class(1)
                        : trial == 2 ? mpz_class(p - 1)
                                     : mpz_class(rng.get_z_range(p));
    const mpz_class b = trial == 3 ? mpz_class(p - 1) : mpz_class(rng.get_z_range(p));
    mpz_class x = a, want = a;
    const std::vector<double> bw = m.limbs(b << static_cast<mp_bitcnt_t>(m.d));
    for (int k = 0; k < 16; ++k) {
      x = m.montW(m.limbs(x), bw, false);
      want = want * b * rInvMod % p;
      ASSERT_LT(x, 2 * p) << f.name << " mul step " << k;
      ASSERT_EQ(x % p, want) << f.name << " mul step " << k << " a = " << a.get_str(16);
    }
    checkSqrChain(m, p, rInvMod, a);
  }
  // Where the enter's quotient estimate is closest to wrong: a 2^D next to q p.
  for (const unsigned long q : {1UL, 2UL, 3UL, 7UL, 15UL, 16UL, 4096UL, 0xffffffffUL}) {
    if (q >= (1UL << m.d)) continue;
    const mpz_class base = (mpz_class(q) * p) >> static_cast<mp_bitcnt_t>(m.d);
    for (int delta = -2; delta <= 2; ++delta) {
      const mpz_class a = base + delta;
      if (a >= 0 && a < p) checkSqrChain(m, p, rInvMod, a);
    }
  }
}

// mulLazy (the NTT's butterfly): a anywhere below 2p (the butterflies' lazy sums and
// differences), b canonical; the result below 2p and the Montgomery product mod p.
void checkLazyProducts(const Field& f, bool rtz, bool kara = false) {
  const Fp52 m(f, rtz, kara);
  const RoundingMode mode(rtz);
  const mpz_class p = oracle::toMpz(f.modulus);
  const mpz_class r = mpz_class(1) << static_cast<mp_bitcnt_t>(32 * m.n32);
  mpz_class rInv;
  mpz_invert(rInv.get_mpz_t(), r.get_mpz_t(), p.get_mpz_t());
  gmp_randclass rng(gmp_randinit_default);
  rng.seed(2 + static_cast<unsigned long>(f.bits) + (rtz ? 1 : 0));
  for (int trial = 0; trial < 400; ++trial) {
    const mpz_class a = trial == 0 ? mpz_class(2 * p - 1) : trial == 1 ? mpz_class(p) : mpz_class(rng.get_z_range(2 * p));
    const mpz_class b = trial < 2 ? mpz_class(p - 1) : mpz_class(rng.get_z_range(p));
    const mpz_class x = m.montW(m.limbs(a), m.limbs(b << static_cast<mp_bitcnt_t>(m.d)), false);
    ASSERT_LT(x, 2 * p) << f.name << " a = " << a.get_str(16);
    ASSERT_EQ(x % p, a * b * rInv % p) << f.name << " a = " << a.get_str(16);
  }
}

TEST(Fp52Model, LazyProductsOfInputsBelowTwoP) {
  for (const Field* f : {&bls12381Fr(), &bn254Fr()}) {
    checkLazyProducts(*f, false);
    checkLazyProducts(*f, true);
    checkLazyProducts(*f, true, true);
  }
}

TEST(Fp52Model, ChainsMatchGmpRoundingToNearest) {
  for (const Field* f : allFields()) checkChains(*f, false);
}

TEST(Fp52Model, ChainsMatchGmpRoundingTowardZero) {
  for (const Field* f : allFields()) checkChains(*f, true);
}

// fp51k: 51-bit limbs, a b by Karatsuba with signed differences (both rounding modes; the
// variant rounds toward zero).
TEST(Fp52Model, KaratsubaChainsMatchGmp) {
  for (const Field* f : allFields()) {
    checkChains(*f, true, true);
    checkChains(*f, false, true);
  }
}

TEST(Fp52Model, ASignedProductSplitsExactly) {
  // Karatsuba's differences at their extremes: x y = -(2^51 - 1)^2 and +(2^51 - 1)^2 on 51-bit limbs.
  for (const bool rtz : {true, false}) {
    const RoundingMode mode(rtz);
    const Fp52 m(bls12381Fp(), rtz, true);
    for (const double sign : {-1.0, 1.0}) {
      const double x = 0x1p51 - 1;
      std::uint64_t lo = 0, hi = 0;
      m.product(sign * x, x, lo, hi, true);
      const auto h = static_cast<std::int64_t>(hi - m.biasHi - (std::uint64_t{1} << 51));
      const mpz_class got = mpz_class(static_cast<long>(h)) * (mpz_class(1) << 51) +
                            mpz_class(static_cast<long>(static_cast<std::int64_t>(lo - m.biasLo)));
      const mpz_class want = mpz_class(static_cast<long>(sign)) * ((mpz_class(1) << 102) - (mpz_class(1) << 52) + 1);
      EXPECT_EQ(got, want) << "rtz " << rtz << " sign " << sign;
    }
  }
}

TEST(Fp52Model, AProductSplitsExactly) {
  // The largest limbs: x y = 2^104 - 2^53 + 1 is H 2^52 + lo with the low 1 kept (fused fma).
  const double x = 0x1p52 - 1;
  const Fp52 m(bls12381Fp(), false);
  std::uint64_t lo = 0, hi = 0;
  m.product(x, x, lo, hi);
  const mpz_class got = mpz_class(static_cast<unsigned long>(hi - m.biasHi)) * (mpz_class(1) << 52) +
                        mpz_class(static_cast<long>(static_cast<std::int64_t>(lo - m.biasLo)));
  const mpz_class want = (mpz_class(1) << 104) - (mpz_class(1) << 53) + 1;
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace fieldbench
