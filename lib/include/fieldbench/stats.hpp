#pragma once
// Summary statistics over samples (free functions; empty input gives NaN).
#include <cstddef>
#include <span>
#include <vector>

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

// --runs: each run's median, in run order (a run without samples gives none).
std::vector<double> runMedians(std::span<const std::vector<double>> runs);
// The between-run spread of run medians: max / min - 1 (0.25 = the slowest run 25% above the
// fastest); 0 for fewer than two values, NaN for a non-positive minimum.
double relativeSpread(std::span<const double> xs);
// The within-run noise: the mean of each run's cv (runs of fewer than two samples left out; NaN if none).
double meanWithinRunCv(std::span<const std::vector<double>> runs);

}  // namespace fieldbench
