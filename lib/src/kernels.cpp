#include "fieldbench/kernels.hpp"

#include <fmt/format.h>

#include <array>

#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"

namespace fieldbench {
namespace {

constexpr std::uint32_t kFieldAddSpirv[] = {
#include "fieldbench_spirv/field_add.spv.inc"
};
constexpr std::uint32_t kFieldAddU64Spirv[] = {
#include "fieldbench_spirv/field_add_u64.spv.inc"
};
constexpr std::uint32_t kCopySpirv[] = {
#include "fieldbench_spirv/copy.spv.inc"
};

}  // namespace

const Kernel& fieldAddKernel() {
  static const Kernel kernel{.name = "field_add",
                             .description = "c[i] = a[i] + b[i] mod p (BLS12-381 Fp)",
                             .spirv = kFieldAddSpirv,
                             .bytesPerElement = 144};
  return kernel;
}

const Kernel& fieldAddU64Kernel() {
  static const Kernel kernel{.name = "field_add_u64",
                             .description = "field_add on 6 x u64 limbs (64-bit carries)",
                             .spirv = kFieldAddU64Spirv,
                             .bytesPerElement = 144,
                             .needsInt64 = true};
  return kernel;
}

std::span<const Kernel* const> fieldAddKernels() {
  static const std::array<const Kernel*, 2> kernels{&fieldAddKernel(), &fieldAddU64Kernel()};
  return kernels;
}

const Kernel& findFieldAddKernel(std::string_view name) {
  std::string names;
  for (const Kernel* k : fieldAddKernels()) {
    if (k->name == name) return *k;
    names += (names.empty() ? "" : ", ") + std::string(k->name);
  }
  throwUsage(fmt::format("invalid kernel '{}': expected one of {}", name, names));
}

std::string Kernel::unsupportedReason(const Context& context) const {
  if (needsInt64 && !context.shaderInt64()) {
    return fmt::format("kernel {} needs shaderInt64, which {} does not support", name, context.info().name);
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

}  // namespace fieldbench
