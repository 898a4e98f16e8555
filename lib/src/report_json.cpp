#include "fieldbench/report_json.hpp"

#include <fmt/format.h>

#include <cmath>
#include <thread>

#include "fieldbench/json_text.hpp"

namespace fieldbench {
namespace {

std::string str(std::string_view s) { return jsonString(s); }
std::string num(double x) { return jsonNumber(x); }

std::string caseName(const CaseResult& c, std::string_view measure) {
  return fmt::format("{}/{}/{}/{}", c.op, toString(c.memory), c.elements, measure);
}

// Fields every benchmark entry of a case carries, after the timing fields.
std::string caseFields(const CaseResult& c, std::string_view measure) {
  return fmt::format(R"("op": {}, "memory": {}, "elements": {}, "measure": {}, "verified": {}, "mismatches": {}, )"
                     R"("kernel_efficiency": {}, "roundtrip_efficiency": {}, "workgroup_size": {})",
                     str(c.op), str(toString(c.memory)), c.elements, str(measure), c.verified() ? "true" : "false",
                     c.mismatches, num(c.kernelEfficiency), num(c.roundtripEfficiency), c.workgroupSize);
}

}  // namespace

void JsonReporter::write(const Report& report, std::ostream& out) const {
  const auto& rc = report.context;
  const auto& d = rc.device;
  out << "{\n  \"context\": {\n";
  out << fmt::format("    \"date\": {},\n    \"host_name\": {},\n    \"executable\": {},\n", str(rc.date),
                     str(rc.host), str(rc.executable));
  out << fmt::format("    \"num_cpus\": {},\n    \"mhz_per_cpu\": 0,\n    \"cpu_scaling_enabled\": false,\n",
                     std::thread::hardware_concurrency());
  out << "    \"caches\": [],\n    \"library_build_type\": \"release\",\n";
  out << fmt::format("    \"fieldbench_version\": {},\n    \"fieldbench_commit\": {},\n", str(rc.version),
                     str(rc.commit));
  out << fmt::format("    \"iterations\": {},\n    \"warmup\": {},\n    \"seed\": {},\n    \"workgroup_size\": {},\n",
                     rc.iterations, rc.warmup, rc.seed, rc.workgroupSize);
  out << fmt::format("    \"min_time\": {},\n    \"kernel\": {},\n", num(rc.minTime), str(rc.kernel));
  out << fmt::format("    \"inputs\": {},\n    \"cache\": {},\n    \"memory\": {},\n    \"host_transfer\": {},\n",
                     str(rc.inputs), str(rc.cache), str(rc.memory), str(rc.hostTransfer));
  out << fmt::format("    \"host_to_device_bytes_per_second\": {},\n    \"device_to_host_bytes_per_second\": {},\n",
                     num(rc.hostToDeviceBytesPerSecond), num(rc.deviceToHostBytesPerSecond));
  out << fmt::format("    \"all_verified\": {},\n", report.anyMismatch() ? "false" : "true");
  if (rc.incomplete) {
    out << fmt::format("    \"incomplete\": true,\n    \"sizes_requested\": {},\n", rc.sizesRequested);
  }
  out << "    \"device\": {\n";
  out << fmt::format("      \"index\": {},\n      \"name\": {},\n      \"type\": {},\n", d.index, str(d.name),
                     str(d.type));
  out << fmt::format("      \"vendor_id\": {},\n      \"device_id\": {},\n", d.vendorId, d.deviceId);
  out << fmt::format("      \"driver_name\": {},\n      \"driver_info\": {},\n", str(d.driverName),
                     str(d.driverInfo));
  out << fmt::format("      \"api_version\": {},\n      \"uuid\": {}\n    }}\n  }},\n", str(d.apiVersion),
                     str(d.uuid));
  out << "  \"benchmarks\": [";

  bool first = true;
  auto entry = [&](const std::string& body) {
    out << (first ? "\n    {" : ",\n    {") << body << "}";
    first = false;
  };
  std::size_t family = 0;
  for (const auto& c : report.cases) {
    if (c.failed()) {
      // No figure for a run that did not verify: one error entry says why.
      const auto name = caseName(c, "verify");
      entry(fmt::format(R"("name": {0}, "family_index": {1}, "per_family_instance_index": 0, "run_name": {0}, )"
                        R"("run_type": "iteration", "repetitions": 1, "repetition_index": 0, "threads": 1, )"
                        R"("iterations": 0, "error_occurred": true, "error_message": {2}, {3})",
                        str(name), family++, str(c.mismatchDetail), caseFields(c, "verify")));
      continue;
    }
    for (const auto& m : c.measures) {
      const auto name = caseName(c, m.name);
      const auto reps = m.samplesNs.size();
      auto timing = [&](double ns) {
        const double items = itemsPerSecondAt(c, m, ns);
        return fmt::format(R"("real_time": {0}, "cpu_time": {0}, "time_unit": "ns", "items_per_second": {1}, )"
                           R"("bytes_per_second": {2})",
                           num(ns), num(items), num(items * static_cast<double>(m.bytesPerElement)));
      };
      for (std::size_t i = 0; i < reps; ++i) {
        entry(fmt::format(R"("name": {0}, "family_index": {1}, "per_family_instance_index": 0, "run_name": {0}, )"
                          R"("run_type": "iteration", "repetitions": {2}, "repetition_index": {3}, "threads": 1, )"
                          R"("iterations": 1, {4}, {5})",
                          str(name), family, reps, i, timing(m.samplesNs[i]), caseFields(c, m.name)));
      }
      const std::pair<const char*, double> aggregates[] = {
          {"mean", m.summary.mean}, {"median", m.summary.median}, {"stddev", m.summary.stddev},
          {"min", m.summary.min},   {"p95", m.summary.p95}};
      for (const auto& [agg, value] : aggregates) {
        entry(fmt::format(R"("name": {0}, "family_index": {1}, "per_family_instance_index": 0, "run_name": {2}, )"
                          R"("run_type": "aggregate", "repetitions": {3}, "threads": 1, "aggregate_name": {4}, )"
                          R"("aggregate_unit": "time", "iterations": {3}, {5}, {6})",
                          str(name + "_" + agg), family, str(name), reps, str(agg), timing(value),
                          caseFields(c, m.name)));
      }
      // Google Benchmark writes cv as a fraction with aggregate_unit "percentage".
      entry(fmt::format(R"("name": {0}, "family_index": {1}, "per_family_instance_index": 0, "run_name": {2}, )"
                        R"("run_type": "aggregate", "repetitions": {3}, "threads": 1, "aggregate_name": "cv", )"
                        R"("aggregate_unit": "percentage", "iterations": {3}, "real_time": {4}, "cpu_time": {4}, )"
                        R"("time_unit": "ns", {5})",
                        str(name + "_cv"), family, str(name), reps, num(m.summary.cv), caseFields(c, m.name)));
      ++family;
    }
  }
  out << "\n  ]\n}\n";
}

}  // namespace fieldbench
