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
#include "fieldbench/kernels.hpp"

namespace fieldbench {
namespace {

// One generated row: field (fields/<name>.h's prefix, lower case), op, variant, whether
// CMake compiled it with SHADER_INT64, and the SPIR-V.
struct SpirvRow {
  const char* field;
  const char* op;
  const char* variant;
  int int64;
  std::span<const std::uint32_t> spirv;
};
#include "fieldbench_spirv/field_op_catalog.inc"

std::uint64_t noMultiplyAdds(FieldOp, std::uint64_t) { return 0; }

// CIOS on n 32-bit limbs: n^2 products a[j] b[i] and n^2 products m p[j], each a low and a
// high 32-bit multiply-add (4n^2), plus n multiplies for m. sqr runs fMul(a, a): the same.
std::uint64_t ciosMultiplyAdds(FieldOp, std::uint64_t n) { return 4 * n * n + n; }

// add, sub, double and neg: 32-bit carry chains, one variant.
constexpr KernelVariant kU32Variants[] = {
    {.name = "u32", .description = "32-bit limbs, uaddCarry/usubBorrow chains", .multiplyAdds = noMultiplyAdds},
};

// mul and sqr (one row per variant: name, description, needs int64, multiply-adds per op).
constexpr KernelVariant kMulVariants[] = {
    {"cios32", "CIOS Montgomery on 32-bit limbs, uaddCarry carry chains (any device)", false, ciosMultiplyAdds},
    {"cios64", "CIOS Montgomery with 64-bit accumulation, no-carry rows (needs shaderInt64)", true,
     ciosMultiplyAdds},
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::span<const std::uint32_t> spirvOf(const Field& f, FieldOp op, const KernelVariant& v) {
  const std::string field = lower(f.macroPrefix);
  for (const SpirvRow& row : kSpirvRows) {
    if (row.field != field || row.op != toString(op) || row.variant != v.name) continue;
    if ((row.int64 != 0) != v.needsInt64) {
      throw Error(ExitCode::kRuntime, fmt::format("kernel catalog: variant {} needs int64 in its row but not in "
                                                  "kernels/CMakeLists.txt (or the other way round)", v.name));
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
                                       .elementBytes = eb, .field = f, .op = op, .chained = true,
                                       .variant = v.name, .multiplyAddsPerOp = v.multiplyAdds(op, 2 * f->limbs)});
          out.byOp[{f, op}].push_back(&out.kernels.back());
        }
      }
    }
    // Every kernel CMake compiled has its row here: a variant added to one list and not the other is caught.
    if (out.kernels.size() != std::size(kSpirvRows)) {
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
