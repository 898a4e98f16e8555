#pragma once
// The table of compute kernels the binary carries (SPIR-V compiled by glslc at build time).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace fieldbench {

class Context;

struct Kernel {
  std::string_view name;         // "field_add"
  std::string_view description;
  std::span<const std::uint32_t> spirv;
  std::uint64_t bytesPerElement;  // device-memory traffic: two 48-byte reads + one 48-byte write = 144
  bool needsInt64 = false;        // the shader uses 64-bit integers (shaderInt64)

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

}  // namespace fieldbench
