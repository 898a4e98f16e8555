#include "fieldbench/report_csv.hpp"

#include <fmt/format.h>

#include <cmath>

namespace fieldbench {
namespace {
std::string num(double x) { return std::isfinite(x) ? fmt::format("{}", x) : ""; }
}  // namespace

void CsvReporter::write(const Report& report, std::ostream& out) const {
  out << "op,memory,elements,measure,repetitions,min_ns,median_ns,mean_ns,stddev_ns,cv,p95_ns,max_ns,"
         "items_per_second,bytes_per_second,verified,mismatches,kernel_efficiency,roundtrip_efficiency,workgroup_size\n";
  for (const auto& c : report.cases) {
    const auto prefix = fmt::format("{},{},{}", c.op, toString(c.memory), c.elements);
    const auto suffix = fmt::format("{},{},{},{},{}", c.verified() ? "true" : "false", c.mismatches,
                                    num(c.kernelEfficiency), num(c.roundtripEfficiency), c.workgroupSize);
    if (c.failed()) {
      out << fmt::format("{},verify,0,,,,,,,,,,{}\n", prefix, suffix);  // no figures for a mismatch
      continue;
    }
    for (const auto& m : c.measures) {
      const auto& s = m.summary;
      out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", prefix, m.name, s.count, num(s.min),
                         num(s.median), num(s.mean), num(s.stddev), num(s.cv), num(s.p95), num(s.max),
                         num(itemsPerSecond(c, m)), num(bytesPerSecond(c, m)), suffix);
    }
  }
  if (report.context.incomplete) {
    out << fmt::format("# incomplete: interrupted after {} of {} sizes\n", report.cases.size(),
                       report.context.sizesRequested);
  }
}

}  // namespace fieldbench
