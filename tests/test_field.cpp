// BLS12-381 Fp add (fieldAdd, the one CPU reference) and isCanonical against GMP, edge by edge.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "fieldbench/fields.hpp"
#include "gmp_oracle.hpp"

namespace fieldbench {
namespace {

using oracle::modulusFromHex;
using oracle::toElement;
using oracle::toMpz;

constexpr std::uint64_t kAllOnes = ~std::uint64_t{0};

std::string hex(const mpz_class& x) { return "0x" + x.get_str(16); }

// fieldAdd(bls12381Fp(), a, b) equals (a + b) mod p computed by GMP; a and b must be canonical.
void expectAddMatchesGmp(const mpz_class& a, const mpz_class& b) {
  static const mpz_class p = modulusFromHex();
  ASSERT_LT(a, p) << hex(a);
  ASSERT_LT(b, p) << hex(b);
  const mpz_class expected = (a + b) % p;
  const Element got = fieldAdd(bls12381Fp(), toElement(a), toElement(b));
  EXPECT_EQ(toMpz(got), expected) << hex(a) << " + " << hex(b) << ": got " << hex(toMpz(got));
}

mpz_class pow2(unsigned bits) {
  mpz_class x = 1;
  x <<= bits;
  return x;
}

TEST(FieldConstants, ModulusMatchesPublishedHex) {
  const mpz_class p = modulusFromHex();
  EXPECT_EQ(toMpz(bls12381Fp().modulus), p) << hex(toMpz(bls12381Fp().modulus));
  EXPECT_EQ(mpz_sizeinbase(p.get_mpz_t(), 2), 381u);
  EXPECT_EQ(mpz_probab_prime_p(p.get_mpz_t(), 25), 1) << "p should be prime";
}

TEST(FieldConstants, ConversionRoundTrips) {
  const Element x{1, 2, 3, 4, 5, 6};
  const mpz_class z = toMpz(x);
  EXPECT_EQ(mpz_class(z % pow2(64)), 1);
  EXPECT_EQ(mpz_class(z >> (64 * 5)), 6);
  EXPECT_EQ(toElement(z), x);
}

TEST(IsCanonical, Edges) {
  const mpz_class p = modulusFromHex();
  EXPECT_TRUE(isCanonical(bls12381Fp(), Element{}));
  EXPECT_TRUE(isCanonical(bls12381Fp(), toElement(p - 1)));
  EXPECT_FALSE(isCanonical(bls12381Fp(), bls12381Fp().modulus));
  EXPECT_FALSE(isCanonical(bls12381Fp(), toElement(p + 1)));
  EXPECT_FALSE(isCanonical(bls12381Fp(), toElement(pow2(384) - 1)));
  EXPECT_FALSE(isCanonical(bls12381Fp(), toElement(pow2(381))));
  EXPECT_TRUE(isCanonical(bls12381Fp(), toElement(pow2(380))));
}

TEST(IsCanonical, EachLimbDecides) {
  // p with one limb lowered is below p; p with one limb raised is above it (when no limb
  // above differs), whichever limb it is.
  for (std::size_t i = 0; i < bls12381Fp().modulus.size(); ++i) {
    Element below = bls12381Fp().modulus;
    --below[i];
    EXPECT_TRUE(isCanonical(bls12381Fp(), below)) << "limb " << i;
    Element above = bls12381Fp().modulus;
    ++above[i];
    EXPECT_FALSE(isCanonical(bls12381Fp(), above)) << "limb " << i;
  }
}

TEST(IsCanonical, RandomValuesAgreeWithGmp) {
  const mpz_class p = modulusFromHex();
  gmp_randclass rng(gmp_randinit_mt);
  rng.seed(20240601);
  // 382-bit draws: about a third below p, the rest at or above it.
  for (int i = 0; i < 20000; ++i) {
    const mpz_class x = rng.get_z_bits(382);
    EXPECT_EQ(isCanonical(bls12381Fp(), toElement(x)), x < p) << hex(x);
  }
  // Values just around p.
  for (int d = -300; d <= 300; ++d) {
    const mpz_class x = p + d;  // d is int: GMP promotes
    EXPECT_EQ(isCanonical(bls12381Fp(), toElement(x)), x < p) << hex(x);
  }
}

TEST(FpAdd, ZeroPlusZero) {
  EXPECT_EQ(fieldAdd(bls12381Fp(), Element{}, Element{}), Element{});
}

TEST(FpAdd, PMinusOneTwice) {
  const mpz_class p = modulusFromHex();
  const Element pm1 = toElement(p - 1);
  EXPECT_EQ(toMpz(fieldAdd(bls12381Fp(), pm1, pm1)), mpz_class(p - 2));
  expectAddMatchesGmp(p - 1, p - 1);
}

TEST(FpAdd, PMinusOnePlusOneIsZero) {
  const mpz_class p = modulusFromHex();
  EXPECT_EQ(fieldAdd(bls12381Fp(), toElement(p - 1), toElement(1)), Element{});
  EXPECT_EQ(fieldAdd(bls12381Fp(), toElement(1), toElement(p - 1)), Element{});
}

TEST(FpAdd, SumJustBelowAtAndAboveP) {
  const mpz_class p = modulusFromHex();
  gmp_randclass rng(gmp_randinit_mt);
  rng.seed(7);
  for (int i = 0; i < 200; ++i) {
    const mpz_class a = rng.get_z_range(p);
    const mpz_class b = p - a;  // a + b == p, so b == p when a == 0: skip that one
    if (b >= p) continue;
    EXPECT_EQ(fieldAdd(bls12381Fp(), toElement(a), toElement(b)), Element{}) << hex(a);
    if (b > 0) expectAddMatchesGmp(a, b - 1);  // p - 1: no reduction
    if (b + 1 < p) expectAddMatchesGmp(a, b + 1);  // p + 1: reduces to 1
  }
}

TEST(FpAdd, IdentityAndCommutativity) {
  const mpz_class p = modulusFromHex();
  gmp_randclass rng(gmp_randinit_mt);
  rng.seed(99);
  for (int i = 0; i < 1000; ++i) {
    const Element a = toElement(rng.get_z_range(p));
    const Element b = toElement(rng.get_z_range(p));
    EXPECT_EQ(fieldAdd(bls12381Fp(), a, Element{}), a);
    EXPECT_EQ(fieldAdd(bls12381Fp(), a, b), fieldAdd(bls12381Fp(), b, a));
    EXPECT_TRUE(isCanonical(bls12381Fp(), fieldAdd(bls12381Fp(), a, b)));
  }
}

TEST(FpAdd, RandomPairsAgreeWithGmp) {
  const mpz_class p = modulusFromHex();
  gmp_randclass rng(gmp_randinit_mt);
  rng.seed(12345);
  for (int i = 0; i < 100000; ++i) {
    expectAddMatchesGmp(rng.get_z_range(p), rng.get_z_range(p));
    if (HasFailure()) return;
  }
}

TEST(FpAdd, RandomSmallAndLargeOperands) {
  // Operands of every bit length, so limbs are zero, partly filled, or full.
  const mpz_class p = modulusFromHex();
  gmp_randclass rng(gmp_randinit_mt);
  rng.seed(424242);
  for (unsigned bits = 1; bits <= 380; ++bits) {
    for (int i = 0; i < 20; ++i) {
      expectAddMatchesGmp(rng.get_z_bits(bits), rng.get_z_range(p));
      expectAddMatchesGmp(rng.get_z_bits(bits), rng.get_z_bits(bits));
    }
  }
}

// A carry out of limb k: limb k all ones plus one in limb k, for every limb with room above it.
TEST(FpAdd, CarryOutOfEachLimb) {
  for (unsigned k = 0; k < 5; ++k) {
    const mpz_class limb = pow2(64 * k);
    const mpz_class a = (pow2(64) - 1) * limb;  // limb k = 0xffffffffffffffff
    expectAddMatchesGmp(a, limb);
    Element expected{};
    expected[k + 1] = 1;
    Element ea{};
    ea[k] = kAllOnes;
    Element eb{};
    eb[k] = 1;
    EXPECT_EQ(fieldAdd(bls12381Fp(), ea, eb), expected) << "limb " << k;
  }
}

// A carry rippling from limb 0 through limbs 0..k: (2^(64(k+1)) - 1) + 1.
TEST(FpAdd, CarryRipplesThroughLowLimbs) {
  for (unsigned k = 0; k < 5; ++k) {
    const mpz_class a = pow2(64 * (k + 1)) - 1;  // limbs 0..k all ones
    expectAddMatchesGmp(a, 1);
    expectAddMatchesGmp(1, a);
    expectAddMatchesGmp(a, a);  // all-ones low limbs on both sides
    Element expected{};
    expected[k + 1] = 1;
    EXPECT_EQ(fieldAdd(bls12381Fp(), toElement(a), toElement(1)), expected) << "limbs 0.." << k;
  }
}

// Operands whose low limbs are all ones, for every count of low limbs, plus large high parts.
TEST(FpAdd, AllOnesLowLimbsWithHighParts) {
  const mpz_class p = modulusFromHex();
  gmp_randclass rng(gmp_randinit_mt);
  rng.seed(31337);
  for (unsigned k = 1; k <= 5; ++k) {
    const mpz_class low = pow2(64 * k) - 1;
    for (int i = 0; i < 50; ++i) {
      // Random high part above the all-ones low limbs, kept below p.
      mpz_class high = rng.get_z_range(p >> (64 * k)) << (64 * k);
      mpz_class a = high + low;
      if (a >= p) a = low;
      mpz_class b = (rng.get_z_range(p >> (64 * k)) << (64 * k)) + low;
      if (b >= p) b = low;
      expectAddMatchesGmp(a, b);
      expectAddMatchesGmp(a, p - 1);
    }
  }
}

// Reduction whose subtraction of p borrows across limbs: (p - 1) + 2^(64k) = 2^(64k) - 1.
TEST(FpAdd, ReductionBorrowsAcrossLimbs) {
  const mpz_class p = modulusFromHex();
  for (unsigned k = 0; k < 6; ++k) {
    const mpz_class b = pow2(64 * k);
    expectAddMatchesGmp(p - 1, b);
    expectAddMatchesGmp(p - b, b);  // exactly p: 0
    EXPECT_EQ(fieldAdd(bls12381Fp(), toElement(p - b), toElement(b)), Element{}) << "k = " << k;
    if (k > 0) expectAddMatchesGmp(p - b, b - 1);  // p - 1: kept as is
  }
}

}  // namespace
}  // namespace fieldbench
