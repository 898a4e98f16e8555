// Statistics against small tables, and the timestamp-tick conversion.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "fieldbench/stats.hpp"
#include "fieldbench/timer.hpp"

namespace fieldbench {
namespace {

using Samples = std::vector<double>;

TEST(Stats, Mean) {
  EXPECT_DOUBLE_EQ(mean(Samples{1, 2, 3, 4}), 2.5);
  EXPECT_DOUBLE_EQ(mean(Samples{7}), 7.0);
  EXPECT_DOUBLE_EQ(mean(Samples{-3, 3}), 0.0);
  EXPECT_DOUBLE_EQ(mean(Samples{10, 20, 60}), 30.0);
}

TEST(Stats, MedianOddAndEven) {
  EXPECT_DOUBLE_EQ(median(Samples{1, 2, 3, 4}), 2.5);
  EXPECT_DOUBLE_EQ(median(Samples{1, 2, 3}), 2.0);
  EXPECT_DOUBLE_EQ(median(Samples{5}), 5.0);
  EXPECT_DOUBLE_EQ(median(Samples{1, 100}), 50.5);
}

TEST(Stats, MedianIgnoresInputOrder) {
  EXPECT_DOUBLE_EQ(median(Samples{4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(median(Samples{9, 1, 5}), 5.0);
  EXPECT_DOUBLE_EQ(median(Samples{3, 3, 1, 100, 2}), 3.0);
}

TEST(Stats, MedianDoesNotModifyInput) {
  const Samples xs{3, 1, 2};
  (void)median(xs);
  EXPECT_EQ(xs, (Samples{3, 1, 2}));
}

TEST(Stats, SampleStddevUsesNMinusOne) {
  // {2, 4, 4, 4, 5, 5, 7, 9}: sum of squared deviations 32, n - 1 = 7.
  EXPECT_DOUBLE_EQ(stddev(Samples{2, 4, 4, 4, 5, 5, 7, 9}), std::sqrt(32.0 / 7.0));
  // {1, 2, 3, 4}: squared deviations 5, n - 1 = 3.
  EXPECT_DOUBLE_EQ(stddev(Samples{1, 2, 3, 4}), std::sqrt(5.0 / 3.0));
  EXPECT_DOUBLE_EQ(stddev(Samples{1, 3}), std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(stddev(Samples{5, 5, 5}), 0.0);
}

TEST(Stats, StddevOfOneSampleIsZero) { EXPECT_DOUBLE_EQ(stddev(Samples{42}), 0.0); }

TEST(Stats, CoefficientOfVariation) {
  EXPECT_DOUBLE_EQ(cv(Samples{1, 2, 3, 4}), std::sqrt(5.0 / 3.0) / 2.5);
  EXPECT_DOUBLE_EQ(cv(Samples{10, 10, 10}), 0.0);
  EXPECT_DOUBLE_EQ(cv(Samples{90, 110}), std::sqrt(200.0) / 100.0);
}

TEST(Stats, MinimumAndMaximum) {
  EXPECT_DOUBLE_EQ(minimum(Samples{3, 1, 2}), 1.0);
  EXPECT_DOUBLE_EQ(maximum(Samples{3, 1, 2}), 3.0);
  EXPECT_DOUBLE_EQ(minimum(Samples{-1.5, 0, 7}), -1.5);
  EXPECT_DOUBLE_EQ(maximum(Samples{-1.5, 0, 7}), 7.0);
  EXPECT_DOUBLE_EQ(minimum(Samples{4}), 4.0);
  EXPECT_DOUBLE_EQ(maximum(Samples{4}), 4.0);
}

TEST(Stats, PercentileInterpolatesBetweenClosestRanks) {
  const Samples xs{1, 2, 3, 4, 5};
  EXPECT_DOUBLE_EQ(percentile(xs, 0.95), 4.8);  // rank 3.8
  EXPECT_DOUBLE_EQ(percentile(xs, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(percentile(xs, 0.25), 2.0);
  EXPECT_DOUBLE_EQ(percentile(xs, 0.1), 1.4);   // rank 0.4
  EXPECT_DOUBLE_EQ(percentile(xs, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(percentile(xs, 1.0), 5.0);
  EXPECT_DOUBLE_EQ(percentile(Samples{10, 20}, 0.5), 15.0);
  EXPECT_DOUBLE_EQ(percentile(Samples{10, 20}, 0.9), 19.0);
}

TEST(Stats, PercentileEndsAreMinAndMax) {
  const Samples xs{8, 3, 11, 5, 2, 9};
  EXPECT_DOUBLE_EQ(percentile(xs, 0.0), minimum(xs));
  EXPECT_DOUBLE_EQ(percentile(xs, 1.0), maximum(xs));
  EXPECT_DOUBLE_EQ(percentile(xs, 0.5), median(xs));
}

TEST(Stats, PercentileOfUnsortedInput) {
  EXPECT_DOUBLE_EQ(percentile(Samples{5, 1, 4, 2, 3}, 0.95), 4.8);
  EXPECT_DOUBLE_EQ(percentile(Samples{5, 1, 4, 2, 3}, 0.75), 4.0);
}

TEST(Stats, PercentileOfOneSample) {
  EXPECT_DOUBLE_EQ(percentile(Samples{6}, 0.0), 6.0);
  EXPECT_DOUBLE_EQ(percentile(Samples{6}, 0.95), 6.0);
  EXPECT_DOUBLE_EQ(percentile(Samples{6}, 1.0), 6.0);
}

TEST(Stats, EmptyInputGivesNaN) {
  const Samples empty;
  EXPECT_TRUE(std::isnan(mean(empty)));
  EXPECT_TRUE(std::isnan(median(empty)));
  EXPECT_TRUE(std::isnan(minimum(empty)));
  EXPECT_TRUE(std::isnan(maximum(empty)));
  EXPECT_TRUE(std::isnan(percentile(empty, 0.5)));
}

TEST(Stats, SummarizeFillsEveryField) {
  const Samples xs{50, 10, 40, 20, 30};
  const Summary s = summarize(xs);
  EXPECT_EQ(s.count, 5u);
  EXPECT_DOUBLE_EQ(s.min, 10.0);
  EXPECT_DOUBLE_EQ(s.max, 50.0);
  EXPECT_DOUBLE_EQ(s.mean, 30.0);
  EXPECT_DOUBLE_EQ(s.median, 30.0);
  EXPECT_DOUBLE_EQ(s.stddev, std::sqrt(1000.0 / 4.0));
  EXPECT_DOUBLE_EQ(s.cv, std::sqrt(250.0) / 30.0);
  EXPECT_DOUBLE_EQ(s.p95, 48.0);  // rank 3.8 between 40 and 50
}

TEST(Stats, SummarizeAgreesWithFreeFunctions) {
  const Samples xs{1.25, 9.5, 3.0, 3.0, 7.75, 2.5, 6.0};
  const Summary s = summarize(xs);
  EXPECT_EQ(s.count, xs.size());
  EXPECT_DOUBLE_EQ(s.min, minimum(xs));
  EXPECT_DOUBLE_EQ(s.max, maximum(xs));
  EXPECT_DOUBLE_EQ(s.mean, mean(xs));
  EXPECT_DOUBLE_EQ(s.median, median(xs));
  EXPECT_DOUBLE_EQ(s.stddev, stddev(xs));
  EXPECT_DOUBLE_EQ(s.cv, cv(xs));
  EXPECT_DOUBLE_EQ(s.p95, percentile(xs, 0.95));
}

TEST(Stats, SummarizeOneSample) {
  const Summary s = summarize(Samples{100});
  EXPECT_EQ(s.count, 1u);
  EXPECT_DOUBLE_EQ(s.min, 100.0);
  EXPECT_DOUBLE_EQ(s.max, 100.0);
  EXPECT_DOUBLE_EQ(s.mean, 100.0);
  EXPECT_DOUBLE_EQ(s.median, 100.0);
  EXPECT_DOUBLE_EQ(s.stddev, 0.0);
  EXPECT_DOUBLE_EQ(s.cv, 0.0);
  EXPECT_DOUBLE_EQ(s.p95, 100.0);
}

TEST(Stats, SummarizeEmpty) {
  const Summary s = summarize(Samples{});
  EXPECT_EQ(s.count, 0u);
  EXPECT_TRUE(std::isnan(s.mean));
  EXPECT_TRUE(std::isnan(s.median));
}

TEST(TicksToNs, ScalesByPeriod) {
  EXPECT_DOUBLE_EQ(ticksToNs(100, 300, 64, 1.0), 200.0);
  EXPECT_DOUBLE_EQ(ticksToNs(100, 300, 64, 2.5), 500.0);
  EXPECT_DOUBLE_EQ(ticksToNs(0, 0, 64, 1.0), 0.0);
}

TEST(TicksToNs, WrapsAroundWithinValidBits) {
  // 36 valid bits: the counter wraps from 2^36 - 1 to 0.
  const std::uint64_t top = (std::uint64_t{1} << 36) - 10;
  EXPECT_DOUBLE_EQ(ticksToNs(top, 5, 36, 1.0), 15.0);
  EXPECT_DOUBLE_EQ(ticksToNs(top, 5, 36, 4.0), 60.0);
  // Bits above the valid ones are ignored.
  const std::uint64_t junk = std::uint64_t{0xabc} << 40;
  EXPECT_DOUBLE_EQ(ticksToNs(junk | 100, 150, 36, 1.0), 50.0);
}

TEST(TicksToNs, FullSixtyFourBitWrap) {
  EXPECT_DOUBLE_EQ(ticksToNs(~std::uint64_t{0} - 1, 3, 64, 1.0), 5.0);
}

// --runs: the statistics of run medians.
TEST(Stats, RunMedians) {
  const std::vector<std::vector<double>> runs = {{3, 1, 2}, {10, 20}, {}, {7}};
  EXPECT_EQ(runMedians(runs), (std::vector<double>{2, 15, 7}));  // the empty run gives none
  EXPECT_TRUE(runMedians(std::vector<std::vector<double>>{}).empty());
}

TEST(Stats, RelativeSpreadOfRunMedians) {
  const struct {
    std::vector<double> medians;
    double spread;
  } table[] = {
      {{100, 125, 110}, 0.25},  // the slowest run 25% above the fastest
      {{80, 80, 80}, 0},
      {{50}, 0},  // one run: no spread to see
      {{}, 0},
      {{200, 100}, 1},
  };
  for (const auto& row : table) EXPECT_DOUBLE_EQ(relativeSpread(row.medians), row.spread);
  EXPECT_TRUE(std::isnan(relativeSpread(std::vector<double>{0, 5})));
}

TEST(Stats, MeanWithinRunCv) {
  // cv{1, 3} = sqrt(2) / 2; cv{10, 10} = 0; a run of one sample has none.
  const std::vector<std::vector<double>> runs = {{1, 3}, {10, 10}, {4}};
  EXPECT_DOUBLE_EQ(meanWithinRunCv(runs), std::sqrt(2.0) / 4);
  EXPECT_TRUE(std::isnan(meanWithinRunCv(std::vector<std::vector<double>>{{4}})));
}

}  // namespace
}  // namespace fieldbench
