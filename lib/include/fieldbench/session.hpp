#pragma once
// The whole benchmark for a set of options on one device: inputs, reference,
// runs for every size, and the Report the writers print.
#include "fieldbench/report.hpp"

namespace fieldbench {

class Context;

// Throws Error(kUsage) for sizes the device cannot hold (before running any),
// Error for files and Vulkan failures. Mismatches are in the Report, not thrown.
Report runSession(const Context& context, const RunOptions& options);

}  // namespace fieldbench
