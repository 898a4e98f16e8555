// The element-wise workload: c[i] = op applied K times to a[i] (and b[i]), one dispatch of
// kernels/field_op.comp (or copy, int_probe), chunkable by whole workgroups.
#include <fmt/format.h>

#include <map>

#include "fieldbench/error.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/verify.hpp"
#include "workload.hpp"

namespace fieldbench {

void Workload::recordRange(const vk::raii::CommandBuffer&, std::uint32_t first, std::uint32_t count) const {
  throw Error(ExitCode::kRuntime, fmt::format("{} is not chunkable (elements {} + {})", kernel().name, first, count));
}

namespace {

class Elementwise final : public Workload {
 public:
  Elementwise(const Context& context, const Kernel& kernel, std::uint32_t workgroupSize, std::uint32_t ops)
      : context_(context), kernel_(kernel), fixedWorkgroup_(workgroupSize), opsPerElement_(ops) {}

  [[nodiscard]] const Kernel& kernel() const override { return kernel_; }
  [[nodiscard]] bool chunkable() const override { return true; }
  void prepare(std::uint64_t elements, const WorkloadBuffers& buffers) override {
    const std::uint32_t wg = fixedWorkgroup_ != 0 ? fixedWorkgroup_ : chooseWorkgroupSize(context_, kernel_, elements);
    auto& p = cache_[wg];
    if (!p) p = std::make_unique<ComputePipeline>(context_, kernel_, wg, opsPerElement_);
    pipeline_ = p.get();
    elements_ = elements;
    pipeline_->bind(buffers.a, buffers.b, buffers.c);
  }
  void record(const vk::raii::CommandBuffer& cmd) const override {
    pipeline_->record(cmd, static_cast<std::uint32_t>(elements_));
  }
  void recordRange(const vk::raii::CommandBuffer& cmd, std::uint32_t first, std::uint32_t count) const override {
    pipeline_->recordRange(cmd, first, count);
  }
  [[nodiscard]] bool rangeFits(std::uint32_t end) const override { return pipeline_->rangeFits(end); }
  [[nodiscard]] std::uint32_t workgroupSize() const override { return pipeline_->workgroupSize(); }
  [[nodiscard]] PipelineStatistics statistics() const override { return pipeline_->statistics(); }
  [[nodiscard]] std::vector<std::uint64_t> reference(std::span<const std::uint64_t> a,
                                                     std::span<const std::uint64_t> b) const override {
    if (kernel_.field == nullptr) {
      throw Error(ExitCode::kRuntime, fmt::format("{} has no CPU reference of its own", kernel_.name));
    }
    return referenceOp(*kernel_.field, kernel_.op, opsPerElement_, a, b);
  }

 private:
  const Context& context_;
  const Kernel& kernel_;
  std::uint32_t fixedWorkgroup_;  // 0: chooseWorkgroupSize per size
  std::uint32_t opsPerElement_;
  std::map<std::uint32_t, std::unique_ptr<ComputePipeline>> cache_;  // by workgroup size
  ComputePipeline* pipeline_ = nullptr;                              // the prepared size's
  std::uint64_t elements_ = 0;
};

}  // namespace

std::unique_ptr<Workload> makeElementwiseWorkload(const Context& context, const Kernel& kernel,
                                                  std::uint32_t workgroupSize, std::uint32_t opsPerElement) {
  return std::make_unique<Elementwise>(context, kernel, workgroupSize, opsPerElement);
}

std::unique_ptr<Workload> makeWorkload(const Context& context, const Kernel& kernel, std::uint32_t workgroupSize,
                                       std::uint32_t opsPerElement) {
  if (kernel.field != nullptr && isTransform(kernel.op)) return makeNttWorkload(context, kernel);
  return makeElementwiseWorkload(context, kernel, workgroupSize, opsPerElement);
}

}  // namespace fieldbench
