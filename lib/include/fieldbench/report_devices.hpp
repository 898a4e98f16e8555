#pragma once
// The table of a --device all run: every device's throughput side by side, relative to the first.
#include <ostream>
#include <span>

#include "fieldbench/report.hpp"

namespace fieldbench {

// One row per element count; for kernel and roundtrip, each device's elements/s (median)
// and, from the second device on, its ratio to the first device's.
void writeDevicesTable(std::span<const Report> reports, std::ostream& out);

// --list-devices --format json: {"devices": [{index, name, type, vendor_id, device_id,
// driver_name, driver_info, api_version, uuid, heaps: [{size, device_local}], usable, rejection}]}.
void writeDeviceListJson(std::span<const DeviceInfo> devices, std::ostream& out);

}  // namespace fieldbench
