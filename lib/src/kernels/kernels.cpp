// The kernels outside the catalog: the copy roofline and the integer-rate probe; and what a
// kernel needs from the device.
#include "fieldbench/kernels.hpp"

#include <fmt/format.h>

#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/verify.hpp"

namespace fieldbench {
namespace {

constexpr std::uint32_t kCopySpirv[] = {
#include "fieldbench_spirv/copy.spv.inc"
};
constexpr std::uint32_t kCopy32Spirv[] = {
#include "fieldbench_spirv/copy32.spv.inc"
};
constexpr std::uint32_t kIntProbeSpirv[] = {
#include "fieldbench_spirv/int_probe.spv.inc"
};
constexpr std::uint32_t kIntProbeWideSpirv[] = {
#include "fieldbench_spirv/int_probe_wide.spv.inc"
};
constexpr std::uint32_t kFp64ProbeSpirv[] = {
#include "fieldbench_spirv/fp64_probe.spv.inc"
};

}  // namespace

std::string Kernel::unsupportedReason(const Context& context) const {
  ShaderFeatures features{.int64 = context.shaderInt64(), .float64 = context.shaderFloat64(),
                          .roundingRtz64 = context.roundingModeRtzFloat64()};
  if (needsExactFma || needsRtz64) features.fma = probeDoubleFma(context);  // runs a pipeline: only when asked
  return unsupportedReason(features, context.info().name);
}

std::string Kernel::unsupportedReason(ShaderFeatures features, std::string_view deviceName) const {
  const bool lacksInt64 = needsInt64 && !features.int64;
  const bool lacksFloat64 = needsFloat64 && !features.float64;
  const auto what = variant.empty() ? fmt::format("kernel {}", name) : fmt::format("variant {} of {}", variant, name);
  if (lacksInt64 || lacksFloat64) {
    const char* missing = lacksInt64 && lacksFloat64 ? "shaderInt64 and shaderFloat64"
                          : lacksInt64                ? "shaderInt64"
                                                      : "shaderFloat64";
    return fmt::format("{} needs {}, which {} does not support", what, missing, deviceName);
  }
  if ((needsExactFma || needsRtz64) && !features.fma.fused) {
    return fmt::format("{} needs a fused fma on doubles; {}'s rounds the product first (probed)", what, deviceName);
  }
  if (needsRtz64 && !features.roundingRtz64) {
    return fmt::format("{} needs doubles rounded toward zero (shaderRoundingModeRTZFloat64), which {} does not support",
                       what, deviceName);
  }
  if (needsExactFma && !features.fma.roundsToNearest) {
    return fmt::format("{} needs doubles rounded to nearest; {}'s fma rounds otherwise (probed)", what, deviceName);
  }
  return {};
}

const Kernel& copyKernel() {
  static const Kernel kernel{.name = "copy",
                             .description = "c[i] = a[i] xor b[i]: field_add's traffic, no arithmetic",
                             .spirv = kCopySpirv,
                             .bytesPerElement = 144};
  return kernel;
}

const Kernel& copyKernelFor(std::uint64_t elementBytes) {
  if (elementBytes == 48) return copyKernel();
  static const Kernel kernel{.name = "copy32",
                             .description = "c[i] = a[i] xor b[i] on 32-byte elements: no arithmetic",
                             .spirv = kCopy32Spirv,
                             .bytesPerElement = 96,
                             .elementBytes = 32};
  if (elementBytes == 32) return kernel;
  throw Error(ExitCode::kRuntime, fmt::format("no copy roofline for {}-byte elements", elementBytes));
}

const Kernel& intProbeKernel() {
  static const Kernel kernel{.name = "int_probe",
                             .description = "32-bit multiply-add chains: the device's integer rate",
                             .spirv = kIntProbeSpirv,
                             .bytesPerElement = 144,
                             .multiplyBound = true};
  return kernel;
}

const Kernel& intProbeWideKernel() {
  static const Kernel kernel{.name = "int_probe_wide",
                             .description = "32x32->64 wide multiply-add chains: the 64-bit variants' step",
                             .spirv = kIntProbeWideSpirv,
                             .bytesPerElement = 144,
                             .needsInt64 = true,
                             .multiplyBound = true};
  return kernel;
}

const Kernel& fp64ProbeKernel() {
  static const Kernel kernel{.name = "fp64_probe",
                             .description = "fma chains on doubles: the FP64 variants' products",
                             .spirv = kFp64ProbeSpirv,
                             .bytesPerElement = 144,
                             .needsFloat64 = true,
                             .multiplyBound = true};
  return kernel;
}

std::uint64_t intProbeOpsPerElement() { return 12ull * kIntProbeRounds; }

std::uint64_t intProbeWideOpsPerElement() { return 2 * intProbeOpsPerElement(); }

}  // namespace fieldbench
