// The kernel catalog: field x op x variant. The variant rows are here; the SPIR-V of each
// combination comes from kernels/CMakeLists.txt's generated field_op_catalog.inc.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "fieldbench/error.hpp"
#include "fieldbench/fields/bls12_381_fp.h"
#include "fieldbench/fields/bls12_381_fr.h"
#include "fieldbench/fields/bn254_fp.h"
#include "fieldbench/fields/bn254_fr.h"
#include "fieldbench/kernels.hpp"
#include "fieldbench/ntt.hpp"

namespace fieldbench {
namespace {

// One generated row: field (fields/<name>.h's prefix, lower case), op, variant, whether
// CMake compiled it with SHADER_INT64 and for shaderFloat64, and the SPIR-V.
struct SpirvRow {
  const char* field;
  const char* op;
  const char* variant;
  int int64;
  int float64;
  std::span<const std::uint32_t> spirv;
};
#include "fieldbench_spirv/field_op_catalog.inc"

std::uint64_t noMultiplyAdds(FieldOp, const Field&) { return 0; }

// Multiply-adds are counted as docs/method.md says: a 32x32->64 product is two (its low and
// high words), a product whose high word is unused is one; adds and carries are not counted.
// n = 32-bit limbs. CIOS: n^2 products a[j] b[i] and n^2 products m p[j] (4n^2), n for m.
std::uint64_t ciosMultiplyAdds(std::uint64_t n) { return 4 * n * n + n; }
// A squaring with the cross products once and the diagonal (n(n+1)/2 products), then n
// reduction rows (n^2 products and n for m): 3n^2 + 2n.
std::uint64_t sosSquareMultiplyAdds(std::uint64_t n) { return 3 * n * n + 2 * n; }

// cios32: fSqr is fMul(a, a).
std::uint64_t cios32MultiplyAdds(FieldOp, const Field& f) { return ciosMultiplyAdds(2 * f.limbs); }
// cios64: fSqr squares by SOS.
std::uint64_t cios64MultiplyAdds(FieldOp op, const Field& f) {
  return op == FieldOp::kSqr ? sosSquareMultiplyAdds(2 * f.limbs) : ciosMultiplyAdds(2 * f.limbs);
}
// ps64 on L limbs of W bits (the field header's PS_LIMBS): product scanning, L^2 products a b
// and L^2 m p, L for m (4L^2 + L); its square has L(L+1)/2 products a a (3L^2 + 2L).
std::uint64_t ps64MultiplyAdds(FieldOp op, const Field& f) {
  const int l = &f == &bls12381Fp()   ? FB_BLS12_381_FP_PS_LIMBS
                : &f == &bls12381Fr() ? FB_BLS12_381_FR_PS_LIMBS
                : &f == &bn254Fp()    ? FB_BN254_FP_PS_LIMBS
                                      : FB_BN254_FR_PS_LIMBS;
  const auto limbs = static_cast<std::uint64_t>(l);
  return op == FieldOp::kSqr ? sosSquareMultiplyAdds(limbs) : ciosMultiplyAdds(limbs);
}

// fp52 on L = ceil(32 n / 52) limbs: L^2 products a b and L^2 m p for mul; L(L+1)/2 a a and
// L^2 m p for sqr. FP64 instructions a product: two fmas and the subtraction that makes the low
// fma's addend, and with rounding to nearest one add more (kernels/mul_fp52.glsl).
std::uint64_t fp52Products(FieldOp op, const Field& f, std::uint64_t limbBits = 52) {
  const std::uint64_t l = (32 * 2 * f.limbs + limbBits - 1) / limbBits;
  return op == FieldOp::kSqr ? l * (l + 1) / 2 + l * l : 2 * l * l;
}
std::uint64_t fp52Ops(FieldOp op, const Field& f) { return 4 * fp52Products(op, f); }
std::uint64_t fp52rzOps(FieldOp op, const Field& f) { return 3 * fp52Products(op, f); }
// fp51k on L = ceil(32 n / 51) limbs, a = a0 + a1 W on h = ceil(L / 2): mul's a b by Karatsuba,
// 3 h^2 products (and the 2h differences a0 - a1, b1 - b0), and L^2 m p; sqr as fp52's on L limbs.
// Three FP64 instructions a product, as fp52rz.
std::uint64_t fp51kOps(FieldOp op, const Field& f) {
  if (op == FieldOp::kSqr) return 3 * fp52Products(op, f, 51);
  const std::uint64_t l = (32 * 2 * f.limbs + 50) / 51, h = (l + 1) / 2;
  return 3 * (3 * h * h + l * l) + 2 * h;
}

// add, sub, double and neg: 32-bit carry chains, one variant.
constexpr KernelVariant kU32Variants[] = {
    {.name = "u32", .description = "32-bit limbs, uaddCarry/usubBorrow chains", .multiplyAdds = noMultiplyAdds},
};

// mul and sqr (one row per variant: name, description, needs int64, needs float64, multiply-adds per op).
constexpr KernelVariant kMulVariants[] = {
    {"cios32", "CIOS Montgomery on 32-bit limbs, uaddCarry carry chains, sqr = mul(a, a) (any device)", false, false,
     cios32MultiplyAdds},
    {"cios64", "CIOS Montgomery with 64-bit accumulation, no-carry rows; SOS squaring (needs shaderInt64)", true, false,
     cios64MultiplyAdds},
    {"ps64", "product scanning on 29- or 30-bit limbs (per field), 64-bit column sums, lazy reduction; dedicated squaring (needs "
             "shaderInt64)", true, false, ps64MultiplyAdds},
    {.name = "fp52",
     .description = "product scanning on 52-bit limbs in doubles, each product two FP64 fmas, integer column sums; "
                    "sqr in Montgomery form for 2^(52L), each cross product once (needs shaderFloat64, shaderInt64 "
                    "and a fused fma on doubles)",
     .needsInt64 = true, .needsFloat64 = true, .multiplyAdds = noMultiplyAdds, .needsExactFma = true,
     .fp64Ops = fp52Ops},
    {.name = "fp52rz",
     .description = "fp52 with doubles rounded toward zero: three FP64 operations a product instead of four (also "
                    "needs shaderRoundingModeRTZFloat64)",
     .needsInt64 = true, .needsFloat64 = true, .multiplyAdds = noMultiplyAdds, .needsRtz64 = true,
     .fp64Ops = fp52rzOps},
    {.name = "fp51k",
     .description = "fp52rz on 51-bit limbs with mul's a b by one level of Karatsuba, (a0 - a1)(b1 - b0) in signed "
                    "products: 112 limb products instead of 128 on BLS12-381 Fp, more on the 256-bit fields (6 limbs "
                    "instead of 5); sqr as fp52rz's",
     .needsInt64 = true, .needsFloat64 = true, .multiplyAdds = noMultiplyAdds, .needsRtz64 = true,
     .fp64Ops = fp51kOps},
};

// The NTT's variants are the mul variants: its butterfly multiplies through their hooks (kernels/ntt.comp).
constexpr std::span<const KernelVariant> kNttVariants(kMulVariants);

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::span<const std::uint32_t> spirvOf(const Field& f, FieldOp op, const KernelVariant& v) {
  const std::string field = lower(f.macroPrefix);
  // ntt and intt share one shader: the direction is in the twiddles it is given.
  const std::string_view opName = isTransform(op) ? "ntt" : toString(op);
  for (const SpirvRow& row : isTransform(op) ? std::span<const SpirvRow>(kNttSpirvRows) : std::span<const SpirvRow>(kSpirvRows)) {
    if (row.field != field || row.op != opName || row.variant != v.name) continue;
    if ((row.int64 != 0) != v.needsInt64 || (row.float64 != 0) != v.needsFloat64) {
      throw Error(ExitCode::kRuntime, fmt::format("kernel catalog: variant {} needs int64 or float64 in its row but "
                                                  "not in kernels/CMakeLists.txt (or the other way round)", v.name));
    }
    return row.spirv;
  }
  throw Error(ExitCode::kRuntime, fmt::format("kernel catalog: no SPIR-V for {}.{} variant {} (an entry missing from "
                                              "kernels/CMakeLists.txt)", f.name, toString(op), v.name));
}

struct Catalog {
  std::deque<Kernel> kernels;           // stable addresses
  std::deque<std::string> strings;      // their names and descriptions
  std::map<std::pair<const Field*, FieldOp>, std::vector<const Kernel*>> byOp;
};

// ntt and intt on the fields with an NTT, one kernel per variant; bytesPerElement is one
// pass over device memory (read and write each element; the workload counts its passes).
void addTransforms(Catalog& out) {
  for (const Field* f : allFields()) {
    if (nttTwoAdicity(*f) == 0) continue;
    for (FieldOp op : transformOps()) {
      const std::string& name = out.strings.emplace_back(fmt::format("{}.{}", f->name, toString(op)));
      for (const KernelVariant& v : kNttVariants) {
        const std::string& description = out.strings.emplace_back(fmt::format(
            "{} in the {}, radix-2, natural order, standard form; {}: {}", op == FieldOp::kNtt ? "forward NTT" : "inverse NTT",
            f->description, v.name, v.description));
        const std::uint64_t eb = f->elementBytes();
        out.kernels.push_back(Kernel{.name = name, .description = description, .spirv = spirvOf(*f, op, v),
                                     .bytesPerElement = 2 * eb, .needsInt64 = v.needsInt64,
                                     .needsFloat64 = v.needsFloat64, .needsExactFma = v.needsExactFma,
                                     .needsRtz64 = v.needsRtz64, .elementBytes = eb,
                                     .field = f, .op = op, .chained = false, .variant = v.name,
                                     .multiplyAddsPerOp = v.multiplyAdds(FieldOp::kMul, *f),
                                     .fp64OpsPerOp = v.fp64Ops ? v.fp64Ops(FieldOp::kMul, *f) : 0, .pushWords = 3});
        out.byOp[{f, op}].push_back(&out.kernels.back());
      }
    }
  }
}

const Catalog& catalog() {
  static const Catalog c = [] {
    Catalog out;
    for (const Field* f : allFields()) {
      for (FieldOp op : allOps()) {
        const std::string& name = out.strings.emplace_back(fmt::format("{}.{}", f->name, toString(op)));
        for (const KernelVariant& v : variantsOf(op)) {
          const std::string& description = out.strings.emplace_back(
              fmt::format("{} in the {}, chained K times per element; {}: {}", toString(op), f->description, v.name,
                          v.description));
          const std::uint64_t eb = f->elementBytes();
          out.kernels.push_back(Kernel{.name = name, .description = description, .spirv = spirvOf(*f, op, v),
                                       .bytesPerElement = (isUnary(op) ? 2 : 3) * eb, .needsInt64 = v.needsInt64,
                                       .needsFloat64 = v.needsFloat64, .needsExactFma = v.needsExactFma,
                                       .needsRtz64 = v.needsRtz64,
                                       .elementBytes = eb, .field = f, .op = op, .chained = true,
                                       .variant = v.name, .multiplyAddsPerOp = v.multiplyAdds(op, *f),
                                       .fp64OpsPerOp = v.fp64Ops ? v.fp64Ops(op, *f) : 0,
                                       .multiplyBound = op == FieldOp::kMul || op == FieldOp::kSqr});
          out.byOp[{f, op}].push_back(&out.kernels.back());
        }
      }
    }
    addTransforms(out);
    // Every kernel CMake compiled has its row here: a variant added to one list and not the other is caught.
    if (out.kernels.size() != std::size(kSpirvRows) + 2 * std::size(kNttSpirvRows)) {
      throw Error(ExitCode::kRuntime, fmt::format("kernel catalog: kernels/CMakeLists.txt compiled {} field kernels, "
                                                  "the variant rows name {} (a row missing from kMulVariants?)",
                                                  std::size(kSpirvRows), out.kernels.size()));
    }
    return out;
  }();
  return c;
}

std::string joined(const std::vector<std::string_view>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

}  // namespace

std::span<const KernelVariant> variantsOf(FieldOp op) {
  if (op == FieldOp::kMul || op == FieldOp::kSqr) return kMulVariants;
  if (isTransform(op)) return kNttVariants;
  return kU32Variants;
}

std::vector<std::string_view> variantNames() {
  std::vector<std::string_view> names;
  for (FieldOp op : allOps()) {
    for (const KernelVariant& v : variantsOf(op)) {
      if (std::ranges::find(names, v.name) == names.end()) names.push_back(v.name);
    }
  }
  return names;
}

std::span<const Kernel* const> fieldOpKernels(const Field& f, FieldOp op) {
  const auto& byOp = catalog().byOp;
  const auto it = byOp.find({&f, op});
  if (it == byOp.end()) throw Error(ExitCode::kRuntime, fmt::format("no kernel for {} in {}", toString(op), f.name));
  return it->second;
}

const Kernel& fieldOpKernel(const Field& f, FieldOp op) { return *fieldOpKernels(f, op).front(); }

const Kernel& fieldOpKernel(const Field& f, FieldOp op, std::string_view variant) {
  std::vector<std::string_view> names;
  for (const Kernel* k : fieldOpKernels(f, op)) {
    if (k->variant == variant) return *k;
    names.push_back(k->variant);
  }
  throwUsage(fmt::format("invalid variant '{}' for {}: expected {}", variant, toString(op), joined(names)));
}

void checkVariantOption(std::string_view text, std::span<const FieldOp> ops) {
  if (text == "best" || text == "all") return;
  std::vector<std::string_view> allowed{"best", "all"};
  std::string opNames;
  for (FieldOp op : ops) {
    opNames += (opNames.empty() ? "" : ",") + std::string(toString(op));
    for (const KernelVariant& v : variantsOf(op)) {
      if (v.name == text) return;
      if (std::ranges::find(allowed, v.name) == allowed.end()) allowed.push_back(v.name);
    }
  }
  throwUsage(fmt::format("invalid --variant '{}': expected {} (the variants of --op {})", text, joined(allowed),
                         opNames));
}

std::size_t chooseFastest(std::span<const VariantTiming> timings, std::string_view kernelName) {
  std::size_t best = timings.size();
  std::size_t supported = 0;
  std::string failures;
  for (std::size_t i = 0; i < timings.size(); ++i) {
    const VariantTiming& t = timings[i];
    if (!t.unsupportedReason.empty()) continue;
    ++supported;
    if (!t.verified) {
      failures += (failures.empty() ? "" : ", ") + std::string(t.variant);
      continue;
    }
    if (best == timings.size() || t.kernelNs < timings[best].kernelNs) best = i;
  }
  if (supported == 0) throwUsage(fmt::format("--variant best: no variant of {} runs on this device", kernelName));
  if (best == timings.size()) {
    throw Error(ExitCode::kMismatch, fmt::format("--variant best: no variant of {} verified (failed: {})", kernelName,
                                                 failures));
  }
  return best;
}

}  // namespace fieldbench
