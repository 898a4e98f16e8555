#include "fieldbench/mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace fieldbench {
namespace {

// P(U <= u) under the null hypothesis for sizes m, n without ties: counts of rank
// arrangements by U, from the recurrence c(m, n, u) = c(m - 1, n, u - n) + c(m, n - 1, u).
double exactCdf(std::size_t m, std::size_t n, double u) {
  const std::size_t maxU = m * n;
  // counts[j][k]: arrangements of i first-sample and j second-sample values with U = k, for the current i.
  std::vector<std::vector<double>> prev(n + 1, std::vector<double>(maxU + 1, 0)), cur = prev;
  for (std::size_t j = 0; j <= n; ++j) prev[j][0] = 1;  // i = 0: U is 0
  for (std::size_t i = 1; i <= m; ++i) {
    for (auto& row : cur) std::fill(row.begin(), row.end(), 0);
    cur[0][0] = 1;  // j = 0: U is 0
    for (std::size_t j = 1; j <= n; ++j) {
      for (std::size_t k = 0; k <= i * j; ++k) {
        // The largest value is from the first sample (it beats all j): U drops by j; else from the second.
        cur[j][k] = (k >= j ? prev[j][k - j] : 0) + cur[j - 1][k];
      }
    }
    std::swap(prev, cur);
  }
  const auto& counts = prev[n];
  double total = 0, below = 0;
  for (std::size_t k = 0; k <= maxU; ++k) {
    total += counts[k];
    if (static_cast<double>(k) <= u + 1e-9) below += counts[k];
  }
  return below / total;
}

double normalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

}  // namespace

MannWhitney mannWhitneyU(std::span<const double> x, std::span<const double> y) {
  MannWhitney r;
  const std::size_t m = x.size(), n = y.size();
  if (m == 0 || n == 0) return r;
  for (const double a : x) {
    for (const double b : y) r.u += a > b ? 1.0 : (a == b ? 0.5 : 0.0);
  }

  // Ranks of the pooled values, for the tie correction.
  std::vector<double> pooled(x.begin(), x.end());
  pooled.insert(pooled.end(), y.begin(), y.end());
  std::ranges::sort(pooled);
  double tieTerm = 0;  // sum of t^3 - t over groups of t equal values
  for (std::size_t i = 0; i < pooled.size();) {
    std::size_t j = i;
    while (j < pooled.size() && pooled[j] == pooled[i]) ++j;
    const double t = static_cast<double>(j - i);
    tieTerm += t * t * t - t;
    i = j;
  }

  const double md = static_cast<double>(m), nd = static_cast<double>(n);
  if (tieTerm == 0 && m <= kMannWhitneyExactMax && n <= kMannWhitneyExactMax) {
    r.exact = true;
    // The distribution is symmetric about mn/2: the two tails are P(U <= min(u, mn - u)).
    const double lower = std::min(r.u, md * nd - r.u);
    r.pValue = std::min(1.0, 2 * exactCdf(m, n, lower));
    return r;
  }
  const double mu = md * nd / 2;
  const double total = md + nd;
  const double variance = md * nd / 12 * ((total + 1) - tieTerm / (total * (total - 1)));
  if (variance <= 0) return r;  // every value equal: no evidence of a difference
  const double z = (std::abs(r.u - mu) - 0.5) / std::sqrt(variance);
  r.pValue = std::min(1.0, 2 * (1 - normalCdf(std::max(z, 0.0))));
  return r;
}

double mannWhitneyMinPValue(std::size_t n1, std::size_t n2) {
  // C(n1 + n2, n1) as a double; the product stays exact long enough for the sizes in use.
  double c = 1;
  for (std::size_t i = 1; i <= n1; ++i) c = c * static_cast<double>(n2 + i) / static_cast<double>(i);
  return std::min(1.0, 2 / c);
}

}  // namespace fieldbench
