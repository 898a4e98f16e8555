#pragma once
// The table of compute kernels the binary carries (SPIR-V compiled by glslc at build time).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "fieldbench/fields.hpp"

namespace fieldbench {

class Context;

struct Kernel {
  std::string_view name;         // "field_add"
  std::string_view description;
  std::span<const std::uint32_t> spirv;
  std::uint64_t bytesPerElement;  // device-memory traffic: two 48-byte reads + one 48-byte write = 144
  bool needsInt64 = false;        // the shader uses 64-bit integers (shaderInt64)
  std::uint64_t elementBytes = 48;  // one element in its buffers: 48 (12 x u32) or 32 (8 x u32)
  const Field* field = nullptr;     // the field it computes in; nullptr for copy and int_probe
  FieldOp op = FieldOp::kAdd;       // with field: what it computes
  bool chained = false;             // reads --ops-per-element as specialization constant 1

  // Empty when `context`'s device can run it, else why not.
  [[nodiscard]] std::string unsupportedReason(const Context& context) const;
};

// c[i] = a[i] + b[i] mod p, on 12 x u32 limbs with uaddCarry/usubBorrow (the default).
const Kernel& fieldAddKernel();
// The same on 6 x u64 limbs (a tuning variant; needs shaderInt64).
const Kernel& fieldAddU64Kernel();
// The field_add kernels --kernel can name.
std::span<const Kernel* const> fieldAddKernels();
// The one named `name`; throws Error(kUsage) listing the names otherwise.
const Kernel& findFieldAddKernel(std::string_view name);
// c[i] = a[i] xor b[i]: field_add's traffic with no arithmetic (bandwidth roofline).
const Kernel& copyKernel();
// The copy roofline for elements of `elementBytes` (48 or 32).
const Kernel& copyKernelFor(std::uint64_t elementBytes);
// The generic kernel of `op` in `f` (kernels/field_op.comp): x = a[i], then x = op(x, b[i])
// K times (K = specialization constant 1), c[i] = x. Named "<field>.<op>".
const Kernel& fieldOpKernel(const Field& f, FieldOp op);
// 32-bit multiply-add chains (kernels/int_probe.comp): the integer rate mul is compared with.
const Kernel& intProbeKernel();
// Multiply-adds per element of intProbeKernel(): 12 words x kIntProbeRounds.
std::uint64_t intProbeOpsPerElement();
// 32-bit multiply-adds one CIOS Montgomery multiplication needs at least on n = limbs32
// limbs: 2n^2 32x32->64 products (2 multiply-adds each: low and high word) + n for m.
std::uint64_t mulIntOpsPerMul(const Field& f);

}  // namespace fieldbench
