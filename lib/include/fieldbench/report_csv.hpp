#pragma once
// CSV: a header row and one row per (op, memory, elements, measure) with its aggregates.
#include "fieldbench/report.hpp"

namespace fieldbench {

class CsvReporter final : public Reporter {
 public:
  void write(const Report& report, std::ostream& out) const override;
};

}  // namespace fieldbench
