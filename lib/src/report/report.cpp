#include "fieldbench/report.hpp"

#include <algorithm>

#include "fieldbench/report_console.hpp"
#include "fieldbench/report_csv.hpp"
#include "fieldbench/report_json.hpp"

namespace fieldbench {

const MeasureResult* CaseResult::measure(const std::string& name) const {
  auto it = std::find_if(measures.begin(), measures.end(), [&](const MeasureResult& m) { return m.name == name; });
  return it == measures.end() ? nullptr : &*it;
}

bool Report::anyMismatch() const {
  return std::any_of(cases.begin(), cases.end(), [](const CaseResult& c) { return c.failed(); });
}

std::unique_ptr<Reporter> makeReporter(OutputFormat format) {
  switch (format) {
    case OutputFormat::kJson: return std::make_unique<JsonReporter>();
    case OutputFormat::kCsv: return std::make_unique<CsvReporter>();
    case OutputFormat::kTable: break;
  }
  return std::make_unique<ConsoleReporter>();
}

double itemsPerSecondAt(const CaseResult& c, const MeasureResult& m, double ns) {
  if (m.bytesPerElement == 0 || !(ns > 0)) return 0.0;
  return static_cast<double>(c.elements) * 1e9 / ns;
}

double itemsPerSecond(const CaseResult& c, const MeasureResult& m) {
  return itemsPerSecondAt(c, m, m.summary.median);
}

double opsPerSecond(const CaseResult& c, const MeasureResult& m) {
  return itemsPerSecond(c, m) * static_cast<double>(c.opsPerElement);
}

double bytesPerSecond(const CaseResult& c, const MeasureResult& m) {
  return itemsPerSecond(c, m) * static_cast<double>(m.bytesPerElement);
}

}  // namespace fieldbench
