#pragma once
// Summary statistics over samples (free functions; empty input gives NaN).
#include <cstddef>
#include <span>

namespace fieldbench {

double mean(std::span<const double> xs);
double median(std::span<const double> xs);
// Sample standard deviation (n - 1); 0 for one sample.
double stddev(std::span<const double> xs);
// Coefficient of variation: stddev / mean.
double cv(std::span<const double> xs);
double minimum(std::span<const double> xs);
double maximum(std::span<const double> xs);
// q in [0, 1], linear interpolation between closest ranks.
double percentile(std::span<const double> xs, double q);

struct Summary {
  std::size_t count = 0;
  double min = 0, max = 0, mean = 0, median = 0, stddev = 0, cv = 0, p95 = 0;
};
Summary summarize(std::span<const double> xs);

}  // namespace fieldbench
