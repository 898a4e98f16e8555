#include "fieldbench/report_csv.hpp"

#include <fmt/format.h>

#include <cmath>

namespace fieldbench {
namespace {
std::string num(double x) { return std::isfinite(x) ? fmt::format("{}", x) : ""; }
// A note's text with its double quotes doubled, for a quoted CSV field.
std::string quoted(const std::string& text) {
  std::string out;
  for (char ch : text) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out;
}
}  // namespace

void CsvReporter::write(const Report& report, std::ostream& out) const {
  out << "op,memory,elements,measure,repetitions,min_ns,median_ns,mean_ns,stddev_ns,cv,p95_ns,max_ns,"
         "items_per_second,bytes_per_second,verified,mismatches,kernel_efficiency,roundtrip_efficiency,workgroup_size,"
         "pcie_floor_ns,duplex_floor_ns,chunks,field,element_bytes,ops_per_element,ops_per_second,int_rate_fraction,fp64_rate_fraction,variant,note\n";
  for (const auto& c : report.cases) {
    const auto prefix = fmt::format("{},{},{}", c.op, toString(c.memory), c.elements);
    const auto suffix = fmt::format("{},{},{},{},{},{},{},{}", c.verified() ? "true" : "false", c.mismatches,
                                    num(c.kernelEfficiency), num(c.roundtripEfficiency), c.workgroupSize,
                                    num(c.pcieFloorNs), num(c.duplexFloorNs), c.chunks);
    const auto fieldCols = fmt::format("{},{},{}", c.field, c.elementBytes, c.opsPerElement);
    if (c.failed()) {
      out << fmt::format("{},verify,0,,,,,,,,,,{},{},,,,{},\n", prefix, suffix, fieldCols,
                         c.variant);  // no figures for a mismatch
      continue;
    }
    for (const auto& m : c.measures) {
      const auto& s = m.summary;
      out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},\n", prefix, m.name, s.count, num(s.min),
                         num(s.median), num(s.mean), num(s.stddev), num(s.cv), num(s.p95), num(s.max),
                         num(itemsPerSecond(c, m)), num(bytesPerSecond(c, m)), suffix, fieldCols,
                         num(opsPerSecond(c, m)), num(c.intRateFraction), num(c.fp64RateFraction),
                         c.variant);  // note: empty
    }
  }
  // A kind the device cannot provide: one row without numbers, the reason in the note (quoted).
  for (const auto& sk : report.skipped) {
    out << fmt::format("{},{},0,skipped,0,,,,,,,,,,false,0,,,0,,,0,{},,,,,,,\"{}\"\n",
                       report.context.kernel.empty() ? "field_add" : report.context.kernel, toString(sk.memory),
                       report.context.field, quoted(sk.reason));
  }
  // A variant the device cannot run: the same, with its name in the variant column.
  for (const auto& sv : report.context.skippedVariants) {
    out << fmt::format("{},,0,skipped,0,,,,,,,,,,false,0,,,0,,,0,{},,,,,,{},\"{}\"\n", sv.kernel, report.context.field,
                       sv.variant, quoted(sv.reason));
  }
  if (report.context.incomplete) {
    out << fmt::format("# incomplete: interrupted after {} of {} sizes\n", report.cases.size(),
                       report.context.sizesRequested);
  }
}

}  // namespace fieldbench
