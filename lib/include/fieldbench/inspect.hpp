#pragma once
// Look inside: each kernel's compute pipeline as the driver compiled it, by the statistics
// the driver reports (VK_KHR_pipeline_executable_properties); fieldbench --list-ops --verbose.
#include <cstdint>
#include <string>
#include <vector>

#include "fieldbench/pipeline.hpp"

namespace fieldbench {

class Context;

struct KernelInspection {
  std::string kernel;       // "field_add", "bls12-381-fp.mul"
  std::string unsupported;  // why the device cannot run it (no statistics then); empty when it can
  PipelineStatistics statistics;
};

// The field_add kernels and every field x op kernel, each built as a pipeline of workgroupSize
// (0: chooseWorkgroupSize's below 1M elements) and K = opsPerElement, with its statistics.
// Empty when the device does not expose the extension: no pipeline is built then.
std::vector<KernelInspection> inspectKernels(const Context& context, std::uint32_t workgroupSize,
                                             std::uint32_t opsPerElement);

// The --list-ops --verbose section for one device: a heading and each kernel's statistics
// grouped by executable, or one line saying the device does not expose the extension.
std::string inspectionText(const Context& context, std::uint32_t workgroupSize, std::uint32_t opsPerElement);

}  // namespace fieldbench
