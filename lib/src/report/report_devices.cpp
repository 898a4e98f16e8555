#include "fieldbench/report_devices.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "fieldbench/json_text.hpp"

namespace fieldbench {
namespace {

constexpr const char* kMeasures[] = {"kernel", "roundtrip"};

std::string rate(double perSecond) {
  if (perSecond >= 1e9) return fmt::format("{:.2f} G", perSecond / 1e9);
  if (perSecond >= 1e6) return fmt::format("{:.1f} M", perSecond / 1e6);
  return fmt::format("{:.1f} K", perSecond / 1e3);
}

const CaseResult* findCase(const Report& r, std::uint64_t elements) {
  const auto it = std::ranges::find(r.cases, elements, &CaseResult::elements);
  return it == r.cases.end() ? nullptr : &*it;
}

// Elements/s of `measure` at `elements`, or nullopt (no such size, or it failed).
std::optional<double> throughput(const Report& r, std::uint64_t elements, const char* measure) {
  const auto* c = findCase(r, elements);
  if (c == nullptr || c->failed()) return std::nullopt;
  const auto* m = c->measure(measure);
  if (m == nullptr) return std::nullopt;
  return itemsPerSecond(*c, *m);
}

}  // namespace

void writeDevicesTable(std::span<const Report> reports, std::ostream& out) {
  if (reports.empty()) return;
  const auto& first = reports.front().context;
  out << fmt::format("fieldbench {} ({}), --device all: {} device(s)\n", first.version, first.commit, reports.size());
  for (const auto& r : reports) {
    const auto& d = r.context.device;
    out << fmt::format("[{}] {} ({}), driver {} {}, Vulkan {}, uuid {}\n", d.index, d.name, d.type, d.driverName,
                       d.driverInfo, d.apiVersion, d.uuid);
  }
  out << fmt::format("run:     {}, {} iterations after {} warm-up, seed {}, {}, {} cache; elements/s at the median "
                     "time, (x) relative to [{}]\n\n",
                     first.kernel, first.iterations, first.warmup, first.seed, first.memory, first.cache,
                     first.device.index);

  // The sizes in the order the first device ran them, then any only later devices ran.
  std::vector<std::uint64_t> sizes;
  for (const auto& r : reports) {
    for (const auto& c : r.cases) {
      if (std::ranges::find(sizes, c.elements) == sizes.end()) sizes.push_back(c.elements);
    }
  }
  constexpr int kCell = 18;
  std::string head1 = fmt::format("{:>10}", ""), head2 = fmt::format("{:>10}", "elements");
  for (const char* measure : kMeasures) {
    head1 += fmt::format("  {:<{}}", fmt::format("{} (elem/s)", measure), kCell * reports.size() - 2);
    for (const auto& r : reports) head2 += fmt::format("  {:<{}}", fmt::format("[{}]", r.context.device.index), kCell - 2);
  }
  auto trimmed = [](std::string line) { return line.erase(line.find_last_not_of(' ') + 1); };
  out << trimmed(head1) << "\n" << trimmed(head2) << "\n";
  bool anyFailed = false;
  for (const auto n : sizes) {
    std::string line = fmt::format("{:>10}", n);
    for (const char* measure : kMeasures) {
      const auto base = throughput(reports.front(), n, measure);
      for (std::size_t i = 0; i < reports.size(); ++i) {
        const auto* c = findCase(reports[i], n);
        const auto t = throughput(reports[i], n, measure);
        std::string text;
        if (c != nullptr && c->failed()) {
          text = "MISMATCH";
          anyFailed = true;
        } else if (!t) {
          text = "-";
        } else {
          text = rate(*t);
          if (i > 0 && base && *base > 0) text += fmt::format(" ({:.2f}x)", *t / *base);
        }
        line += fmt::format("  {:<{}}", text, kCell - 2);
      }
    }
    out << trimmed(line) << "\n";
  }
  if (anyFailed) out << "\nVERIFICATION FAILED: the figures of mismatched sizes are withheld.\n";
}

void writeDeviceListJson(std::span<const DeviceInfo> devices, std::ostream& out) {
  out << "{\n  \"devices\": [";
  bool first = true;
  for (const auto& d : devices) {
    std::string heaps;
    for (const auto& h : d.heaps) {
      heaps += fmt::format(R"({}{{"size": {}, "device_local": {}}})", heaps.empty() ? "" : ", ", h.size,
                           h.deviceLocal ? "true" : "false");
    }
    out << (first ? "\n" : ",\n");
    first = false;
    out << fmt::format(
        R"(    {{"index": {}, "name": {}, "type": {}, "vendor_id": {}, "device_id": {}, "driver_name": {}, )"
        R"("driver_info": {}, "api_version": {}, "uuid": {}, "heaps": [{}], "queues": {}, "usable": {}, "rejection": {}}})",
        d.index, jsonString(d.name), jsonString(d.type), d.vendorId, d.deviceId, jsonString(d.driverName),
        jsonString(d.driverInfo), jsonString(d.apiVersion), jsonString(d.uuid), heaps, jsonString(d.queues),
        d.rejection.empty() ? "true" : "false", d.rejection.empty() ? "null" : jsonString(d.rejection));
  }
  out << (first ? "]\n}\n" : "\n  ]\n}\n");
}

}  // namespace fieldbench
