#pragma once
// The whole benchmark for a set of options on one device: inputs, reference,
// runs for every size, and the Report the writers print.
#include "fieldbench/report.hpp"

namespace fieldbench {

class Context;

// The integer-rate probe (run with mul) runs at the largest size up to this many elements.
inline constexpr std::uint64_t kIntProbeMaxElements = 1u << 20;

// Throws Error(kUsage) for sizes the device cannot hold (before running any),
// Error for files and Vulkan failures. Mismatches are in the Report, not thrown.
Report runSession(const Context& context, const RunOptions& options);

}  // namespace fieldbench
