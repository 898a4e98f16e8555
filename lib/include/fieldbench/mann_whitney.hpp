#pragma once
// The Mann-Whitney U test (two-sided) over two independent samples, as compare uses it.
#include <cstddef>
#include <span>

namespace fieldbench {

struct MannWhitney {
  double u = 0;       // U of the first sample: pairs (x, y) with x > y, ties counted 1/2
  double pValue = 1;  // two-sided
  bool exact = false; // true: exact distribution (no ties, both samples at most kMannWhitneyExactMax)
};

// Largest sample size for which the exact distribution of U is used (when there are no ties).
inline constexpr std::size_t kMannWhitneyExactMax = 30;

// Exact when there are no ties and both samples have at most kMannWhitneyExactMax values;
// otherwise the normal approximation with tie correction and continuity correction (as
// scipy.stats.mannwhitneyu's asymptotic method). Empty samples give p = 1.
MannWhitney mannWhitneyU(std::span<const double> x, std::span<const double> y);

// The smallest two-sided p-value samples of these sizes can reach (no ties): 2 / C(n1 + n2, n1),
// at most 1. A test whose floor is above alpha can never call a change significant.
double mannWhitneyMinPValue(std::size_t n1, std::size_t n2);

}  // namespace fieldbench
