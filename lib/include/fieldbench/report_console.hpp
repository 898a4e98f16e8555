#pragma once
// Human-readable table: one row per size, phases side by side.
#include "fieldbench/report.hpp"

namespace fieldbench {

class ConsoleReporter final : public Reporter {
 public:
  void write(const Report& report, std::ostream& out) const override;
};

}  // namespace fieldbench
