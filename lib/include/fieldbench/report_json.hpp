#pragma once
// Google Benchmark JSON (context + benchmarks), readable by its tools/compare.py.
#include <span>

#include "fieldbench/report.hpp"

namespace fieldbench {

class JsonReporter final : public Reporter {
 public:
  void write(const Report& report, std::ostream& out) const override;
};

// One JSON file for the reports of several devices (--device all, `multiDevice`): the
// context of the first report plus "devices" (each device, its link bandwidth and
// all_verified); every benchmark gets "device_index" and "device_name" fields and a name
// starting "device<index>/". With `multiDevice` false this is JsonReporter's output of reports[0].
void writeJsonReport(std::span<const Report> reports, bool multiDevice, std::ostream& out);

}  // namespace fieldbench
