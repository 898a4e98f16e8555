// The NTT's CPU reference (lib/src/arith/ntt.cpp) against the O(n^2) definition, against a
// DFT computed by GMP from the published moduli and generators, and intt(ntt(x)) = x.
#include <gmpxx.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "fieldbench/error.hpp"
#include "fieldbench/fields.hpp"
#include "fieldbench/ntt.hpp"
#include "fieldbench/verify.hpp"
#include "gmp_oracle.hpp"

namespace fieldbench {
namespace {

using oracle::toElement;
using oracle::toMpz;

struct Published {
  const Field& field;
  const char* modulusHex;  // typed here, not read from fields/*.h
  unsigned long generator;
  unsigned twoAdicity;
};
std::vector<Published> published() {
  return {{bls12381Fr(), "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 7, 32},
          {bn254Fr(), "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001", 5, 28}};
}

std::vector<std::uint64_t> random(const Field& f, std::uint64_t n, std::uint64_t seed) {
  std::vector<std::uint64_t> x(n * f.limbs);
  fillRandom(f, x, seed);
  return x;
}

// X[k] = sum_j x[j] w^(jk) mod r (inverse: w^-1 and n^-1), all in GMP.
std::vector<std::uint64_t> gmpDft(const Published& p, std::span<const std::uint64_t> x, bool inverse) {
  const Field& f = p.field;
  const mpz_class r(p.modulusHex, 16);
  const std::uint64_t n = x.size() / f.limbs;
  mpz_class w, g = p.generator, e = (r - 1) / static_cast<unsigned long>(n);
  mpz_powm(w.get_mpz_t(), g.get_mpz_t(), e.get_mpz_t(), r.get_mpz_t());
  mpz_class nInv = static_cast<unsigned long>(n);
  if (inverse) {
    mpz_invert(w.get_mpz_t(), w.get_mpz_t(), r.get_mpz_t());
    mpz_invert(nInv.get_mpz_t(), nInv.get_mpz_t(), r.get_mpz_t());
  }
  std::vector<std::uint64_t> out(x.size());
  for (std::uint64_t k = 0; k < n; ++k) {
    mpz_class sum = 0, wk;
    const mpz_class exp = static_cast<unsigned long>(k);
    mpz_powm(wk.get_mpz_t(), w.get_mpz_t(), exp.get_mpz_t(), r.get_mpz_t());
    mpz_class wjk = 1;
    for (std::uint64_t j = 0; j < n; ++j) {
      sum = (sum + toMpz(loadElement(x, j, f.limbs)) * wjk) % r;
      wjk = (wjk * wk) % r;
    }
    if (inverse) sum = (sum * nInv) % r;
    storeElement(out, k, f.limbs, toElement(sum));
  }
  return out;
}

TEST(Ntt, ConstantsMatchThePublishedFields) {
  for (const auto& p : published()) {
    EXPECT_EQ(nttTwoAdicity(p.field), p.twoAdicity) << p.field.name;
    EXPECT_EQ(nttGenerator(p.field), p.generator) << p.field.name;
    EXPECT_EQ(toMpz(p.field.modulus), mpz_class(p.modulusHex, 16)) << p.field.name;
    // (r - 1) has exactly twoAdicity factors of two.
    const mpz_class rm1 = mpz_class(p.modulusHex, 16) - 1;
    EXPECT_EQ(mpz_scan1(rm1.get_mpz_t(), 0), p.twoAdicity) << p.field.name;
  }
  EXPECT_EQ(nttTwoAdicity(bls12381Fp()), 0u);
  EXPECT_EQ(nttTwoAdicity(bn254Fp()), 0u);
}

TEST(Ntt, RootOfUnityHasExactOrderN) {
  for (const auto& p : published()) {
    const Field& f = p.field;
    for (std::uint64_t n : {2ull, 8ull, 1ull << 20, 1ull << p.twoAdicity}) {
      const Element w = rootOfUnity(f, n, false);
      const Element one = fieldPow(f, w, Element{n});
      EXPECT_EQ(toMpz(one), 1) << f.name << " n=" << n;
      // w^(n/2) = -1: the order is n, not a divisor.
      EXPECT_EQ(toMpz(fieldPow(f, w, Element{n / 2})), toMpz(f.modulus) - 1) << f.name << " n=" << n;
      const Element wInv = rootOfUnity(f, n, true);
      EXPECT_EQ(toMpz(fromMontgomery(f, montMul(f, toMontgomery(f, w), toMontgomery(f, wInv)))), 1);
    }
  }
}

TEST(Ntt, MatchesTheNaiveDftAtSmallSizes) {
  for (const auto& p : published()) {
    for (std::uint64_t n = 2; n <= 64; n *= 2) {
      const auto x = random(p.field, n, n);
      for (bool inverse : {false, true}) {
        EXPECT_EQ(referenceNtt(p.field, x, inverse), naiveDft(p.field, x, inverse))
            << p.field.name << " n=" << n << (inverse ? " inverse" : " forward");
      }
    }
  }
}

TEST(Ntt, MatchesGmp) {
  for (const auto& p : published()) {
    for (std::uint64_t n : {2ull, 4ull, 32ull}) {
      auto x = random(p.field, n, 7 * n);
      Element pMinus1 = p.field.modulus;
      pMinus1[0] -= 1;  // p is odd
      storeElement(x, 0, p.field.limbs, pMinus1);
      for (bool inverse : {false, true}) {
        EXPECT_EQ(referenceNtt(p.field, x, inverse), gmpDft(p, x, inverse))
            << p.field.name << " n=" << n << (inverse ? " inverse" : " forward");
      }
    }
  }
}

TEST(Ntt, InverseUndoesForward) {
  // 2^15: n/2 butterflies per stage reach the threads of parallelFor.
  for (const auto& p : published()) {
    for (std::uint64_t n : {2ull, 1ull << 10, 1ull << 15}) {
      const auto x = random(p.field, n, n + 1);
      const auto forward = referenceNtt(p.field, x, false);
      EXPECT_NE(forward, x);
      EXPECT_EQ(referenceNtt(p.field, forward, true), x) << p.field.name << " n=" << n;
    }
  }
}

TEST(Ntt, TransformOfADeltaIsConstant) {
  // x = (0, 1, 0, ...): X[k] = w^k; x = (1, 0, ...): X[k] = 1.
  const Field& f = bls12381Fr();
  const std::uint64_t n = 16;
  std::vector<std::uint64_t> x(n * f.limbs, 0);
  x[0] = 1;
  for (std::uint64_t k = 0; k < n; ++k) EXPECT_EQ(loadElement(referenceNtt(f, x, false), k, f.limbs), Element{1});
  x[0] = 0;
  x[f.limbs] = 1;
  const auto out = referenceNtt(f, x, false);
  const Element w = rootOfUnity(f, n, false);
  for (std::uint64_t k = 0; k < n; ++k) EXPECT_EQ(loadElement(out, k, f.limbs), fieldPow(f, w, Element{k}));
}

TEST(Ntt, TwiddleBufferHoldsPowersAndScale) {
  const Field& f = bn254Fr();
  const std::uint64_t n = 8;
  for (bool inverse : {false, true}) {
    const auto buf = nttTwiddleBuffer(f, n, inverse);
    ASSERT_EQ(buf.size(), n * f.limbs);
    const Element w = rootOfUnity(f, n, inverse);
    // Stage m (half-size) holds w^(j n / 2m) for j < m at m + j.
    for (std::uint64_t m = 1; m < n; m *= 2) {
      for (std::uint64_t j = 0; j < m; ++j) {
        EXPECT_EQ(fromMontgomery(f, loadElement(buf, m + j, f.limbs)), fieldPow(f, w, Element{j * n / (2 * m)}))
            << "m " << m << " j " << j;
      }
    }
    // The scale in Montgomery form at 0: s n = 1 for the inverse, s = 1 forward.
    const Element scale = fromMontgomery(f, loadElement(buf, 0, f.limbs));
    EXPECT_EQ(toMpz(inverse ? fromMontgomery(f, montMul(f, toMontgomery(f, scale), toMontgomery(f, Element{n}))) : scale), 1);
  }
}

std::string usageMessage(const Field& f, std::uint64_t n) {
  try {
    checkNttSize(f, n);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    return e.what();
  }
  return {};
}

TEST(Ntt, SizeErrorsNameTheLimit) {
  EXPECT_EQ(usageMessage(bls12381Fr(), 2), "");
  EXPECT_EQ(usageMessage(bls12381Fr(), 1ull << 32), "");
  EXPECT_EQ(usageMessage(bn254Fr(), 1ull << 28), "");
  EXPECT_NE(usageMessage(bls12381Fr(), 1ull << 33).find("at most 2^32"), std::string::npos);
  EXPECT_NE(usageMessage(bn254Fr(), 1ull << 29).find("at most 2^28"), std::string::npos);
  EXPECT_NE(usageMessage(bn254Fr(), 3).find("invalid size 3: expected a power of two"), std::string::npos);
  EXPECT_NE(usageMessage(bn254Fr(), 1).find("invalid size 1"), std::string::npos);
  EXPECT_NE(usageMessage(bls12381Fp(), 8).find("invalid field 'bls12-381-fp'"), std::string::npos);
  EXPECT_NE(usageMessage(bn254Fp(), 8).find("invalid field 'bn254-fp'"), std::string::npos);
}

}  // namespace
}  // namespace fieldbench
