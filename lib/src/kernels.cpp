#include "fieldbench/kernels.hpp"

namespace fieldbench {
namespace {

constexpr std::uint32_t kFieldAddSpirv[] = {
#include "fieldbench_spirv/field_add.spv.inc"
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

const Kernel& copyKernel() {
  static const Kernel kernel{.name = "copy",
                             .description = "c[i] = a[i] xor b[i]: field_add's traffic, no arithmetic",
                             .spirv = kCopySpirv,
                             .bytesPerElement = 144};
  return kernel;
}

}  // namespace fieldbench
