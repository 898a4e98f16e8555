#include "fieldbench/kernels.hpp"

#include <fmt/format.h>

#include <array>
#include <string>

#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/verify.hpp"

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
constexpr std::uint32_t kCopy32Spirv[] = {
#include "fieldbench_spirv/copy32.spv.inc"
};
constexpr std::uint32_t kIntProbeSpirv[] = {
#include "fieldbench_spirv/int_probe.spv.inc"
};

// field_op_<field>_<op>.spv.inc: one array per field x op, in allFields() x allOps() order.
constexpr std::uint32_t kFieldOp_bls12_381_fp_add[] = {
#include "fieldbench_spirv/field_op_bls12_381_fp_add.spv.inc"
};
constexpr std::uint32_t kFieldOp_bls12_381_fp_sub[] = {
#include "fieldbench_spirv/field_op_bls12_381_fp_sub.spv.inc"
};
constexpr std::uint32_t kFieldOp_bls12_381_fp_double[] = {
#include "fieldbench_spirv/field_op_bls12_381_fp_double.spv.inc"
};
constexpr std::uint32_t kFieldOp_bls12_381_fp_neg[] = {
#include "fieldbench_spirv/field_op_bls12_381_fp_neg.spv.inc"
};
constexpr std::uint32_t kFieldOp_bls12_381_fp_mul[] = {
#include "fieldbench_spirv/field_op_bls12_381_fp_mul.spv.inc"
};
constexpr std::uint32_t kFieldOp_bls12_381_fr_add[] = {
#include "fieldbench_spirv/field_op_bls12_381_fr_add.spv.inc"
};
constexpr std::uint32_t kFieldOp_bls12_381_fr_sub[] = {
#include "fieldbench_spirv/field_op_bls12_381_fr_sub.spv.inc"
};
constexpr std::uint32_t kFieldOp_bls12_381_fr_double[] = {
#include "fieldbench_spirv/field_op_bls12_381_fr_double.spv.inc"
};
constexpr std::uint32_t kFieldOp_bls12_381_fr_neg[] = {
#include "fieldbench_spirv/field_op_bls12_381_fr_neg.spv.inc"
};
constexpr std::uint32_t kFieldOp_bls12_381_fr_mul[] = {
#include "fieldbench_spirv/field_op_bls12_381_fr_mul.spv.inc"
};
constexpr std::uint32_t kFieldOp_bn254_fp_add[] = {
#include "fieldbench_spirv/field_op_bn254_fp_add.spv.inc"
};
constexpr std::uint32_t kFieldOp_bn254_fp_sub[] = {
#include "fieldbench_spirv/field_op_bn254_fp_sub.spv.inc"
};
constexpr std::uint32_t kFieldOp_bn254_fp_double[] = {
#include "fieldbench_spirv/field_op_bn254_fp_double.spv.inc"
};
constexpr std::uint32_t kFieldOp_bn254_fp_neg[] = {
#include "fieldbench_spirv/field_op_bn254_fp_neg.spv.inc"
};
constexpr std::uint32_t kFieldOp_bn254_fp_mul[] = {
#include "fieldbench_spirv/field_op_bn254_fp_mul.spv.inc"
};
constexpr std::uint32_t kFieldOp_bn254_fr_add[] = {
#include "fieldbench_spirv/field_op_bn254_fr_add.spv.inc"
};
constexpr std::uint32_t kFieldOp_bn254_fr_sub[] = {
#include "fieldbench_spirv/field_op_bn254_fr_sub.spv.inc"
};
constexpr std::uint32_t kFieldOp_bn254_fr_double[] = {
#include "fieldbench_spirv/field_op_bn254_fr_double.spv.inc"
};
constexpr std::uint32_t kFieldOp_bn254_fr_neg[] = {
#include "fieldbench_spirv/field_op_bn254_fr_neg.spv.inc"
};
constexpr std::uint32_t kFieldOp_bn254_fr_mul[] = {
#include "fieldbench_spirv/field_op_bn254_fr_mul.spv.inc"
};
constexpr std::array<std::array<std::span<const std::uint32_t>, 5>, 4> kFieldOpSpirv{{
    {kFieldOp_bls12_381_fp_add, kFieldOp_bls12_381_fp_sub, kFieldOp_bls12_381_fp_double, kFieldOp_bls12_381_fp_neg, kFieldOp_bls12_381_fp_mul},
    {kFieldOp_bls12_381_fr_add, kFieldOp_bls12_381_fr_sub, kFieldOp_bls12_381_fr_double, kFieldOp_bls12_381_fr_neg, kFieldOp_bls12_381_fr_mul},
    {kFieldOp_bn254_fp_add, kFieldOp_bn254_fp_sub, kFieldOp_bn254_fp_double, kFieldOp_bn254_fp_neg, kFieldOp_bn254_fp_mul},
    {kFieldOp_bn254_fr_add, kFieldOp_bn254_fr_sub, kFieldOp_bn254_fr_double, kFieldOp_bn254_fr_neg, kFieldOp_bn254_fr_mul},
}};

}  // namespace

const Kernel& fieldAddKernel() {
  static const Kernel kernel{.name = "field_add",
                             .description = "c[i] = a[i] + b[i] mod p (BLS12-381 Fp)",
                             .spirv = kFieldAddSpirv,
                             .bytesPerElement = 144,
                             .field = &bls12381Fp()};
  return kernel;
}

const Kernel& fieldAddU64Kernel() {
  static const Kernel kernel{.name = "field_add_u64",
                             .description = "field_add on 6 x u64 limbs (64-bit carries)",
                             .spirv = kFieldAddU64Spirv,
                             .bytesPerElement = 144,
                             .needsInt64 = true,
                             .field = &bls12381Fp()};
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

const Kernel& fieldOpKernel(const Field& f, FieldOp op) {
  static const auto table = [] {
    std::array<std::array<Kernel, 5>, 4> t{};
    static std::array<std::array<std::string, 5>, 4> names, descriptions;
    for (std::size_t i = 0; i < t.size(); ++i) {
      const Field& field = *allFields()[i];
      for (std::size_t j = 0; j < t[i].size(); ++j) {
        const FieldOp o = allOps()[j];
        names[i][j] = fmt::format("{}.{}", field.name, toString(o));
        descriptions[i][j] = fmt::format("{} in the {}, chained K times per element", toString(o), field.description);
        const std::uint64_t eb = field.elementBytes();
        t[i][j] = Kernel{.name = names[i][j],
                         .description = descriptions[i][j],
                         .spirv = kFieldOpSpirv[i][j],
                         .bytesPerElement = (isUnary(o) ? 2 : 3) * eb,
                         .elementBytes = eb,
                         .field = &field,
                         .op = o,
                         .chained = true};
      }
    }
    return t;
  }();
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (allFields()[i] != &f) continue;
    for (std::size_t j = 0; j < table[i].size(); ++j) {
      if (allOps()[j] == op) return table[i][j];
    }
  }
  throw Error(ExitCode::kRuntime, fmt::format("no kernel for {} in {}", toString(op), f.name));
}

const Kernel& intProbeKernel() {
  static const Kernel kernel{.name = "int_probe",
                             .description = "32-bit multiply-add chains: the device's integer rate",
                             .spirv = kIntProbeSpirv,
                             .bytesPerElement = 144};
  return kernel;
}

std::uint64_t intProbeOpsPerElement() { return 12ull * kIntProbeRounds; }

std::uint64_t mulIntOpsPerMul(const Field& f) {
  const std::uint64_t n = 2 * f.limbs;
  return 4 * n * n + n;
}

const Kernel& copyKernel() {
  static const Kernel kernel{.name = "copy",
                             .description = "c[i] = a[i] xor b[i]: field_add's traffic, no arithmetic",
                             .spirv = kCopySpirv,
                             .bytesPerElement = 144};
  return kernel;
}

}  // namespace fieldbench
