#pragma once
// fieldbench plot: throughput against element count as an SVG line chart, written by hand.
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "fieldbench/compare.hpp"

namespace fieldbench {

struct PlotSeries {
  std::string label;                               // legend text: "<source>: kernel" or "<source>: round trip"
  std::string source;                              // the device's name (+ " (<base name>)" where files share it)
  std::string measure;                             // kernel or roundtrip
  std::vector<std::pair<double, double>> points;  // (elements, elements per second), by elements
  std::size_t color = 0;                           // one colour per file and device
  bool dashed = false;                             // round trip dashed, kernel solid
};

// A report path without its directories and its .json: "runs/h200.json" -> "h200".
std::string reportBaseName(const std::string& path);

// Per file and device, a kernel series (solid) and a round-trip series (dashed) of the
// verified medians' elements/s, named by the report's device, plus the file's base name where
// two files name the same device. Throws Error(kUsage) when no file has such a figure.
std::vector<PlotSeries> plotSeries(const std::vector<BenchmarkFile>& files);

// The series side by side as text: one row per element count, per measure a column per
// file and device with its elements/s and, from the second on, the ratio to the first.
void writePlotTable(const std::vector<PlotSeries>& series, std::ostream& out);

// An SVG chart: log2 x axis (elements), log10 y axis (elements/s), labelled axes, and a
// legend below the plot area (rows as wide as the chart; the SVG grows taller, never the plot narrower).
void writePlotSvg(const std::vector<PlotSeries>& series, const std::string& title, std::ostream& out);

}  // namespace fieldbench
