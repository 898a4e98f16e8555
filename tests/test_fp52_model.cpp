// A C++ model of kernels/mul_fp52.glsl's arithmetic (52-bit limbs in doubles, products split by
// two fmas, integer column sums of their bit patterns) checked against GMP. CI's llvmpipe has no
// fused double fma, so the GLSL runs only on GPUs, where every run verifies it; this checks the
// algorithm, its exactness claims and its bounds, in both rounding modes (std::fma is fused).
#include <gmpxx.h>
#include <gtest/gtest.h>

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

constexpr std::uint64_t kMask52 = (std::uint64_t{1} << 52) - 1;
constexpr std::uint64_t kBiasHi = 0x4670000000000000;  // the bits of 2^104
// The shader's int indices (a column's j = k - i may go below 0) into vectors.
constexpr std::size_t ix(int i) { return static_cast<std::size_t>(i); }

// The shader's mulW for one field and rounding mode, step for step.
struct Fp52 {
  int n32 = 0, l = 0, d = 0;  // 32-bit words, 52-bit limbs, D = 52 L - 32 N
  std::vector<double> p;
  std::uint64_t pinv = 0;
  bool rtz = false;
  std::uint64_t biasLo = 0;

  Fp52(const Field& f, bool towardZero) : rtz(towardZero) {
    n32 = static_cast<int>(2 * f.limbs);
    l = (32 * n32 + 51) / 52;
    d = 52 * l - 32 * n32;
    const mpz_class pz = oracle::toMpz(f.modulus);
    for (int k = 0; k < l; ++k) p.push_back(static_cast<double>(limb(pz, k)));
    pinv = f.inv64 & kMask52;
    biasLo = rtz ? 0x4330000000000000 : 0x4338000000000000;
  }
  static std::uint64_t limb(const mpz_class& x, int k) {
    const mpz_class v = (x >> static_cast<mp_bitcnt_t>(52 * k)) & mpz_class(kMask52);
    return v.get_ui();
  }
  std::vector<double> limbs(const mpz_class& x) const {
    std::vector<double> out;
    for (int k = 0; k < l; ++k) out.push_back(static_cast<double>(limb(x, k)));
    return out;
  }
  void product(double x, double y, std::uint64_t& col, std::uint64_t& next) const {
    const double ph = std::fma(x, y, 0x1p104);
    const double pl = rtz ? std::fma(x, y, (0x1p104 + 0x1p52) - ph) : std::fma(x, y, 0x1p104 - ph) + 0x3p51;
    col += std::bit_cast<std::uint64_t>(pl);
    next += std::bit_cast<std::uint64_t>(ph);
  }
  mpz_class mulW(const std::vector<double>& a, const std::vector<double>& b) const {
    std::vector<double> m(ix(l));
    std::vector<std::uint64_t> r(ix(l));
    std::uint64_t hi = 0;
    int nHi = 0;
    std::int64_t carry = 0;
    for (int k = 0; k < 2 * l; ++k) {
      std::uint64_t lo = 0, loM = 0, hiNext = 0, hiNextM = 0;
      int nLo = 0;
      for (int i = 0; i < l; ++i) {
        const int j = k - i;
        if (j < 0 || j >= l) continue;
        product(a[ix(i)], b[ix(j)], lo, hiNext);
        ++nLo;
        if (i < k) {
          product(m[ix(i)], p[ix(j)], loM, hiNextM);
          ++nLo;
        }
      }
      const int nHiNext = nLo + (k < l ? 1 : 0);
      std::int64_t s = carry + static_cast<std::int64_t>(lo + loM + hi - std::uint64_t(nLo) * biasLo -
                                                         std::uint64_t(nHi) * kBiasHi);
      if (k < l) {
        const std::uint64_t mk = (static_cast<std::uint64_t>(s) * pinv) & kMask52;
        m[ix(k)] = static_cast<double>(mk);
        std::uint64_t pl = 0;
        product(m[ix(k)], p[0], pl, hiNextM);
        s += static_cast<std::int64_t>(pl - biasLo);
      } else {
        r[ix(k - l)] = k == 2 * l - 1 ? static_cast<std::uint64_t>(s) : static_cast<std::uint64_t>(s) & kMask52;
      }
      carry = s >> 52;
      hi = hiNext + hiNextM;
      nHi = nHiNext;
    }
    EXPECT_EQ(carry, 0);
    mpz_class out = 0;
    for (int k = l - 1; k >= 0; --k) {
      EXPECT_LT(r[ix(k)], std::uint64_t{1} << 52) << "limb " << k;
      out = (out << 52) + mpz_class(static_cast<unsigned long>(r[ix(k)]));
    }
    return out;
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

// x = a; 16 times x = x * b (operand b 2^D) or x = x * (x 2^D), as the chain hooks do: each result
// below 2p and equal to the Montgomery product mod p (R = 2^(32 N)).
void checkChains(const Field& f, bool rtz) {
  const Fp52 m(f, rtz);
  const RoundingMode mode(rtz);
  const mpz_class p = oracle::toMpz(f.modulus);
  const mpz_class rInvMod = [&] {
    mpz_class r = mpz_class(1) << static_cast<mp_bitcnt_t>(32 * m.n32), inv;
    mpz_invert(inv.get_mpz_t(), r.get_mpz_t(), p.get_mpz_t());
    return inv;
  }();
  gmp_randclass rng(gmp_randinit_default);
  rng.seed(52 + static_cast<unsigned long>(f.bits) + (rtz ? 1 : 0));
  const bool reduceForSqr = p >= (mpz_class(1) << static_cast<mp_bitcnt_t>(32 * m.n32 - 2));  // as sqrStep: BLS12-381 Fr
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
      x = m.mulW(m.limbs(x), bw);
      want = want * b * rInvMod % p;
      ASSERT_LT(x, 2 * p) << f.name << " mul step " << k;
      ASSERT_EQ(x % p, want) << f.name << " mul step " << k << " a = " << a.get_str(16);
    }
    x = want = a;
    for (int k = 0; k < 16; ++k) {
      const mpz_class operand = reduceForSqr && x >= p ? x - p : x;
      x = m.mulW(m.limbs(operand), m.limbs(operand << static_cast<mp_bitcnt_t>(m.d)));
      want = want * want * rInvMod % p;
      ASSERT_LT(x, 2 * p) << f.name << " sqr step " << k;
      ASSERT_EQ(x % p, want) << f.name << " sqr step " << k << " a = " << a.get_str(16);
    }
  }
}

TEST(Fp52Model, ChainsMatchGmpRoundingToNearest) {
  for (const Field* f : allFields()) checkChains(*f, false);
}

TEST(Fp52Model, ChainsMatchGmpRoundingTowardZero) {
  for (const Field* f : allFields()) checkChains(*f, true);
}

TEST(Fp52Model, AProductSplitsExactly) {
  // The largest limbs: x y = 2^104 - 2^53 + 1 is H 2^52 + lo with the low 1 kept (fused fma).
  const double x = 0x1p52 - 1;
  const Fp52 m(bls12381Fp(), false);
  std::uint64_t lo = 0, hi = 0;
  m.product(x, x, lo, hi);
  const mpz_class got = mpz_class(static_cast<unsigned long>(hi - kBiasHi)) * (mpz_class(1) << 52) +
                        mpz_class(static_cast<long>(static_cast<std::int64_t>(lo - m.biasLo)));
  const mpz_class want = (mpz_class(1) << 104) - (mpz_class(1) << 53) + 1;
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace fieldbench
