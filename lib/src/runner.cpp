#include "fieldbench/runner.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <map>
#include <optional>

#include "fieldbench/buffer.hpp"
#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/pipeline.hpp"
#include "fieldbench/timer.hpp"

namespace fieldbench {
namespace {

using Clock = std::chrono::steady_clock;
using Usage = vk::BufferUsageFlagBits;
using Access = vk::AccessFlagBits;
using Stage = vk::PipelineStageFlagBits;

double nsBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::nano>(b - a).count();
}

void memoryBarrier(const vk::raii::CommandBuffer& cmd, vk::PipelineStageFlags src, vk::AccessFlags srcAccess,
                   vk::PipelineStageFlags dst, vk::AccessFlags dstAccess) {
  const vk::MemoryBarrier barrier{.srcAccessMask = srcAccess, .dstAccessMask = dstAccess};
  cmd.pipelineBarrier(src, dst, {}, barrier, nullptr, nullptr);
}

// Timestamp slots: 0 start, 1 after upload, 2 after kernel, 3 after download.
enum Slot : std::uint32_t { kStart = 0, kUploaded = 1, kComputed = 2, kDownloaded = 3, kSlots = 4 };

struct HeapNeed {
  std::uint64_t bytes = 0;
  std::string what;
};

}  // namespace

void checkFits(const Context& context, MemoryKind memory, std::uint64_t elements) {
  if (elements == 0) throwUsage("invalid count '0': expected a positive number of elements");
  const std::uint64_t bytes = elements * kElementBytes;
  const std::uint64_t maxRange = context.properties().limits.maxStorageBufferRange;
  if (bytes > maxRange) {
    throwUsage(fmt::format("--elements {} needs {}-byte buffers, over this device's maxStorageBufferRange of "
                           "{} bytes (at most {} elements)",
                           elements, bytes, maxRange, maxRange / kElementBytes));
  }
  const auto& props = context.memoryProperties();
  std::map<std::uint32_t, HeapNeed> needs;
  auto need = [&](const MemoryRequest& request, std::uint64_t count, const char* what) {
    const auto type = chooseMemoryType(props, ~0u, request);
    auto& n = needs[props.memoryTypes[type].heapIndex];
    n.bytes += count * bytes;
    n.what += (n.what.empty() ? "" : " + ") + fmt::format("{} {}", count, what);
  };
  if (memory == MemoryKind::kDeviceLocal) {
    need(deviceLocalMemory(), 3, "device-local buffers");
    need(uploadStagingMemory(), 2, "upload staging buffers");
    need(readbackStagingMemory(), 1, "readback staging buffer");
  } else {
    need(hostSharedMemory(), 3, "host-visible buffers");
  }
  for (const auto& [heap, n] : needs) {
    const std::uint64_t size = props.memoryHeaps[heap].size;
    if (n.bytes > size) {
      throwUsage(fmt::format("--elements {} needs {} MiB in memory heap {} ({} of {} bytes), which has {} MiB",
                             elements, n.bytes >> 20, heap, n.what, bytes, size >> 20));
    }
  }
}

struct Runner::Impl {
  Impl(const Context& ctx, const Kernel& k, std::uint32_t workgroupSize)
      : context(ctx), kernel(k), pipeline(ctx, k, workgroupSize), timestamps(ctx, kSlots) {}

  // Buffers, descriptors and command buffers for one (memory, elements); made once per size.
  void prepare(MemoryKind memory, std::uint64_t elements);
  void recordMain();
  void recordPoison();
  void submitAndWait(const vk::raii::CommandBuffer& cmd);

  const Context& context;
  const Kernel& kernel;
  ComputePipeline pipeline;
  TimestampPool timestamps;
  vk::raii::Fence fence{context.device(), vk::FenceCreateInfo{}};
  vk::raii::CommandBuffers commands{
      context.device(), vk::CommandBufferAllocateInfo{.commandPool = *context.commandPool(),
                                                      .level = vk::CommandBufferLevel::ePrimary,
                                                      .commandBufferCount = 2}};
  const vk::raii::CommandBuffer& mainCmd = commands[0];
  const vk::raii::CommandBuffer& poisonCmd = commands[1];

  MemoryKind memory = MemoryKind::kDeviceLocal;
  std::uint64_t elements = 0;
  // Operands and result as the shader sees them; staging only for device-local memory.
  std::optional<Buffer> a, b, c, stageA, stageB, stageC;
};

void Runner::Impl::prepare(MemoryKind kind, std::uint64_t count) {
  if (a && kind == memory && count == elements) return;
  a.reset(), b.reset(), c.reset(), stageA.reset(), stageB.reset(), stageC.reset();
  memory = kind;
  elements = count;
  const vk::DeviceSize bytes = count * kElementBytes;
  const auto storage = Usage::eStorageBuffer;
  if (kind == MemoryKind::kDeviceLocal) {
    a.emplace(context, bytes, storage | Usage::eTransferDst, deviceLocalMemory());
    b.emplace(context, bytes, storage | Usage::eTransferDst, deviceLocalMemory());
    c.emplace(context, bytes, storage | Usage::eTransferSrc | Usage::eTransferDst, deviceLocalMemory());
    stageA.emplace(context, bytes, Usage::eTransferSrc, uploadStagingMemory());
    stageB.emplace(context, bytes, Usage::eTransferSrc, uploadStagingMemory());
    stageC.emplace(context, bytes, Usage::eTransferDst, readbackStagingMemory());
  } else {
    a.emplace(context, bytes, storage, hostSharedMemory());
    b.emplace(context, bytes, storage, hostSharedMemory());
    c.emplace(context, bytes, storage | Usage::eTransferDst, hostSharedMemory());
  }
  pipeline.bind(*a, *b, *c);
  recordMain();
  recordPoison();
}

void Runner::Impl::recordMain() {
  const auto& cmd = mainCmd;
  const auto count = static_cast<std::uint32_t>(elements);
  const vk::DeviceSize bytes = elements * kElementBytes;
  cmd.reset();
  cmd.begin(vk::CommandBufferBeginInfo{});
  timestamps.reset(cmd);
  timestamps.write(cmd, kStart);
  if (memory == MemoryKind::kDeviceLocal) {
    cmd.copyBuffer(*stageA->buffer(), *a->buffer(), vk::BufferCopy{.size = bytes});
    cmd.copyBuffer(*stageB->buffer(), *b->buffer(), vk::BufferCopy{.size = bytes});
    memoryBarrier(cmd, Stage::eTransfer, Access::eTransferWrite, Stage::eComputeShader, Access::eShaderRead);
  }
  timestamps.write(cmd, kUploaded);
  pipeline.record(cmd, count);
  timestamps.write(cmd, kComputed);
  if (memory == MemoryKind::kDeviceLocal) {
    memoryBarrier(cmd, Stage::eComputeShader, Access::eShaderWrite, Stage::eTransfer, Access::eTransferRead);
    cmd.copyBuffer(*c->buffer(), *stageC->buffer(), vk::BufferCopy{.size = bytes});
    memoryBarrier(cmd, Stage::eTransfer, Access::eTransferWrite, Stage::eHost, Access::eHostRead);
  } else {
    memoryBarrier(cmd, Stage::eComputeShader, Access::eShaderWrite, Stage::eHost, Access::eHostRead);
  }
  timestamps.write(cmd, kDownloaded);
  cmd.end();
}

// Fills the result (and its staging copy) with 0xff bytes, which is not a
// canonical element, so an element the kernel fails to write cannot pass.
void Runner::Impl::recordPoison() {
  const auto& cmd = poisonCmd;
  cmd.reset();
  cmd.begin(vk::CommandBufferBeginInfo{});
  cmd.fillBuffer(*c->buffer(), 0, VK_WHOLE_SIZE, 0xffffffffu);
  if (stageC) cmd.fillBuffer(*stageC->buffer(), 0, VK_WHOLE_SIZE, 0xffffffffu);
  memoryBarrier(cmd, Stage::eTransfer, Access::eTransferWrite, Stage::eAllCommands,
                Access::eMemoryRead | Access::eMemoryWrite);
  cmd.end();
}

void Runner::Impl::submitAndWait(const vk::raii::CommandBuffer& cmd) {
  vk::SubmitInfo submit{};
  submit.setCommandBuffers(*cmd);
  context.queue().submit(submit, *fence);
  const auto result = context.device().waitForFences(*fence, VK_TRUE, ~std::uint64_t{0});
  if (result != vk::Result::eSuccess) {
    throw Error(ExitCode::kRuntime, fmt::format("waiting for the GPU: {}", vk::to_string(result)));
  }
  context.device().resetFences(*fence);
}

Runner::Runner(const Context& context, const Kernel& kernel, std::uint32_t workgroupSize)
    : impl_(std::make_unique<Impl>(context, kernel, workgroupSize)) {}

Runner::~Runner() = default;

RunOutcome Runner::run(const RunConfig& config, std::span<const Element> a, std::span<const Element> b,
                       std::span<const Element> expected) {
  if (a.size() != b.size()) throw Error(ExitCode::kUsage, "operands differ in size");
  checkFits(impl_->context, config.memory, a.size());
  Impl& s = *impl_;
  s.prepare(config.memory, a.size());

  const std::size_t bytes = a.size_bytes();
  const bool staged = config.memory == MemoryKind::kDeviceLocal;
  const Buffer& inA = staged ? *s.stageA : *s.a;
  const Buffer& inB = staged ? *s.stageB : *s.b;
  const Buffer& out = staged ? *s.stageC : *s.c;

  RunOutcome outcome;
  outcome.gpuTimestamps = s.timestamps.available();
  outcome.result.resize(a.size());
  auto& samples = outcome.samples;
  for (std::uint32_t rep = 0; rep < config.warmup + config.iterations; ++rep) {
    s.submitAndWait(s.poisonCmd);

    // Timed: operands in host memory -> result in host memory.
    const auto t0 = Clock::now();
    std::memcpy(inA.bytes().data(), a.data(), bytes);
    std::memcpy(inB.bytes().data(), b.data(), bytes);
    inA.flush();
    inB.flush();
    const auto t1 = Clock::now();
    s.submitAndWait(s.mainCmd);
    const auto t2 = Clock::now();
    out.invalidate();
    std::memcpy(outcome.result.data(), out.bytes().data(), bytes);
    const auto t3 = Clock::now();

    if (rep < config.warmup) continue;
    samples.roundtrip.push_back(nsBetween(t0, t3));
    const auto ticks = s.timestamps.read();
    if (!ticks.empty()) {
      samples.kernel.push_back(s.timestamps.elapsedNs(ticks[kUploaded], ticks[kComputed]));
      if (staged) {
        samples.upload.push_back(s.timestamps.elapsedNs(ticks[kStart], ticks[kUploaded]));
        samples.download.push_back(s.timestamps.elapsedNs(ticks[kComputed], ticks[kDownloaded]));
      }
    }
    if (!staged) {
      // No copies on the GPU: the phases are the host's writes and reads of shared memory.
      samples.upload.push_back(nsBetween(t0, t1));
      samples.download.push_back(nsBetween(t2, t3));
    }
    if (!expected.empty()) {
      auto check = compareResults(outcome.result, expected);
      if (outcome.verify.checked == 0 || check.mismatches > outcome.verify.mismatches) outcome.verify = check;
    }
  }
  return outcome;
}

}  // namespace fieldbench
