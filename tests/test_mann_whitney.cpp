// The Mann-Whitney U test on small tables whose p-values are worked out by hand in the comments.
#include <gtest/gtest.h>

#include <vector>

#include "fieldbench/mann_whitney.hpp"

namespace fieldbench {
namespace {

TEST(MannWhitney, SeparatedSamplesExact) {
  // U = 0 has one arrangement of C(6, 3) = 20: P(U <= 0) = 1/20, two-sided 0.1.
  const std::vector<double> x{1, 2, 3}, y{4, 5, 6};
  auto r = mannWhitneyU(x, y);
  EXPECT_TRUE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 0);
  EXPECT_NEAR(r.pValue, 0.1, 1e-12);
  // The other way round U = mn = 9, the same p.
  r = mannWhitneyU(y, x);
  EXPECT_DOUBLE_EQ(r.u, 9);
  EXPECT_NEAR(r.pValue, 0.1, 1e-12);

  // 4 against 4: 2 / C(8, 4) = 2/70; 5 against 5: 2/252; 10 against 10: 2 / 184756.
  EXPECT_NEAR(mannWhitneyU(std::vector<double>{1, 2, 3, 4}, std::vector<double>{5, 6, 7, 8}).pValue, 2.0 / 70, 1e-12);
  EXPECT_NEAR(mannWhitneyU(std::vector<double>{10, 20, 30, 40, 50}, std::vector<double>{1, 2, 3, 4, 5}).pValue,
              2.0 / 252, 1e-12);
  std::vector<double> a, b;
  for (int i = 0; i < 10; ++i) a.push_back(100 + i), b.push_back(150 + i);
  EXPECT_NEAR(mannWhitneyU(a, b).pValue, 2.0 / 184756, 1e-15);
}

TEST(MannWhitney, OverlappingSamplesExact) {
  // x = {1, 3, 5}, y = {2, 4, 6}: U = 3 (3 > 2, 5 > 2, 5 > 4). The counts of U = 0..9 for
  // 3 against 3 are 1 1 2 3 3 3 3 2 1 1 (of 20): P(U <= 3) = 7/20, two-sided 0.7.
  const auto r = mannWhitneyU(std::vector<double>{1, 3, 5}, std::vector<double>{2, 4, 6});
  EXPECT_TRUE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 3);
  EXPECT_NEAR(r.pValue, 0.7, 1e-12);
  // Interleaved perfectly: U = mn/2, p = 1.
  EXPECT_NEAR(mannWhitneyU(std::vector<double>{1, 4}, std::vector<double>{2, 3}).pValue, 1.0, 1e-12);
}

TEST(MannWhitney, TiesUseTheNormalApproximation) {
  // x = {1, 2, 2, 3}, y = {2, 3, 3, 4}: U = 0 + 0.5 + 0.5 + 2 = 3, mean mn/2 = 8. Ties: three 2s
  // and three 3s, sum of t^3 - t = 48; variance = 16/12 * (9 - 48 / (8 * 7)) = 10.857142857.
  // z = (|3 - 8| - 0.5) / sqrt(10.857142857) = 1.3656982; two-sided p = erfc(z / sqrt 2) = 0.1720337.
  const auto r = mannWhitneyU(std::vector<double>{1, 2, 2, 3}, std::vector<double>{2, 3, 3, 4});
  EXPECT_FALSE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 3);
  EXPECT_NEAR(r.pValue, 0.1720337, 1e-6);
  // All equal: no evidence at all.
  EXPECT_DOUBLE_EQ(mannWhitneyU(std::vector<double>{5, 5, 5}, std::vector<double>{5, 5}).pValue, 1);
}

TEST(MannWhitney, LargeSamplesUseTheNormalApproximation) {
  // 40 against 40 separated: U = 0, mean 800, variance 40*40*81/12 = 10800, z = 799.5 / 103.923 = 7.69;
  // p = erfc(7.69 / sqrt 2), about 1.4e-14.
  std::vector<double> a, b;
  for (int i = 0; i < 40; ++i) a.push_back(i), b.push_back(1000 + i);
  const auto r = mannWhitneyU(a, b);
  EXPECT_FALSE(r.exact);
  EXPECT_LT(r.pValue, 1e-13);
  EXPECT_GT(r.pValue, 1e-15);
}

TEST(MannWhitney, EmptyAndFloor) {
  EXPECT_DOUBLE_EQ(mannWhitneyU(std::vector<double>{}, std::vector<double>{1, 2}).pValue, 1);
  EXPECT_NEAR(mannWhitneyMinPValue(3, 3), 0.1, 1e-12);
  EXPECT_NEAR(mannWhitneyMinPValue(4, 4), 2.0 / 70, 1e-12);
  EXPECT_NEAR(mannWhitneyMinPValue(10, 10), 2.0 / 184756, 1e-15);
  EXPECT_DOUBLE_EQ(mannWhitneyMinPValue(1, 1), 1);  // 2 / C(2, 1) = 1
}

}  // namespace
}  // namespace fieldbench
