#pragma once
// Google Benchmark JSON (context + benchmarks), readable by its tools/compare.py.
#include "fieldbench/report.hpp"

namespace fieldbench {

class JsonReporter final : public Reporter {
 public:
  void write(const Report& report, std::ostream& out) const override;
};

}  // namespace fieldbench
