#include "fieldbench/inspect.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "fieldbench/context.hpp"
#include "fieldbench/fault.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/ntt.hpp"
#include "../run/workload.hpp"

namespace fieldbench {
namespace {

// Every kernel --list-ops names: each field x op x variant, then the NTT's (ntt and intt
// share one shader: listed as ntt) on the fields that have one.
std::vector<const Kernel*> listedKernels() {
  std::vector<const Kernel*> out;
  for (const Field* f : allFields()) {
    for (const FieldOp op : allOps()) {
      for (const Kernel* k : fieldOpKernels(*f, op)) out.push_back(k);
    }
    if (nttTwoAdicity(*f) != 0) {
      for (const Kernel* k : fieldOpKernels(*f, FieldOp::kNtt)) out.push_back(k);
    }
  }
  return out;
}

std::uint32_t inspectedWorkgroupSize(const Context& context, std::uint32_t workgroupSize) {
  // auto: what every kernel runs with below 1M elements.
  return workgroupSize != 0 ? workgroupSize : chooseWorkgroupSize(context, fieldOpKernel(bls12381Fp(), FieldOp::kAdd), 1);
}

}  // namespace

std::vector<KernelInspection> inspectKernels(const Context& context, std::uint32_t workgroupSize,
                                             std::uint32_t opsPerElement) {
  std::vector<KernelInspection> out;
  if (!context.pipelineExecutableInfo()) return out;
  const std::uint32_t wg = inspectedWorkgroupSize(context, workgroupSize);
  for (const Kernel* kernel : listedKernels()) {
    const std::string label = kernel->variant.empty() ? std::string(kernel->name)
                                                      : fmt::format("{} [{}]", kernel->name, kernel->variant);
    KernelInspection k{.kernel = label, .unsupported = kernel->unsupportedReason(context),
                       .statistics = {}};
    if (k.unsupported.empty()) {
      k.statistics = duringStep([&] { return fmt::format("building {} and reading its statistics", label); }, [&] {
        if (!isTransform(kernel->op)) return ComputePipeline(context, *kernel, wg, opsPerElement).statistics();
        // The NTT's pipeline is its workload's own, at the shader's fixed workgroup size.
        const auto workload = makeWorkload(context, *kernel, 0, 1);
        k.kernel = fmt::format("{} (workgroup size {})", label, workload->workgroupSize());
        return workload->statistics();
      });
    }
    out.push_back(std::move(k));
  }
  return out;
}

std::string inspectionText(const Context& context, std::uint32_t workgroupSize, std::uint32_t opsPerElement) {
  const auto& device = context.info().name;
  if (!context.pipelineExecutableInfo()) {
    return fmt::format("pipeline statistics: {} does not expose VK_KHR_pipeline_executable_properties\n", device);
  }
  std::string text = fmt::format("pipeline statistics on {} (workgroup size {}, {} op(s) per element):\n", device,
                                 inspectedWorkgroupSize(context, workgroupSize), opsPerElement);
  for (const auto& k : inspectKernels(context, workgroupSize, opsPerElement)) {
    text += fmt::format("  {}\n", k.kernel);
    if (!k.unsupported.empty()) text += fmt::format("    skipped: {}\n", k.unsupported);
    if (k.unsupported.empty() && k.statistics.empty()) text += "    (the driver reports no statistics)\n";
    std::size_t width = 0;
    for (const auto& s : k.statistics) width = std::max(width, s.name.size());
    const std::string* executable = nullptr;
    for (const auto& s : k.statistics) {
      if (executable == nullptr || *executable != s.executable) text += fmt::format("    {}\n", s.executable);
      executable = &s.executable;
      text += fmt::format("      {:<{}}  {:>10}  {}\n", s.name, width, s.value, s.description);
    }
  }
  return text;
}

}  // namespace fieldbench
