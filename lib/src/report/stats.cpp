#include "fieldbench/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace fieldbench {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> sorted(std::span<const double> xs) {
  std::vector<double> v(xs.begin(), xs.end());
  std::sort(v.begin(), v.end());
  return v;
}
}  // namespace

double mean(std::span<const double> xs) {
  if (xs.empty()) return kNaN;
  return std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
}

double median(std::span<const double> xs) { return percentile(xs, 0.5); }

double stddev(std::span<const double> xs) {
  if (xs.empty()) return kNaN;
  if (xs.size() < 2) return 0.0;
  const double m = mean(xs);
  double sq = 0.0;
  for (double x : xs) sq += (x - m) * (x - m);
  return std::sqrt(sq / static_cast<double>(xs.size() - 1));
}

double cv(std::span<const double> xs) {
  const double m = mean(xs);
  return m == 0.0 ? kNaN : stddev(xs) / m;
}

double minimum(std::span<const double> xs) {
  return xs.empty() ? kNaN : *std::min_element(xs.begin(), xs.end());
}

double maximum(std::span<const double> xs) {
  return xs.empty() ? kNaN : *std::max_element(xs.begin(), xs.end());
}

double percentile(std::span<const double> xs, double q) {
  if (xs.empty()) return kNaN;
  const auto v = sorted(xs);
  const double rank = std::clamp(q, 0.0, 1.0) * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const auto hi = std::min(lo + 1, v.size() - 1);
  const double frac = rank - static_cast<double>(lo);
  return v[lo] + (v[hi] - v[lo]) * frac;
}

Summary summarize(std::span<const double> xs) {
  return Summary{.count = xs.size(),
                 .min = minimum(xs),
                 .max = maximum(xs),
                 .mean = mean(xs),
                 .median = median(xs),
                 .stddev = stddev(xs),
                 .cv = cv(xs),
                 .p95 = percentile(xs, 0.95)};
}

std::vector<double> runMedians(std::span<const std::vector<double>> runs) {
  std::vector<double> out;
  for (const auto& run : runs) {
    if (!run.empty()) out.push_back(median(run));
  }
  return out;
}

double relativeSpread(std::span<const double> xs) {
  if (xs.size() < 2) return 0.0;
  const double lo = minimum(xs);
  return lo > 0 ? maximum(xs) / lo - 1 : kNaN;
}

double meanWithinRunCv(std::span<const std::vector<double>> runs) {
  std::vector<double> cvs;
  for (const auto& run : runs) {
    if (run.size() >= 2) cvs.push_back(cv(run));
  }
  return mean(cvs);
}

}  // namespace fieldbench
