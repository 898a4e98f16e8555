// Every field's constants and every op's CPU reference against GMP: random and edge
// inputs (0, 1, p - 1, R mod p), chained ops, packed buffers, op and field names.
#include <gmpxx.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "fieldbench/error.hpp"
#include "fieldbench/fields.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/verify.hpp"
#include "gmp_oracle.hpp"

namespace fieldbench {
namespace {

using oracle::toElement;
using oracle::toMpz;

// The moduli as published (typed here, not read from fields/*.h), and their sizes.
struct Published {
  const char* name;
  const char* hex;
  unsigned bits;
  std::uint64_t elementBytes;
};
constexpr Published kPublished[] = {
    {"bls12-381-fp",
     "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab", 381, 48},
    {"bls12-381-fr", "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 255, 32},
    {"bn254-fp", "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47", 254, 32},
    {"bn254-fr", "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001", 254, 32},
};

mpz_class pow2(unsigned k) {
  mpz_class x = 1;
  return x << k;
}

// R = 2^(64 * limbs): the Montgomery radix of both the CPU (64-bit) and GPU (32-bit) limbs.
mpz_class radix(const Field& f) { return pow2(static_cast<unsigned>(64 * f.limbs)); }

mpz_class mod(const mpz_class& x, const mpz_class& p) {
  mpz_class r = x % p;
  if (r < 0) r += p;
  return r;
}

// op(x, b) mod p computed by GMP; mul is x * b * R^-1.
mpz_class expectedOp(const Field& f, FieldOp op, const mpz_class& x, const mpz_class& b) {
  const mpz_class p = toMpz(f.modulus);
  switch (op) {
    case FieldOp::kAdd: return mod(x + b, p);
    case FieldOp::kSub: return mod(x - b, p);
    case FieldOp::kDouble: return mod(2 * x, p);
    case FieldOp::kNeg: return mod(-x, p);
    case FieldOp::kMul:
    case FieldOp::kSqr: {
      mpz_class rInv;
      const mpz_class r = radix(f);
      mpz_invert(rInv.get_mpz_t(), r.get_mpz_t(), p.get_mpz_t());
      return mod(x * (op == FieldOp::kSqr ? x : b) * rInv, p);
    }
    case FieldOp::kNtt:
    case FieldOp::kIntt: break;  // not element-wise (test_ntt.cpp)
  }
  return 0;
}

std::vector<mpz_class> edges(const Field& f) {
  const mpz_class p = toMpz(f.modulus);
  return {0, 1, 2, p - 1, p - 2, toMpz(f.r), mod(radix(f), p) - 1, p >> 1, (p >> 1) + 1};
}

TEST(Fields, ConstantsMatchPublishedModuliAndGmp) {
  ASSERT_EQ(allFields().size(), std::size(kPublished));
  for (std::size_t i = 0; i < allFields().size(); ++i) {
    const Field& f = *allFields()[i];
    const Published& want = kPublished[i];
    SCOPED_TRACE(f.name);
    EXPECT_EQ(f.name, want.name);
    const mpz_class p(want.hex, 16);
    EXPECT_EQ(toMpz(f.modulus), p);
    EXPECT_GT(mpz_probab_prime_p(p.get_mpz_t(), 50), 0) << "modulus is not prime";
    EXPECT_EQ(mpz_sizeinbase(p.get_mpz_t(), 2), want.bits);
    EXPECT_EQ(f.bits, want.bits);
    EXPECT_EQ(f.elementBytes(), want.elementBytes);
    EXPECT_LE(want.bits, 64 * f.limbs);
    const mpz_class r = radix(f);
    EXPECT_EQ(toMpz(f.r), mod(r, p)) << "R mod p";
    EXPECT_EQ(toMpz(f.r2), mod(r * r, p)) << "R^2 mod p";
    // -p^-1: p * inv == -1 modulo 2^32 and 2^64.
    EXPECT_EQ(mod(p * f.inv32 + 1, pow2(32)), 0) << "inv32";
    EXPECT_EQ(mod(p * mpz_class(std::to_string(f.inv64)) + 1, pow2(64)), 0) << "inv64";
    // Limbs above the field's are zero in every constant.
    for (std::size_t k = f.limbs; k < f.modulus.size(); ++k) {
      EXPECT_EQ(f.modulus[k] | f.r[k] | f.r2[k], 0u);
    }
  }
}

TEST(Fields, EveryOpMatchesGmpOnEdgesAndRandomInputs) {
  gmp_randclass rng(gmp_randinit_default);
  rng.seed(20261127);
  for (const Field* f : allFields()) {
    const mpz_class p = toMpz(f->modulus);
    std::vector<mpz_class> xs = edges(*f);
    for (int i = 0; i < 60; ++i) xs.push_back(rng.get_z_range(p));
    for (FieldOp op : allOps()) {
      SCOPED_TRACE(std::string(f->name) + " " + std::string(toString(op)));
      int failures = 0;
      for (const auto& x : xs) {
        for (const auto& b : edges(*f)) {
          for (const auto& [u, v] : {std::pair{x, b}, std::pair{b, x}}) {
            const Element got = applyOp(*f, op, toElement(u), toElement(v));
            const mpz_class want = expectedOp(*f, op, u, v);
            if (toMpz(got) != want && failures++ < 3) {
              ADD_FAILURE() << "x = " << u.get_str(16) << ", b = " << v.get_str(16) << ": got " << toMpz(got).get_str(16)
                            << ", want " << want.get_str(16);
            }
            EXPECT_TRUE(isCanonical(*f, got));
          }
        }
        const mpz_class y = rng.get_z_range(p);
        EXPECT_EQ(toMpz(applyOp(*f, op, toElement(x), toElement(y))), expectedOp(*f, op, x, y));
      }
    }
  }
}

TEST(Fields, MontSqrMatchesGmpAndMontMul) {
  // sqr(x) = x^2 R^-1 mod p, from montSqr's own squaring and reduction, on edges and random inputs.
  gmp_randclass rng(gmp_randinit_default);
  rng.seed(20261201);
  for (const Field* f : allFields()) {
    SCOPED_TRACE(f->name);
    const mpz_class p = toMpz(f->modulus);
    std::vector<mpz_class> xs = edges(*f);
    // Limbs all ones below p's top limb: the doubling and diagonal carries at their largest.
    Element ones = f->modulus;
    for (std::size_t k = 0; k + 1 < f->limbs; ++k) ones[k] = ~std::uint64_t{0};
    ones[f->limbs - 1] -= 1;
    xs.push_back(toMpz(ones));
    for (int i = 0; i < 500; ++i) xs.push_back(rng.get_z_range(p));
    mpz_class rInv;
    const mpz_class r = radix(*f);
    mpz_invert(rInv.get_mpz_t(), r.get_mpz_t(), p.get_mpz_t());
    for (const auto& x : xs) {
      const Element got = montSqr(*f, toElement(x));
      ASSERT_EQ(toMpz(got), mod(x * x * rInv, p)) << "x = " << x.get_str(16);
      ASSERT_TRUE(isCanonical(*f, got));
      ASSERT_EQ(got, montMul(*f, toElement(x), toElement(x))) << "x = " << x.get_str(16);
    }
    // In Montgomery form, 1 squared is 1 and (R^2)^2 / R is R^3.
    EXPECT_EQ(montSqr(*f, f->r), f->r);
    EXPECT_EQ(toMpz(montSqr(*f, f->r2)), mod(r * r * r, p));
  }
}

TEST(Fields, MontgomeryFormRoundTrip) {
  // mul(x, R^2) = x R (into Montgomery form), mul(xR, 1) = x (out of it), mul(R, R) = R (1 * 1 = 1).
  gmp_randclass rng(gmp_randinit_default);
  rng.seed(7);
  for (const Field* f : allFields()) {
    SCOPED_TRACE(f->name);
    const mpz_class p = toMpz(f->modulus);
    const Element one = toElement(1);
    EXPECT_EQ(montMul(*f, f->r, f->r), f->r);
    for (int i = 0; i < 20; ++i) {
      const mpz_class x = rng.get_z_range(p);
      const Element xm = montMul(*f, toElement(x), f->r2);
      EXPECT_EQ(toMpz(xm), mod(x * radix(*f), p));
      EXPECT_EQ(toMpz(montMul(*f, xm, one)), x);
    }
  }
}

TEST(Fields, ChainAppliesTheOpKTimes) {
  gmp_randclass rng(gmp_randinit_default);
  rng.seed(11);
  for (const Field* f : allFields()) {
    const mpz_class p = toMpz(f->modulus);
    for (FieldOp op : allOps()) {
      SCOPED_TRACE(std::string(f->name) + " " + std::string(toString(op)));
      for (std::uint32_t k : {0u, 1u, 2u, 7u, 16u}) {
        const mpz_class a = rng.get_z_range(p), b = rng.get_z_range(p);
        mpz_class want = a;
        for (std::uint32_t i = 0; i < k; ++i) want = expectedOp(*f, op, want, b);
        EXPECT_EQ(toMpz(chainOp(*f, op, toElement(a), toElement(b), k)), want) << "k = " << k;
      }
    }
  }
}

TEST(Fields, CanonicalRejectsHighLimbsAndP) {
  for (const Field* f : allFields()) {
    const mpz_class p = toMpz(f->modulus);
    EXPECT_TRUE(isCanonical(*f, toElement(p - 1)));
    EXPECT_FALSE(isCanonical(*f, toElement(p)));
    EXPECT_FALSE(isCanonical(*f, toElement(p + 1)));
    if (f->limbs < 6) {
      EXPECT_FALSE(isCanonical(*f, toElement(pow2(static_cast<unsigned>(64 * f->limbs)))));
    }
  }
}

TEST(Fields, PackedRandomReferenceAndCompare) {
  for (const Field* f : allFields()) {
    SCOPED_TRACE(f->name);
    const auto a = randomWords(*f, 300, 5), b = randomWords(*f, 300, 6);
    ASSERT_EQ(a.size(), 300 * f->limbs);
    for (std::size_t i = 0; i < 300; ++i) EXPECT_TRUE(isCanonical(*f, loadElement(a, i, f->limbs)));
    EXPECT_NE(a, b);
    EXPECT_EQ(randomWords(*f, 300, 5), a) << "same seed, same elements";
    const auto c = referenceOp(*f, FieldOp::kMul, 3, a, b);
    for (std::size_t i = 0; i < 300; i += 37) {
      EXPECT_EQ(loadElement(c, i, f->limbs),
                chainOp(*f, FieldOp::kMul, loadElement(a, i, f->limbs), loadElement(b, i, f->limbs), 3));
    }
    EXPECT_TRUE(compareWords(c, c, f->limbs).ok());
    auto bad = c;
    bad[5 * f->limbs + f->limbs - 1] ^= 1;
    const auto r = compareWords(bad, c, f->limbs);
    EXPECT_EQ(r.mismatches, 1u);
    EXPECT_EQ(r.firstMismatch, 5u);
    EXPECT_EQ(r.checked, 300u);
  }
  // For BLS12-381 Fp the packed generator draws what the Element one does.
  const auto words = randomWords(bls12381Fp(), 50, 9);
  const auto elements = randomElements(50, 9);
  for (std::size_t i = 0; i < 50; ++i) EXPECT_EQ(loadElement(words, i, 6), elements[i]);
}

TEST(Fields, ReferencesSplitAcrossThreadsMatchElementByElement) {
  // Above 16K elements the references run on several threads: every chunk boundary must hold.
  const Field& f = bn254Fr();
  const std::size_t n = 40000;
  const auto a = randomWords(f, n, 1), b = randomWords(f, n, 2);
  const auto c = referenceOp(f, FieldOp::kSub, 2, a, b);
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_EQ(loadElement(c, i, f.limbs),
              chainOp(f, FieldOp::kSub, loadElement(a, i, f.limbs), loadElement(b, i, f.limbs), 2))
        << "element " << i;
  }
  const auto p = referenceIntProbe(a, b);
  for (std::size_t i = 0; i < a.size(); i += 997) {
    EXPECT_EQ(p[i], referenceIntProbe(std::span(a).subspan(i, 1), std::span(b).subspan(i, 1))[0]);
  }
  EXPECT_EQ(p.back(), referenceIntProbe(std::span(a).last(1), std::span(b).last(1))[0]);
}

TEST(Fields, IntProbeReference) {
  // b = 1: x * 1 + (1 ^ salt), kIntProbeRounds times, is x + rounds * (1 ^ salt) mod 2^32 in each half.
  const std::vector<std::uint64_t> a{0x0000000500000007ull}, b{0x0000000100000001ull};
  const std::uint32_t c = 1u ^ kIntProbeSalt;
  const std::uint32_t lo = 7u + kIntProbeRounds * c, hi = 5u + kIntProbeRounds * c;
  EXPECT_EQ(referenceIntProbe(a, b)[0], (std::uint64_t{hi} << 32) | lo);
  // b = 0: x * 0 + salt = salt after the first round.
  EXPECT_EQ(referenceIntProbe(a, std::vector<std::uint64_t>{0})[0], (std::uint64_t{kIntProbeSalt} << 32) | kIntProbeSalt);
  // Wide, b = 0: acc = salt << 32 | x never changes, so each word is x ^ salt.
  EXPECT_EQ(referenceIntProbe(a, std::vector<std::uint64_t>{0}, true)[0],
            (std::uint64_t{5u ^ kIntProbeSalt} << 32) | (7u ^ kIntProbeSalt));
  // Wide, y = 1, x = 1: acc = c << 32 | 1 doubles its low part each round: after 31 rounds
  // lo = 2^31, then lo wraps to 0 with a carry into hi and stays 0; hi = c + 1.
  {
    const std::uint32_t c1 = 1u ^ kIntProbeSalt;
    const std::uint32_t want = 0u ^ (c1 + 1u);
    const auto got = referenceIntProbe(std::vector<std::uint64_t>{1}, std::vector<std::uint64_t>{1}, true)[0];
    EXPECT_EQ(static_cast<std::uint32_t>(got), want);
  }
  EXPECT_EQ(intProbeOpsPerElement(), 12u * kIntProbeRounds);
  // FP64 probe, c = j + 1 for word j of an element: word 0, x = 3, y = +1 (b's bit 0) grows by 1
  // a round; word 1, x = 3, y = -1, c = 2 alternates 3, -1, 3: an even count of rounds leaves 3.
  // 20 bits of a only.
  {
    const std::vector<std::uint64_t> x{0xfff0000300000003ull}, w{0x0000000400000005ull};
    const auto want = (std::uint64_t{3} << 32) | static_cast<std::uint32_t>(3 + kIntProbeRounds);
    EXPECT_EQ(referenceFp64Probe(x, w)[0], want);
    // y = -1: x -> c - x, back to x after an even count (word 0: 7, word 1: 0).
    EXPECT_EQ(referenceFp64Probe(std::vector<std::uint64_t>{7}, std::vector<std::uint64_t>{0x1fe})[0], 7u);
    // Word 2 of an element (the second u64) has c = 3: x = 0, y = +1 grows by 3 a round.
    const std::vector<std::uint64_t> x2{0, 0}, w2{0, 1};
    EXPECT_EQ(referenceFp64Probe(x2, w2)[1], static_cast<std::uint64_t>(3 * kIntProbeRounds));
  }
  // CIOS multiply-adds per mul on n 32-bit limbs: 4n^2 + n (n = 12 and 8); cios32's sqr is
  // mul(a, a), cios64's squares by SOS: 3n^2 + 2n. ps64 on L 30-bit limbs (13 and 9): 4L^2 + L, 3L^2 + 2L.
  for (const char* v : {"cios32", "cios64"}) {
    EXPECT_EQ(fieldOpKernel(bls12381Fp(), FieldOp::kMul, v).multiplyAddsPerOp, 4u * 144u + 12u) << v;
    EXPECT_EQ(fieldOpKernel(bn254Fr(), FieldOp::kMul, v).multiplyAddsPerOp, 4u * 64u + 8u) << v;
  }
  EXPECT_EQ(fieldOpKernel(bls12381Fp(), FieldOp::kSqr, "cios32").multiplyAddsPerOp, 4u * 144u + 12u);
  EXPECT_EQ(fieldOpKernel(bls12381Fp(), FieldOp::kSqr, "cios64").multiplyAddsPerOp, 3u * 144u + 24u);
  EXPECT_EQ(fieldOpKernel(bn254Fp(), FieldOp::kSqr, "cios64").multiplyAddsPerOp, 3u * 64u + 16u);
  EXPECT_EQ(fieldOpKernel(bls12381Fp(), FieldOp::kMul, "ps64").multiplyAddsPerOp, 4u * 169u + 13u);
  EXPECT_EQ(fieldOpKernel(bls12381Fr(), FieldOp::kSqr, "ps64").multiplyAddsPerOp, 3u * 81u + 18u);
  EXPECT_EQ(fieldOpKernel(bls12381Fp(), FieldOp::kAdd).multiplyAddsPerOp, 0u);
  // The FP64 variants' products are fmas, not integer multiply-adds: no M, no int rate.
  EXPECT_EQ(fieldOpKernel(bls12381Fp(), FieldOp::kMul, "fp52").multiplyAddsPerOp, 0u);
  EXPECT_EQ(fieldOpKernel(bn254Fr(), FieldOp::kSqr, "fp52rz").multiplyAddsPerOp, 0u);
  // Their FP64 instructions: L = 8 (BLS12-381 Fp) or 5 limbs, mul 2L^2 products, sqr L(L+1)/2 + L^2;
  // four a product rounding to nearest (fp52), three toward zero (fp52rz).
  EXPECT_EQ(fieldOpKernel(bls12381Fp(), FieldOp::kMul, "fp52").fp64OpsPerOp, 4u * 128u);
  EXPECT_EQ(fieldOpKernel(bls12381Fp(), FieldOp::kSqr, "fp52rz").fp64OpsPerOp, 3u * 100u);
  EXPECT_EQ(fieldOpKernel(bn254Fr(), FieldOp::kMul, "fp52rz").fp64OpsPerOp, 3u * 50u);
  EXPECT_EQ(fieldOpKernel(bls12381Fr(), FieldOp::kSqr, "fp52").fp64OpsPerOp, 4u * 40u);
  // fp51k: 51-bit limbs, L = 8 (h = 4) or 6 (h = 3); mul 3h^2 + L^2 products and 2h differences.
  EXPECT_EQ(fieldOpKernel(bls12381Fp(), FieldOp::kMul, "fp51k").fp64OpsPerOp, 3u * (48u + 64u) + 8u);
  EXPECT_EQ(fieldOpKernel(bn254Fr(), FieldOp::kMul, "fp51k").fp64OpsPerOp, 3u * (27u + 36u) + 6u);
  EXPECT_EQ(fieldOpKernel(bls12381Fp(), FieldOp::kSqr, "fp51k").fp64OpsPerOp, 3u * 100u);
  EXPECT_EQ(fieldOpKernel(bls12381Fr(), FieldOp::kSqr, "fp51k").fp64OpsPerOp, 3u * (21u + 36u));
  EXPECT_EQ(fieldOpKernel(bls12381Fp(), FieldOp::kMul, "ps64").fp64OpsPerOp, 0u);
}

TEST(Fields, NamesAndParsing) {
  EXPECT_EQ(&findField("bn254-fr"), &bn254Fr());
  EXPECT_EQ(allFields().front(), &bls12381Fp());
  EXPECT_EQ(parseOp("double"), FieldOp::kDouble);
  EXPECT_EQ(parseOpList("mul,add,mul"), (std::vector<FieldOp>{FieldOp::kMul, FieldOp::kAdd}));
  EXPECT_EQ(parseOp("sqr"), FieldOp::kSqr);
  EXPECT_EQ(toString(FieldOp::kSqr), "sqr");
  EXPECT_TRUE(isUnary(FieldOp::kSqr));
  EXPECT_EQ(parseOpList("all"), (std::vector<FieldOp>{FieldOp::kAdd, FieldOp::kSub, FieldOp::kDouble, FieldOp::kNeg,
                                                     FieldOp::kMul, FieldOp::kSqr}));
  for (const char* bad : {"", "mult", "add,", "ADD"}) {
    try {
      (void)parseOpList(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage);
      EXPECT_NE(std::string(e.what()).find("expected add, sub, double, neg, mul, sqr, ntt, intt or all"), std::string::npos);
    }
  }
  try {
    (void)findField("bls12-377");
    ADD_FAILURE() << "accepted bls12-377";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    EXPECT_NE(std::string(e.what()).find("bls12-377"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("bn254-fr"), std::string::npos);
  }
  // The kernel catalog: one generic kernel per field x op x variant, sized by the field.
  for (const Field* f : allFields()) {
    for (FieldOp op : allOps()) {
      const auto kernels = fieldOpKernels(*f, op);
      ASSERT_EQ(kernels.size(), variantsOf(op).size());
      EXPECT_EQ(&fieldOpKernel(*f, op), kernels.front());
      for (std::size_t i = 0; i < kernels.size(); ++i) {
        const Kernel& k = *kernels[i];
        SCOPED_TRACE(std::string(k.name) + " " + std::string(k.variant));
        EXPECT_EQ(k.variant, variantsOf(op)[i].name);
        EXPECT_EQ(k.needsInt64, variantsOf(op)[i].needsInt64);
        EXPECT_EQ(&fieldOpKernel(*f, op, k.variant), &k);
        EXPECT_EQ(k.field, f);
        EXPECT_EQ(k.op, op);
        EXPECT_TRUE(k.chained);
        EXPECT_EQ(k.elementBytes, f->elementBytes());
        EXPECT_EQ(k.bytesPerElement, (isUnary(op) ? 2 : 3) * f->elementBytes());
        EXPECT_EQ(k.name, std::string(f->name) + "." + std::string(toString(op)));
        ASSERT_FALSE(k.spirv.empty());
        EXPECT_EQ(k.spirv[0], 0x07230203u);  // SPIR-V magic
      }
    }
  }
}

TEST(Variants, NamesAndOptionValues) {
  // Catalog order; more mul/sqr variants may follow.
  const auto names = variantNames();
  ASSERT_GE(names.size(), 3u);
  EXPECT_EQ(std::vector<std::string_view>(names.begin(), names.begin() + 3),
            (std::vector<std::string_view>{"u32", "cios32", "cios64"}));
  EXPECT_EQ(std::set<std::string_view>(names.begin(), names.end()).size(), names.size()) << "each once";
  EXPECT_EQ(variantsOf(FieldOp::kAdd).size(), 1u);
  EXPECT_EQ(variantsOf(FieldOp::kMul).data(), variantsOf(FieldOp::kSqr).data()) << "mul and sqr share their variants";
  const std::vector<FieldOp> mul{FieldOp::kMul}, add{FieldOp::kAdd}, both{FieldOp::kAdd, FieldOp::kSqr};
  for (const char* ok : {"best", "all"}) EXPECT_NO_THROW(checkVariantOption(ok, add));
  EXPECT_NO_THROW(checkVariantOption("cios64", mul));
  EXPECT_NO_THROW(checkVariantOption("cios64", both));  // add runs its only variant
  EXPECT_NO_THROW(checkVariantOption("u32", both));     // sqr runs its first
  for (const auto& [bad, ops] : {std::pair{"cios64", add}, std::pair{"u32", mul}, std::pair{"", mul},
                                 std::pair{"CIOS32", mul}}) {
    try {
      checkVariantOption(bad, ops);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage);
      const std::string what = e.what();
      EXPECT_NE(what.find(fmt::format("'{}'", bad)), std::string::npos) << what;
      EXPECT_NE(what.find("best, all"), std::string::npos) << what;
    }
  }
  try {
    (void)fieldOpKernel(bn254Fp(), FieldOp::kMul, "u32");
    ADD_FAILURE() << "mul has no u32";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cios32, cios64"), std::string::npos) << e.what();
  }
}

TEST(Variants, Int64VariantsNeedShaderInt64) {
  // A device without shaderInt64 is told why it cannot run cios64 (or ps64), and can run the others.
  EXPECT_TRUE(fieldOpKernel(bn254Fr(), FieldOp::kMul, "cios64").needsInt64);
  EXPECT_TRUE(fieldOpKernel(bn254Fr(), FieldOp::kSqr, "ps64").needsInt64);
  EXPECT_FALSE(fieldOpKernel(bn254Fr(), FieldOp::kMul, "cios32").needsInt64);
  for (const Field* f : allFields()) {
    for (FieldOp op : allOps()) {
      for (const Kernel* k : fieldOpKernels(*f, op)) {
        EXPECT_EQ(k->unsupportedReason({.int64 = true, .float64 = true, .fma = {.fused = true, .roundsToNearest = true},
                                        .roundingRtz64 = true},
                                       "dev"), "");
        const auto why = k->unsupportedReason({.int64 = false, .float64 = true}, "Some GPU");
        if (k->needsInt64) {
          EXPECT_NE(why.find("shaderInt64"), std::string::npos) << why;
          EXPECT_NE(why.find("Some GPU"), std::string::npos) << why;
          EXPECT_NE(why.find(std::string(k->variant)), std::string::npos) << why;
        } else {
          EXPECT_EQ(why, "") << k->variant;
        }
      }
    }
  }
}

TEST(Variants, Fp52NeedsDoublesAndAnExactFma) {
  // fp52 and fp52rz need shaderFloat64 and a fused fma (probed); fp52rz also rounding toward zero.
  const Kernel& rn = fieldOpKernel(bls12381Fr(), FieldOp::kMul, "fp52");
  const Kernel& rz = fieldOpKernel(bls12381Fr(), FieldOp::kSqr, "fp52rz");
  EXPECT_TRUE(rn.needsFloat64 && rn.needsExactFma && !rn.needsRtz64);
  EXPECT_TRUE(rz.needsFloat64 && rz.needsRtz64);
  const Kernel& k = fieldOpKernel(bls12381Fp(), FieldOp::kMul, "fp51k");
  EXPECT_TRUE(k.needsFloat64 && k.needsInt64 && k.needsRtz64 && !k.needsExactFma);
  const ShaderFeatures all{.int64 = true, .float64 = true, .fma = {.fused = true, .roundsToNearest = true},
                           .roundingRtz64 = true};
  EXPECT_EQ(rn.unsupportedReason(all, "dev"), "");
  EXPECT_EQ(rz.unsupportedReason(all, "dev"), "");
  ShaderFeatures noDoubles = all;
  noDoubles.float64 = false;
  EXPECT_NE(rn.unsupportedReason(noDoubles, "GPU X").find("needs shaderFloat64, which GPU X"), std::string::npos);
  ShaderFeatures unfused = all;
  unfused.fma.fused = false;
  EXPECT_NE(rn.unsupportedReason(unfused, "GPU X").find("fused fma"), std::string::npos);
  EXPECT_NE(rz.unsupportedReason(unfused, "GPU X").find("fused fma"), std::string::npos);
  ShaderFeatures upward = all;
  upward.fma.roundsToNearest = false;
  EXPECT_NE(rn.unsupportedReason(upward, "GPU X").find("rounded to nearest"), std::string::npos);
  EXPECT_EQ(rz.unsupportedReason(upward, "GPU X"), "");  // it sets its own rounding mode
  ShaderFeatures noRtz = all;
  noRtz.roundingRtz64 = false;
  EXPECT_EQ(rn.unsupportedReason(noRtz, "GPU X"), "");
  EXPECT_NE(rz.unsupportedReason(noRtz, "GPU X").find("shaderRoundingModeRTZFloat64"), std::string::npos);
  // The other variants need none of it.
  EXPECT_EQ(fieldOpKernel(bls12381Fr(), FieldOp::kMul, "ps64").unsupportedReason(unfused, "GPU X"), "");
}

TEST(Variants, ChooseFastest) {
  using T = VariantTiming;
  // The least median wins.
  EXPECT_EQ(chooseFastest(std::vector<T>{{"a", "", true, 30}, {"b", "", true, 20}, {"c", "", true, 25}}, "k"), 1u);
  // Ties: the first in catalog order.
  EXPECT_EQ(chooseFastest(std::vector<T>{{"a", "", true, 20}, {"b", "", true, 20}}, "k"), 0u);
  EXPECT_EQ(chooseFastest(std::vector<T>{{"a", "", true, 21}, {"b", "", true, 20}, {"c", "", true, 20}}, "k"), 1u);
  // Unsupported and unverified variants are never chosen, however fast they look.
  EXPECT_EQ(chooseFastest(std::vector<T>{{"a", "", true, 50}, {"b", "no int64", false, 0}, {"c", "", false, 1}}, "k"),
            0u);
  EXPECT_EQ(chooseFastest(std::vector<T>{{"a", "no int64", true, 1}, {"b", "", true, 9}}, "k"), 1u);
  // None verified: a mismatch, naming the kernel and the failures.
  try {
    (void)chooseFastest(std::vector<T>{{"a", "", false, 1}, {"b", "no int64", false, 0}, {"c", "", false, 2}},
                        "bn254-fp.mul");
    ADD_FAILURE() << "chose an unverified variant";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kMismatch);
    EXPECT_NE(std::string(e.what()).find("bn254-fp.mul"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("a, c"), std::string::npos) << e.what();
  }
  // None supported (or none at all): a usage error.
  for (const auto& none : {std::vector<T>{{"a", "no int64", true, 1}}, std::vector<T>{}}) {
    try {
      (void)chooseFastest(none, "k");
      ADD_FAILURE() << "chose from nothing";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage);
    }
  }
}

}  // namespace
}  // namespace fieldbench
