#pragma once
// The whole benchmark for a set of options on one device: inputs, reference,
// runs for every size, and the Report the writers print.
#include <cstddef>
#include <cstdint>
#include <functional>

#include "fieldbench/report.hpp"

namespace fieldbench {

class Context;

// The integer-rate probe (run with mul) runs at the largest size up to this many elements.
inline constexpr std::uint64_t kIntProbeMaxElements = 1u << 20;

// Throws Error(kUsage) for sizes the device cannot hold (before running any),
// Error for files and Vulkan failures. Mismatches are in the Report, not thrown.
// `progress`, when set, is told before each size: its position (from 0), the count, the size.
using SessionProgress = std::function<void(std::size_t index, std::size_t count, std::uint64_t elements)>;
Report runSession(const Context& context, const RunOptions& options, const SessionProgress& progress = {});

}  // namespace fieldbench
