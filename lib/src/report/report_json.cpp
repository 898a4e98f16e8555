#include "fieldbench/report_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <span>
#include <thread>
#include <vector>

#include "fieldbench/compare.hpp"
#include "fieldbench/json_text.hpp"
#include "fieldbench/stats.hpp"

namespace fieldbench {
namespace {

std::string str(std::string_view s) { return jsonString(s); }
std::string num(double x) { return jsonNumber(x); }

// A report's benchmarks carry its device when the file holds several (--device all).
struct DeviceTag {
  bool multi = false;
  const DeviceInfo* device = nullptr;
};

std::string caseName(const CaseResult& c, std::string_view measure, const DeviceTag& tag) {
  const auto name = fmt::format("{}/{}/{}/{}", c.op, toString(c.memory), c.elements, measure);
  return tag.multi ? fmt::format("device{}/{}", tag.device->index, name) : name;
}

// Fields every benchmark entry of a case carries, after the timing fields.
std::string caseFields(const CaseResult& c, std::string_view measure, const DeviceTag& tag) {
  const auto device = tag.multi ? fmt::format(R"("device_index": {}, "device_name": {}, )", tag.device->index,
                                              str(tag.device->name))
                                : std::string();
  return fmt::format(R"({}"op": {}, "memory": {}, "elements": {}, "measure": {}, "verified": {}, "mismatches": {}, )"
                     R"("kernel_efficiency": {}, "roundtrip_efficiency": {}, "pcie_floor_ns": {}, "duplex_floor_ns": {}, )"
                     R"("workgroup_size": {}, "chunks": {}, )"
                     R"("field": {}, "element_bytes": {}, "ops_per_element": {}, "int_rate_fraction": {}, "fp64_rate_fraction": {}, )"
                     R"("variant": {})",
                     device, str(c.op), str(toString(c.memory)), c.elements, str(measure),
                     c.verified() ? "true" : "false", c.mismatches, num(c.kernelEfficiency),
                     num(c.roundtripEfficiency), num(c.pcieFloorNs), num(c.duplexFloorNs), c.workgroupSize, c.chunks, str(c.field),
                     c.elementBytes, c.opsPerElement, num(c.intRateFraction), num(c.fp64RateFraction), str(c.variant));
}

// gpu_clocks: where they come from, and each size's SM and memory clocks (MHz) at its start and end.
std::string gpuClocksJson(const Report& report) {
  std::string sizes;
  for (const auto& c : report.cases) {
    if (!c.clocksStart.known() && !c.clocksEnd.known()) continue;
    sizes += fmt::format(R"({}{{"op": {}, "memory": {}, "elements": {}, "sm_mhz_start": {}, "sm_mhz_end": {}, )"
                         R"("memory_mhz_start": {}, "memory_mhz_end": {}}})",
                         sizes.empty() ? "\n      " : ",\n      ", str(c.op), str(toString(c.memory)), c.elements,
                         c.clocksStart.smMHz, c.clocksEnd.smMHz, c.clocksStart.memoryMHz, c.clocksEnd.memoryMHz);
  }
  if (!sizes.empty()) sizes += "\n    ";
  const std::string source = report.context.clockSource.empty() ? "unknown" : report.context.clockSource;
  return fmt::format("    \"gpu_clocks\": {{\"source\": {}, \"sizes\": [{}]}},\n", str(source), sizes);
}

// The device object of the context (and, with more keys, of context.devices).
std::string deviceObject(const DeviceInfo& d, std::string_view indent, const std::string& extra = {}) {
  return fmt::format(
      "{{\n{0}  \"index\": {1},\n{0}  \"name\": {2},\n{0}  \"type\": {3},\n{0}  \"vendor_id\": {4},\n"
      "{0}  \"device_id\": {5},\n{0}  \"driver_name\": {6},\n{0}  \"driver_info\": {7},\n"
      "{0}  \"api_version\": {8},\n{9}{0}  \"queues\": {11},\n{0}  \"uuid\": {10}\n{0}}}",
      indent, d.index, str(d.name), str(d.type), d.vendorId, d.deviceId, str(d.driverName), str(d.driverInfo),
      str(d.apiVersion), extra, str(d.uuid), str(d.queues));
}

// pipeline_statistics: per kernel, its pipeline's statistics as the driver names them.
std::string statisticsObject(const std::map<std::string, PipelineStatistics>& byKernel, std::string_view indent) {
  if (byKernel.empty()) return "{}";
  std::string out = "{";
  for (auto k = byKernel.begin(); k != byKernel.end(); ++k) {
    out += fmt::format("{}\n{}  {}: [", k == byKernel.begin() ? "" : ",", indent, str(k->first));
    for (std::size_t i = 0; i < k->second.size(); ++i) {
      const auto& st = k->second[i];
      out += fmt::format("{}\n{}    {{\"executable\": {}, \"name\": {}, \"value\": {}, \"description\": {}}}",
                         i ? "," : "", indent, str(st.executable), str(st.name), str(st.value), str(st.description));
    }
    out += fmt::format("\n{}  ]", indent);
  }
  return out + fmt::format("\n{}}}", indent);
}

// --variant, the variant each kernel ran (with --variant best, each probe's median kernel ns),
// and the variants the device cannot run, with the reason.
std::string variantsJson(const ReportContext& rc) {
  std::string out = fmt::format("    \"variant\": {},\n    \"variants\": [", str(rc.variantOption));
  for (std::size_t i = 0; i < rc.variants.size(); ++i) {
    const auto& v = rc.variants[i];
    std::string probes;
    for (const auto& [name, ns] : v.probeNs) probes += fmt::format("{}{}: {}", probes.empty() ? "" : ", ", str(name), num(ns));
    out += fmt::format(R"({}{{"kernel": {}, "variant": {}, "choice": {}, "probe_kernel_ns": {{{}}}}})", i == 0 ? "" : ", ",
                       str(v.kernel), str(v.variant), str(v.choice), probes);
  }
  out += "],\n    \"skipped_variants\": [";
  for (std::size_t i = 0; i < rc.skippedVariants.size(); ++i) {
    const auto& v = rc.skippedVariants[i];
    out += fmt::format(R"({}{{"kernel": {}, "variant": {}, "reason": {}}})", i == 0 ? "" : ", ", str(v.kernel),
                       str(v.variant), str(v.reason));
  }
  out += "],\n";
  if (const auto& s = rc.shader) {
    std::string defines;
    for (const auto& d : s->defines) defines += (defines.empty() ? "" : ", ") + str(d);
    out += fmt::format(R"(    "shader": {{"path": {}, "source_sha256": {}, "defines": [{}], "spirv_bytes": {}, "variant": {}}},)",
                       str(s->path), str(s->sourceSha256), defines, s->spirvBytes, str(s->variant)) + "\n";
  }
  return out;
}


// A counter's coefficient of variation over the repetitions, as Google Benchmark's cv
// aggregate writes every counter (statistics.cc): 0 for fewer than two values or a zero mean.
double counterCv(std::span<const double> values) {
  if (values.size() < 2) return 0;
  const double m = mean(values);
  return m == 0 ? 0 : stddev(values) / m;
}

// Each sample's run: 0 for a report of one run.
std::vector<std::size_t> runIndices(const MeasureResult& m) {
  std::vector<std::size_t> out;
  for (std::size_t r = 0; r < m.runSamplesNs.size(); ++r) out.insert(out.end(), m.runSamplesNs[r].size(), r);
  out.resize(m.samplesNs.size(), 0);
  return out;
}

// --runs: each run's median and cv (aggregate_name "run_median" and "run_cv", with its
// run_index), then the median of the run medians ("runs_median") and their spread, max / min - 1
// ("runs_spread", a fraction like cv).
template <class Timing>
std::vector<std::string> runAggregates(const MeasureResult& m, const std::string& name, std::size_t family,
                                       const Timing& timing, const std::string& fields) {
  auto aggregate = [&](const std::string& suffix, const char* agg, const char* unit, std::size_t reps,
                       const std::string& body) {
    return fmt::format(R"("name": {0}, "family_index": {1}, "per_family_instance_index": 0, "run_name": {2}, )"
                       R"("run_type": "aggregate", "repetitions": {3}, "threads": 1, "aggregate_name": {4}, )"
                       R"("aggregate_unit": {5}, "iterations": {3}, {6}, {7})",
                       str(name + "_" + suffix), family, str(name), reps, str(agg), str(unit), body, fields);
  };
  auto fraction = [](double x) { return fmt::format(R"("real_time": {0}, "cpu_time": {0}, "time_unit": "ns")", num(x)); };
  std::vector<std::string> out;
  for (std::size_t r = 0; r < m.runSamplesNs.size(); ++r) {
    const auto& run = m.runSamplesNs[r];
    const auto index = fmt::format(R"("run_index": {}, )", r);
    out.push_back(aggregate(fmt::format("run{}_median", r), "run_median", "time", run.size(), index + timing(median(run))));
    out.push_back(aggregate(fmt::format("run{}_cv", r), "run_cv", "percentage", run.size(),
                            index + fraction(run.size() < 2 ? 0 : cv(run))));
  }
  const auto medians = runMedians(m.runSamplesNs);
  out.push_back(aggregate("runs_median", "runs_median", "time", medians.size(), timing(median(medians))));
  out.push_back(aggregate("runs_spread", "runs_spread", "percentage", medians.size(), fraction(relativeSpread(medians))));
  return out;
}

// The context object: Google Benchmark's keys, the run's settings, the device(s).
void writeContext(std::span<const Report> reports, bool multiDevice, std::ostream& out) {
  const Report& report = reports.front();
  const auto& rc = report.context;
  const bool allVerified = std::ranges::none_of(reports, &Report::anyMismatch);
  out << "  \"context\": {\n";
  out << fmt::format("    \"date\": {},\n    \"host_name\": {},\n    \"executable\": {},\n", str(rc.date),
                     str(rc.host), str(rc.executable));
  out << fmt::format("    \"num_cpus\": {},\n    \"mhz_per_cpu\": 0,\n    \"cpu_scaling_enabled\": false,\n",
                     std::thread::hardware_concurrency());
  out << "    \"caches\": [],\n    \"library_build_type\": \"release\",\n";
  out << fmt::format("    \"fieldbench_version\": {},\n    \"fieldbench_commit\": {},\n", str(rc.version),
                     str(rc.commit));
  out << fmt::format("    \"fieldbench_json_version\": {},\n", kJsonSchemaVersion);
  out << fmt::format("    \"iterations\": {},\n    \"warmup\": {},\n    \"warmup_time\": {},\n    \"seed\": {},\n"
                     "    \"workgroup_size\": {},\n",
                     rc.iterations, rc.warmup, num(rc.warmupTime), rc.seed, rc.workgroupSize);
  out << fmt::format("    \"min_time\": {},\n    \"batch\": {},\n    \"kernel\": {},\n", num(rc.minTime), rc.batch,
                     str(rc.kernel));
  out << fmt::format("    \"field\": {},\n    \"ops_per_element\": {},\n", str(rc.field), rc.opsPerElement);
  out << fmt::format("    \"inputs\": {},\n    \"cache\": {},\n    \"memory\": {},\n", str(rc.inputs), str(rc.cache),
                     str(rc.memory));
  out << fmt::format("    \"runs\": {},\n    \"slowdown_percent\": {},\n", rc.runs, num(rc.slowdownPercent));
  out << fmt::format("    \"chunk_bytes\": {},\n    \"overlap\": {},\n", rc.chunkBytes, rc.overlap ? "true" : "false");
  // Kinds the device cannot provide: named with the reason, never as a benchmark entry or a zero.
  out << "    \"skipped_memory\": [";
  for (std::size_t i = 0; i < report.skipped.size(); ++i) {
    out << fmt::format("{}{{\"memory\": {}, \"reason\": {}}}", i == 0 ? "" : ", ",
                       str(toString(report.skipped[i].memory)), str(report.skipped[i].reason));
  }
  out << "],\n";
  out << variantsJson(rc);
  out << fmt::format("    \"host_to_device_bytes_per_second\": {},\n    \"device_to_host_bytes_per_second\": {},\n",
                     num(rc.hostToDeviceBytesPerSecond), num(rc.deviceToHostBytesPerSecond));
  out << fmt::format("    \"host_to_device_duplex_bytes_per_second\": {},\n"
                     "    \"device_to_host_duplex_bytes_per_second\": {},\n    \"link_probe_bytes\": {},\n",
                     num(rc.hostToDeviceDuplexBytesPerSecond), num(rc.deviceToHostDuplexBytesPerSecond),
                     rc.linkProbeBytes);
  out << gpuClocksJson(report);
  out << fmt::format("    \"all_verified\": {},\n", allVerified ? "true" : "false");
  out << "    \"pipeline_statistics\": " << statisticsObject(rc.pipelineStatistics, "    ") << ",\n";
  // Ctrl-C: only the finished sizes are here (sizes_requested counts those of the devices that ran).
  std::size_t requested = 0;
  bool incomplete = false;
  for (const auto& r : reports) {
    requested += r.context.sizesRequested;
    incomplete = incomplete || r.context.incomplete;
  }
  if (incomplete) out << fmt::format("    \"incomplete\": true,\n    \"sizes_requested\": {},\n", requested);
  if (multiDevice) {
    // Each device with its own link bandwidth; "device" below stays the first, for tools that read one.
    out << "    \"devices\": [";
    for (std::size_t i = 0; i < reports.size(); ++i) {
      const auto& r = reports[i].context;
      out << (i == 0 ? "\n      " : ",\n      ")
          << deviceObject(r.device, "      ",
                          fmt::format("        \"host_to_device_bytes_per_second\": {},\n        "
                                      "\"device_to_host_bytes_per_second\": {},\n        \"host_to_device_duplex_bytes_per_second\": {},\n"
                                      "        \"device_to_host_duplex_bytes_per_second\": {},\n"
                                      "        \"all_verified\": {},\n"
                                      "        \"pipeline_statistics\": {},\n",
                                      num(r.hostToDeviceBytesPerSecond), num(r.deviceToHostBytesPerSecond),
                                      num(r.hostToDeviceDuplexBytesPerSecond), num(r.deviceToHostDuplexBytesPerSecond), reports[i].anyMismatch() ? "false" : "true",
                                      statisticsObject(r.pipelineStatistics, "        ")));
    }
    out << "\n    ],\n";
  }
  out << "    \"device\": " << deviceObject(rc.device, "    ") << "\n  },\n";
}

}  // namespace

void JsonReporter::write(const Report& report, std::ostream& out) const {
  writeJsonReport(std::span<const Report>(&report, 1), false, out);
}

void writeJsonReport(std::span<const Report> reports, bool multiDevice, std::ostream& out) {
  out << "{\n";
  writeContext(reports, multiDevice, out);
  out << "  \"benchmarks\": [";

  bool first = true;
  auto entry = [&](const std::string& body) {
    out << (first ? "\n    {" : ",\n    {") << body << "}";
    first = false;
  };
  std::size_t family = 0;
  for (const auto& one : reports) {
  const DeviceTag tag{.multi = multiDevice, .device = &one.context.device};
  for (const auto& c : one.cases) {
    if (c.failed()) {
      // No figure for a run that did not verify: one error entry says why.
      const auto name = caseName(c, "verify", tag);
      entry(fmt::format(R"("name": {0}, "family_index": {1}, "per_family_instance_index": 0, "run_name": {0}, )"
                        R"("run_type": "iteration", "repetitions": 1, "repetition_index": 0, "threads": 1, )"
                        R"("iterations": 0, "error_occurred": true, "error_message": {2}, {3})",
                        str(name), family++, str(c.mismatchDetail), caseFields(c, "verify", tag)));
      continue;
    }
    for (const auto& m : c.measures) {
      const auto name = caseName(c, m.name, tag);
      const auto reps = m.samplesNs.size();
      auto timing = [&](double ns) {
        const double items = itemsPerSecondAt(c, m, ns);
        return fmt::format(R"("real_time": {0}, "cpu_time": {0}, "time_unit": "ns", "items_per_second": {1}, )"
                           R"("bytes_per_second": {2}, "ops_per_second": {3})",
                           num(ns), num(items), num(items * static_cast<double>(m.bytesPerElement)),
                           num(items * static_cast<double>(c.opsPerElement)));
      };
      const auto runOf = runIndices(m);
      for (std::size_t i = 0; i < reps; ++i) {
        entry(fmt::format(R"("name": {0}, "family_index": {1}, "per_family_instance_index": 0, "run_name": {0}, )"
                          R"("run_type": "iteration", "repetitions": {2}, "repetition_index": {3}, "run_index": {6}, )"
                          R"("threads": 1, "iterations": 1, {4}, {5})",
                          str(name), family, reps, i, timing(m.samplesNs[i]), caseFields(c, m.name, tag), runOf[i]));
      }
      const std::pair<const char*, double> aggregates[] = {
          {"mean", m.summary.mean}, {"median", m.summary.median}, {"stddev", m.summary.stddev},
          {"min", m.summary.min},   {"p95", m.summary.p95}};
      for (const auto& [agg, value] : aggregates) {
        entry(fmt::format(R"("name": {0}, "family_index": {1}, "per_family_instance_index": 0, "run_name": {2}, )"
                          R"("run_type": "aggregate", "repetitions": {3}, "threads": 1, "aggregate_name": {4}, )"
                          R"("aggregate_unit": "time", "iterations": {3}, {5}, {6})",
                          str(name + "_" + agg), family, str(name), reps, str(agg), timing(value),
                          caseFields(c, m.name, tag)));
      }
      // Google Benchmark writes cv as a fraction with aggregate_unit "percentage", and every
      // counter as the cv of its per-repetition values (so the rates' cv, not a rate).
      std::vector<double> rates;
      for (const double ns : m.samplesNs) rates.push_back(itemsPerSecondAt(c, m, ns));
      const double rateCv = counterCv(rates);  // bytes/s and ops/s are fixed multiples of it: the same cv
      entry(fmt::format(R"("name": {0}, "family_index": {1}, "per_family_instance_index": 0, "run_name": {2}, )"
                        R"("run_type": "aggregate", "repetitions": {3}, "threads": 1, "aggregate_name": "cv", )"
                        R"("aggregate_unit": "percentage", "iterations": {3}, "real_time": {4}, "cpu_time": {4}, )"
                        R"("time_unit": "ns", "items_per_second": {5}, "bytes_per_second": {5}, )"
                        R"("ops_per_second": {5}, {6})",
                        str(name + "_cv"), family, str(name), reps, num(m.summary.cv), num(rateCv),
                        caseFields(c, m.name, tag)));
      if (!m.runSamplesNs.empty()) {
        for (const auto& body : runAggregates(m, name, family, timing, caseFields(c, m.name, tag))) entry(body);
      }
      ++family;
    }
  }
  }
  out << "\n  ]\n}\n";
}

}  // namespace fieldbench
