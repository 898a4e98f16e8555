// Seeded inputs, the whole-buffer reference, comparison, hex, and element files.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "fieldbench/error.hpp"
#include "fieldbench/files.hpp"
#include "fieldbench/verify.hpp"
#include "gmp_oracle.hpp"

namespace fieldbench {
namespace {

TEST(RandomElements, CanonicalAndDeterministic) {
  const auto a = randomElements(5000, 1);
  const auto again = randomElements(5000, 1);
  const auto other = randomElements(5000, 2);
  ASSERT_EQ(a.size(), 5000u);
  EXPECT_EQ(a, again);
  EXPECT_NE(a, other);
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_TRUE(isCanonical(bls12381Fp(), a[i])) << i;
  // Not degenerate: (almost) all distinct, top limb used.
  const std::set<Element> distinct(a.begin(), a.end());
  EXPECT_EQ(distinct.size(), a.size());
  std::uint64_t topOr = 0;
  for (const auto& x : a) topOr |= x[5];
  EXPECT_NE(topOr, 0u);
}

TEST(RandomElements, PrefixIsStable) {
  // A larger count with the same seed starts with the same elements.
  const auto small = randomElements(10, 77);
  const auto large = randomElements(1000, 77);
  EXPECT_TRUE(std::equal(small.begin(), small.end(), large.begin()));
  EXPECT_TRUE(randomElements(0, 1).empty());
}

TEST(ReferenceAdd, MatchesGmpElementwise) {
  // field_add's reference is the generic one: referenceOp over packed BLS12-381 Fp words.
  const mpz_class p = oracle::modulusFromHex();
  const auto a = randomWords(bls12381Fp(), 2000, 3);
  const auto b = randomWords(bls12381Fp(), 2000, 4);
  const auto c = referenceOp(bls12381Fp(), FieldOp::kAdd, 1, a, b);
  ASSERT_EQ(c.size(), a.size());
  for (std::size_t i = 0; i < 2000; ++i) {
    const mpz_class expected = (oracle::toMpz(loadElement(a, i, 6)) + oracle::toMpz(loadElement(b, i, 6))) % p;
    ASSERT_EQ(oracle::toMpz(loadElement(c, i, 6)), expected) << "index " << i;
  }
}

TEST(CompareResults, EqualBuffers) {
  const auto a = randomElements(100, 5);
  const VerifyResult r = compareResults(a, a);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.checked, 100u);
  EXPECT_EQ(r.mismatches, 0u);
}

TEST(CompareResults, CountsMismatchesAndNamesTheFirst) {
  const auto expected = randomElements(1024, 6);
  auto got = expected;
  got[17][2] ^= 1;
  got[500][0] ^= 0x80;
  got[1023][5] += 1;
  const VerifyResult r = compareResults(got, expected);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.checked, 1024u);
  EXPECT_EQ(r.mismatches, 3u);
  EXPECT_EQ(r.firstMismatch, 17u);
  EXPECT_NE(r.detail.find("17"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find(toHex(got[17])), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find(toHex(expected[17])), std::string::npos) << r.detail;
}

TEST(CompareResults, SizeDifferenceIsAMismatch) {
  const auto expected = randomElements(10, 8);
  const std::vector<Element> got(expected.begin(), expected.begin() + 9);
  EXPECT_FALSE(compareResults(got, expected).ok());
}

TEST(ToHex, BigEndianWithAllDigits) {
  EXPECT_EQ(toHex(bls12381Fp().modulus),
            "0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab");
  EXPECT_EQ(toHex(Element{1, 0, 0, 0, 0, 0}), "0x" + std::string(95, '0') + "1");
}

class ElementFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fieldbench_test_verify_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string writeRaw(const std::string& name, const void* data, std::size_t size) {
    const auto path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
  }

  // Expects readElementFile(path) to throw a usage error whose message contains each of `parts`.
  static void expectUsageError(const std::string& path, const std::vector<std::string>& parts) {
    try {
      (void)readElementFile(path);
      ADD_FAILURE() << "no error for " << path;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage);
      for (const auto& part : parts) EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
  }

  std::filesystem::path dir_;
};

TEST_F(ElementFileTest, ReadsWhatWasWritten) {
  const auto xs = randomElements(33, 9);
  const auto path = writeRaw("a.bin", xs.data(), xs.size() * sizeof(Element));
  EXPECT_EQ(readElementFile(path), xs);
}

TEST_F(ElementFileTest, RejectsNonCanonicalElementNamingFileAndIndex) {
  auto xs = randomElements(8, 10);
  xs[3] = bls12381Fp().modulus;
  const auto path = writeRaw("bad.bin", xs.data(), xs.size() * sizeof(Element));
  expectUsageError(path, {path, "3"});
}

TEST_F(ElementFileTest, RejectsSizeNotMultipleOf48) {
  const auto xs = randomElements(2, 11);
  const auto path = writeRaw("short.bin", xs.data(), 95);
  expectUsageError(path, {path});
}

TEST_F(ElementFileTest, RejectsEmptyAndMissingFiles) {
  expectUsageError(writeRaw("empty.bin", "", 0), {"empty.bin"});
  expectUsageError((dir_ / "missing.bin").string(), {"missing.bin"});
}

TEST_F(ElementFileTest, WriteFileAtomicallyReplacesWholeFile) {
  const auto path = (dir_ / "out.txt").string();
  writeFileAtomically(path, std::string("first version, longer"));
  writeFileAtomically(path, std::string("second"));
  std::ifstream in(path, std::ios::binary);
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "second");
  // Nothing else left beside it.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1u);
}

TEST_F(ElementFileTest, WriteFileAtomicallyFailsWithRuntimeError) {
  const auto path = (dir_ / "no_such_dir" / "out.bin").string();
  try {
    writeFileAtomically(path, std::string("x"));
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kRuntime);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(CompareXor, FindsEveryElementThatIsNotAXorB) {
  const auto a = randomElements(100, 1), b = randomElements(100, 2);
  std::vector<Element> got(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t k = 0; k < 6; ++k) got[i][k] = a[i][k] ^ b[i][k];
  }
  EXPECT_TRUE(compareXor(got, a, b).ok());
  EXPECT_EQ(compareXor(got, a, b).checked, 100u);
  got[40][3] ^= 1;
  got[70] = a[70];
  const VerifyResult r = compareXor(got, a, b);
  EXPECT_EQ(r.mismatches, 2u);
  EXPECT_EQ(r.firstMismatch, 40u);
  EXPECT_NE(r.detail.find("index 40"), std::string::npos) << r.detail;
}

}  // namespace
}  // namespace fieldbench
