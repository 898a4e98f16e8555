// The NTT workload (kernels/ntt.comp): a in, its transform out in c, worked in place there;
// b holds the size's twiddles (nttTwiddleBuffer), computed and uploaded once per size,
// outside the timer. Passes over device memory: each runs kBlockStages radix-2 stages in
// shared memory (the first with the bit-reversal gather, the last scaling the inverse),
// ceil(log2 n / 8) passes in all.
#include <algorithm>
#include <array>
#include <bit>

#include "fieldbench/kernels.hpp"
#include "fieldbench/ntt.hpp"
#include "workload.hpp"

namespace fieldbench {
namespace {

// kernels/ntt.comp's workgroup size and shared-memory block (elements).
constexpr std::uint32_t kNttThreads = 128;
constexpr std::uint32_t kNttBlock = 2 * kNttThreads;
// Stages per pass: log2(kNttBlock).
constexpr std::uint32_t kBlockStages = std::countr_zero(kNttBlock);
// Workgroups per dispatch at most (every device allows 65535).
constexpr std::uint64_t kMaxGroups = 65535;

class Ntt final : public Workload {
 public:
  Ntt(const Context& context, const Kernel& kernel) : kernel_(kernel), pipeline_(context, kernel, kNttThreads) {}

  [[nodiscard]] const Kernel& kernel() const override { return kernel_; }
  [[nodiscard]] bool hasResidentB() const override { return true; }
  void residentB(std::span<std::uint64_t> b) const override {
    const auto twiddles = nttTwiddleBuffer(*kernel_.field, elements_, inverse());
    std::copy(twiddles.begin(), twiddles.end(), b.begin());
  }
  void prepare(std::uint64_t elements, const WorkloadBuffers& buffers) override {
    checkNttSize(*kernel_.field, elements);
    elements_ = elements;
    logN_ = static_cast<std::uint32_t>(std::countr_zero(elements));
    pipeline_.bind(buffers.a, buffers.b, buffers.c);
  }
  void record(const vk::raii::CommandBuffer& cmd) const override {
    for (std::uint32_t first = 0; first < logN_; first += kBlockStages) {
      if (first != 0) {
        // Each pass reads what the one before wrote.
        const vk::MemoryBarrier barrier{.srcAccessMask = vk::AccessFlagBits::eShaderWrite,
                                        .dstAccessMask = vk::AccessFlagBits::eShaderRead | vk::AccessFlagBits::eShaderWrite};
        cmd.pipelineBarrier(vk::PipelineStageFlagBits::eComputeShader, vk::PipelineStageFlagBits::eComputeShader, {},
                            barrier, nullptr, nullptr);
      }
      const std::array<std::uint32_t, 3> push{logN_, first, inverse() ? 1u : 0u};
      // One workgroup per kNttBlock elements (one block or several smaller ones), at most
      // kMaxGroups (the shader loops over the rest).
      const std::uint64_t groups = std::max<std::uint64_t>(1, elements_ / kNttBlock);
      pipeline_.recordPush(cmd, push, static_cast<std::uint32_t>(std::min(groups, kMaxGroups)));
    }
  }
  [[nodiscard]] std::uint32_t workgroupSize() const override { return kNttThreads; }
  [[nodiscard]] PipelineStatistics statistics() const override { return pipeline_.statistics(); }
  [[nodiscard]] std::vector<std::uint64_t> reference(std::span<const std::uint64_t> a,
                                                     std::span<const std::uint64_t>) const override {
    return referenceNtt(*kernel_.field, a, inverse());
  }
  [[nodiscard]] std::uint32_t passes() const override { return (logN_ + kBlockStages - 1) / kBlockStages; }

 private:
  [[nodiscard]] bool inverse() const { return kernel_.op == FieldOp::kIntt; }

  const Kernel& kernel_;
  ComputePipeline pipeline_;
  std::uint64_t elements_ = 0;
  std::uint32_t logN_ = 0;
};

}  // namespace

std::unique_ptr<Workload> makeNttWorkload(const Context& context, const Kernel& kernel) {
  return std::make_unique<Ntt>(context, kernel);
}

}  // namespace fieldbench
