#pragma once
// The kernels the binary carries (SPIR-V compiled by glslc at build time): the catalog of
// field kernels, one per field x op x variant, and the copy roofline and integer-rate probe.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fieldbench/fields.hpp"

namespace fieldbench {

class Context;

// What the device's fma on doubles does, asked of the device (kernels/fma_probe.comp) once per
// device and driver: Vulkan promises neither (llvmpipe's is a multiply, then an add).
struct DoubleFma {
  bool fused = false;            // one rounding
  bool roundsToNearest = false;  // ties to even, as IEEE's default
};
// All false without shaderFloat64; else runs the probe the first time for this device and driver.
DoubleFma probeDoubleFma(const Context& context);

// The optional shader features a kernel may need.
struct ShaderFeatures {
  bool int64 = false;    // shaderInt64
  bool float64 = false;  // shaderFloat64
  DoubleFma fma;         // what needsExactFma asks of it
  bool roundingRtz64 = false;  // shaderRoundingModeRTZFloat64 (VkPhysicalDeviceFloatControlsProperties)
};

struct Kernel {
  std::string_view name;         // "bls12-381-fp.mul": the benchmark name, whichever variant runs
  std::string_view description;
  std::span<const std::uint32_t> spirv;
  std::uint64_t bytesPerElement;  // device-memory traffic: two 48-byte reads + one 48-byte write = 144
  bool needsInt64 = false;        // the shader uses 64-bit integers (shaderInt64)
  bool needsFloat64 = false;      // the shader uses doubles (shaderFloat64)
  bool needsExactFma = false;     // its fma on doubles fused and rounding to nearest (probeDoubleFma)
  bool needsRtz64 = false;        // its fma fused, and doubles it may round toward zero (shaderRoundingModeRTZFloat64)
  std::uint64_t elementBytes = 48;  // one element in its buffers: 48 (12 x u32) or 32 (8 x u32)
  const Field* field = nullptr;     // the field it computes in; nullptr for copy and int_probe
  FieldOp op = FieldOp::kAdd;       // with field: what it computes
  bool chained = false;             // reads --ops-per-element as specialization constant 1
  std::string_view variant;         // "u32", "cios32", ...; empty for copy and int_probe
  // 32-bit multiply-adds one op of this variant needs on its field (mul, sqr; 0 for the others).
  std::uint64_t multiplyAddsPerOp = 0;
  // FP64 instructions (fmas and adds) one op of this variant's products needs (fp52, fp52rz; 0 for the others).
  std::uint64_t fp64OpsPerOp = 0;
  // Bound by its multiplies, not by memory (mul, sqr, the rate probes): --workgroup-size auto
  // keeps it at kAutoWorkgroupSmall at every size, for its registers (chooseWorkgroupSize).
  bool multiplyBound = false;
  std::uint32_t pushWords = 1;      // u32 push constants: the element count, or the NTT's (logN, first stage, scaled)

  // Empty when `context`'s device can run it, else why not.
  [[nodiscard]] std::string unsupportedReason(const Context& context) const;
  // The same from the device's features and its name.
  [[nodiscard]] std::string unsupportedReason(ShaderFeatures features, std::string_view deviceName) const;
};

// One implementation of an op, the same on every field (a row of the catalog).
struct KernelVariant {
  std::string_view name;         // "cios64", as --variant takes it
  std::string_view description;
  bool needsInt64 = false;       // shaderInt64
  bool needsFloat64 = false;     // shaderFloat64
  // 32-bit multiply-adds one op needs in field f (counted as docs/method.md says).
  std::uint64_t (*multiplyAdds)(FieldOp op, const Field& f) = nullptr;
  bool needsExactFma = false;    // as Kernel's
  bool needsRtz64 = false;       // as Kernel's
  // FP64 instructions one op's products need in field f (docs/method.md); nullptr: none.
  std::uint64_t (*fp64Ops)(FieldOp op, const Field& f) = nullptr;
};

// The variants of `op`, in the catalog's order (mul and sqr share theirs; ntt and intt have
// cios32 and cios64; the others u32).
std::span<const KernelVariant> variantsOf(FieldOp op);
// Every variant name of any op, once each, catalog order: u32, cios32, cios64, ...
std::vector<std::string_view> variantNames();
// The kernels of `op` in `f`, one per variant of variantsOf(op), same order (ntt, intt: only
// on the fields with an NTT; Error(kRuntime) elsewhere).
std::span<const Kernel* const> fieldOpKernels(const Field& f, FieldOp op);
// The generic kernel of `op` in `f` (kernels/field_op.comp): x = a[i], then x = op(x, b[i])
// K times (K = specialization constant 1), c[i] = x. Named "<field>.<op>". The first variant.
const Kernel& fieldOpKernel(const Field& f, FieldOp op);
// The variant named `variant`; throws Error(kUsage) listing op's variants otherwise.
const Kernel& fieldOpKernel(const Field& f, FieldOp op, std::string_view variant);

// --variant: "best", "all", or a variant name that at least one of `ops` has; throws
// Error(kUsage) naming the value and listing the allowed ones otherwise.
void checkVariantOption(std::string_view text, std::span<const FieldOp> ops);

// What --variant best measured of one variant.
struct VariantTiming {
  std::string_view variant;
  std::string unsupportedReason;  // not empty: the device cannot run it (not timed)
  bool verified = false;          // its probe run matched the CPU reference
  double kernelNs = 0;            // median kernel time of its probe run
};
// Index of the fastest supported, verified variant; the first of equal times. Throws
// Error(kMismatch) when none verified, Error(kUsage) when none is supported.
std::size_t chooseFastest(std::span<const VariantTiming> timings, std::string_view kernelName);

// c[i] = a[i] xor b[i]: field_add's traffic with no arithmetic (bandwidth roofline).
const Kernel& copyKernel();
// The copy roofline for elements of `elementBytes` (48 or 32).
const Kernel& copyKernelFor(std::uint64_t elementBytes);
// 32-bit multiply-add chains (kernels/int_probe.comp): the integer rate mul is compared with.
const Kernel& intProbeKernel();
// Multiply-adds per element of intProbeKernel(): 12 words x kIntProbeRounds.
std::uint64_t intProbeOpsPerElement();
// int_probe -DWIDE: 32x32->64 multiply-add chains (needs shaderInt64), the step of the 64-bit variants.
const Kernel& intProbeWideKernel();
// Its 32-bit multiply-adds per element: a wide one counts 2 (low and high word), as the catalog counts.
std::uint64_t intProbeWideOpsPerElement();
// fma chains on doubles (kernels/fp64_probe.comp), where shaderFloat64: the rate of the FP64
// variants' products. Its ops per element are fmas, 12 x kIntProbeRounds (intProbeOpsPerElement).
const Kernel& fp64ProbeKernel();

}  // namespace fieldbench
