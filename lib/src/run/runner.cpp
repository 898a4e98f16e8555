#include "fieldbench/runner.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>
#include <optional>

#include "fieldbench/buffer.hpp"
#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/fault.hpp"
#include "fieldbench/gpu_timeout.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/memory_kind.hpp"
#include "fieldbench/pipeline.hpp"
#include "fieldbench/timer.hpp"
#include "fieldbench/transfer.hpp"
#include "workload.hpp"

namespace fieldbench {
namespace {

using Clock = std::chrono::steady_clock;

// Waits for GPU work: spins on poll() for up to 2 ms (small sizes finish in microseconds,
// and a blocking wait adds tens of them), then block(ns) for at most timeoutSeconds. A
// timeout or error becomes Error(kRuntime) naming waiting(); an injected "wait" fault
// comes after the real wait, so nothing is in flight when the run unwinds.
template <class Waiting, class Poll, class Block>
void awaitGpu(const Waiting& waiting, double timeoutSeconds, Poll poll, Block block) {
  auto pending = [](vk::Result r) { return r == vk::Result::eNotReady || r == vk::Result::eTimeout; };
  const vk::Result status = duringStep(waiting, [&] {
    const auto spinUntil = Clock::now() + std::chrono::milliseconds(2);
    vk::Result st = poll();
    while (pending(st) && Clock::now() < spinUntil) st = poll();
    if (pending(st)) st = block(static_cast<std::uint64_t>(timeoutSeconds * 1e9));
    if (st == vk::Result::eSuccess && injectedFault("wait") == vk::Result::eTimeout) st = vk::Result::eTimeout;
    faultPoint("wait");
    return st;
  });
  if (pending(status)) {
    gpuTimedOut(fmt::format("{}: the GPU did not finish within {} s (--timeout)", waiting(), timeoutSeconds));
  }
  if (status != vk::Result::eSuccess) {
    throw Error(ExitCode::kRuntime, fmt::format("{}: {}", waiting(), vk::to_string(status)));
  }
}
using Usage = vk::BufferUsageFlagBits;
using Access = vk::AccessFlagBits;
using Stage = vk::PipelineStageFlagBits;

// steady_clock is CLOCK_MONOTONIC on Linux: the host domain of calibrated timestamps.
double sinceEpochNs(Clock::time_point t) {
  return std::chrono::duration<double, std::nano>(t.time_since_epoch()).count();
}

double nsBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::nano>(b - a).count();
}

// FIELDBENCH_SLOWDOWN: a busy wait until the time since `start` is that much longer.
void spinForSlowdown(Clock::time_point start) {
  const double percent = slowdownPercent();
  if (percent <= 0) return;
  const auto until = start + (Clock::now() - start) * (1 + percent / 100);
  while (Clock::now() < until) {
  }
}

void memoryBarrier(const vk::raii::CommandBuffer& cmd, vk::PipelineStageFlags src, vk::AccessFlags srcAccess,
                   vk::PipelineStageFlags dst, vk::AccessFlags dstAccess) {
  const vk::MemoryBarrier barrier{.srcAccessMask = srcAccess, .dstAccessMask = dstAccess};
  cmd.pipelineBarrier(src, dst, {}, barrier, nullptr, nullptr);
}

// Timestamp slots: start, after upload, before the kernel (after the cache flush
// in cold mode), after the kernel, after download.
enum Slot : std::uint32_t { kStart, kUploaded, kKernelStart, kComputed, kDownloaded, kSlots };

// Elements of each repetition's output compared with the reference (the last: all).
constexpr std::size_t kSpotChecks = 4096;
// --min-time stops here even if the time is not reached (a bound on memory for samples).
constexpr std::uint32_t kMaxRepetitions = 1'000'000;

// got and expected: packed elements of `limbs` u64 words.
VerifyResult spotCheck(std::span<const std::uint64_t> got, std::span<const std::uint64_t> expected,
                       std::size_t limbs) {
  VerifyResult r;
  const std::size_t count = expected.size() / limbs;
  const std::size_t step = std::max<std::size_t>(1, count / kSpotChecks);
  auto element = [&](std::span<const std::uint64_t> w, std::size_t i) { return w.subspan(i * limbs, limbs); };
  for (std::size_t i = 0; i < count; i += step) {
    ++r.checked;
    if (!std::ranges::equal(element(got, i), element(expected, i))) {
      if (r.mismatches++ == 0) r.firstMismatch = i;
    }
  }
  if (r.mismatches != 0) {
    r.detail = fmt::format("{} of {} sampled elements differ; first at index {}: got {}, expected {}", r.mismatches,
                           r.checked, r.firstMismatch, toHex(element(got, r.firstMismatch)),
                           toHex(element(expected, r.firstMismatch)));
  }
  return r;
}

struct HeapNeed {
  std::uint64_t bytes = 0;
  std::string what;
};

}  // namespace

void checkFits(const Context& context, MemoryKind memory, std::uint64_t elements, bool cold,
               std::uint64_t elementBytes) {
  if (elements == 0) throwUsage("invalid count '0': expected a positive number of elements");
  const std::uint64_t bytes = elements * elementBytes;
  const std::uint64_t maxRange = context.properties().limits.maxStorageBufferRange;
  if (bytes > maxRange) {
    throwUsage(fmt::format("--elements {} needs {}-byte buffers, over this device's maxStorageBufferRange of "
                           "{} bytes (at most {} elements)",
                           elements, bytes, maxRange, maxRange / elementBytes));
  }
  const auto& props = context.memoryProperties();
  std::map<std::uint32_t, HeapNeed> needs;
  auto need = [&](const MemoryRequest& request, std::uint64_t count, const char* what, std::uint64_t each) {
    const auto type = chooseMemoryType(props, ~0u, request);
    auto& n = needs[props.memoryTypes[type].heapIndex];
    n.bytes += count * each;
    n.what += (n.what.empty() ? "" : " + ") + fmt::format("{} {} of {} bytes", count, what, each);
  };
  if (cold) need(deviceLocalMemory(), 1, "cache-flush buffer", kFlushBytes);
  switch (memory) {
    case MemoryKind::kDeviceLocal:
      need(deviceLocalMemory(), 4, "device-local buffers", bytes);
      need(uploadStagingMemory(), 2, "upload staging buffers", bytes);
      need(readbackStagingMemory(), 1, "readback staging buffer", bytes);
      break;
    case MemoryKind::kImported:
      need(deviceLocalMemory(), 4, "device-local buffers", bytes);
      break;
    case MemoryKind::kHostVisible:
      need(hostSharedMemory(), 4, "host-visible buffers", bytes);
      break;
    case MemoryKind::kRebar:
      need(rebarMemory(), 2, "device-local host-visible (rebar) buffers", bytes);
      need(deviceLocalMemory(), 2, "device-local buffers", bytes);
      need(readbackStagingMemory(), 1, "readback staging buffer", bytes);
      break;
  }
  for (const auto& [heap, n] : needs) {
    const std::uint64_t size = props.memoryHeaps[heap].size;
    if (n.bytes > size) {
      throwUsage(fmt::format("--elements {} needs {} MiB in memory heap {} ({}), which has {} MiB", elements,
                             n.bytes >> 20, heap, n.what, size >> 20));
    }
  }
}

std::uint64_t chunkElements(std::uint64_t elements, std::uint64_t chunkBytes, std::uint32_t workgroupSize,
                            std::uint64_t elementBytes) {
  const std::uint64_t wg = std::max<std::uint32_t>(1, workgroupSize);
  std::uint64_t per = std::max<std::uint64_t>(1, chunkBytes / elementBytes / wg) * wg;
  if (per * kMaxChunks < elements) per = ((elements + kMaxChunks - 1) / kMaxChunks + wg - 1) / wg * wg;
  return std::min(per, elements);
}

std::uint32_t chunkCount(std::uint64_t elements, std::uint64_t chunkBytes, std::uint32_t workgroupSize,
                         std::uint64_t elementBytes) {
  if (elements == 0) return 1;
  const std::uint64_t per = chunkElements(elements, chunkBytes, workgroupSize, elementBytes);
  return static_cast<std::uint32_t>((elements + per - 1) / per);
}

struct Runner::Impl {
  Impl(const Context& ctx, std::unique_ptr<Workload> w)
      : context(ctx), workload(std::move(w)), kernel(workload->kernel()), elementBytes(kernel.elementBytes),
        limbs(kernel.elementBytes / 8), timestamps(ctx, kSlots) {}

  // The roofline's pipeline for one workgroup size (the workload's), made on first use.
  ComputePipeline& copyFor(std::uint32_t workgroupSize) {
    auto& p = copyCache[workgroupSize];
    if (!p) p = std::make_unique<ComputePipeline>(context, copyKernelFor(elementBytes), workgroupSize);
    return *p;
  }
  // Bytes of the host input the round trip copies: a and b, or a alone when b is resident.
  [[nodiscard]] vk::DeviceSize inputBytes() const { return workload->hasResidentB() ? bytes : slot + bytes; }

  void allocate(const RunConfig& config, std::uint64_t count);
  void uploadResident();
  void recordMain(const vk::raii::CommandBuffer& cmd, std::uint32_t kernels = 1, bool upload = true);
  void recordChunks();
  void submitChunksAndWait();
  // The timed GPU part of a round trip: the chunked pipeline or the one command buffer.
  void roundTrip() { pieces > 1 ? submitChunksAndWait() : submitAndWait(mainCmd, "the kernel"); }
  void warmUpByTime(const RunConfig& config, bool copyIn, std::span<const std::byte> inBytes);
  void recordPoison();
  void recordRoofline();
  void recordScratchReadback();
  VerifyResult checkRoofline(std::span<const std::uint64_t> expected);
  void recordFlush(const vk::raii::CommandBuffer& cmd) const;
  void recordSlowdown(const vk::raii::CommandBuffer& cmd) const;
  void submitAndWait(const vk::raii::CommandBuffer& cmd, const char* what);

  const Context& context;
  std::unique_ptr<Workload> workload;  // its passes, reference and counts (workload.hpp)
  const Kernel& kernel;
  std::uint64_t elementBytes;    // the kernel's element size (48 or 32)
  std::size_t limbs;             // u64 words per element
  std::map<std::uint32_t, std::unique_ptr<ComputePipeline>> copyCache;
  ComputePipeline* copy = nullptr;  // the current size's roofline
  TimestampPool timestamps;
  vk::raii::Fence fence{context.device(), vk::FenceCreateInfo{}};
  vk::raii::CommandBuffers commands{
      context.device(), vk::CommandBufferAllocateInfo{.commandPool = *context.commandPool(),
                                                      .level = vk::CommandBufferLevel::ePrimary,
                                                      .commandBufferCount = 7}};
  const vk::raii::CommandBuffer& mainCmd = commands[0];
  const vk::raii::CommandBuffer& poisonCmd = commands[1];
  const vk::raii::CommandBuffer& rooflineCmd = commands[2];
  const vk::raii::CommandBuffer& scratchReadbackCmd = commands[3];
  const vk::raii::CommandBuffer& phasesCmd = commands[4];  // chunked runs: the steps unchunked, for their times
  const vk::raii::CommandBuffer& residentCmd = commands[5];  // a workload's resident b, uploaded once per size
  const vk::raii::CommandBuffer& batchCmd = commands[6];  // --batch: kernels back to back, then the download

  // What is allocated now.
  MemoryKind memory = MemoryKind::kDeviceLocal;
  const MemoryKindInfo* kind = &memoryKindInfo(MemoryKind::kDeviceLocal);
  std::uint64_t chunkBytes = 0;
  bool overlap = true;
  std::uint32_t batchKernels = 0;  // kernels in batchCmd (0: none recorded)
  std::uint32_t pieces = 1;      // chunks of the timed round trip
  std::uint64_t pieceElements = 0;
  // Chunked: each chunk's upload, kernel and download in its own command buffer, for the
  // upload, compute and download queues; a timeline semaphore per step counts finished chunks.
  std::vector<vk::raii::CommandBuffer> chunkUpload, chunkCompute, chunkDownload;
  vk::raii::Semaphore uploadedSem{nullptr}, computedSem{nullptr}, downloadedSem{nullptr};
  std::uint64_t timeline = 0;  // the semaphores' value after the last chunked round trip
  std::uint64_t elements = 0;
  vk::DeviceSize bytes = 0;  // one operand or result
  vk::DeviceSize slot = 0;   // bytes rounded up: operand b starts at `slot` in the input buffers

  // Declaration order is destruction order reversed: Buffers that import the host
  // arrays are declared after them, so they go first.
  HostArray hostIn, hostOut;                  // the caller's operands [a | b] and result
  std::optional<Buffer> hostInBuf, hostOutBuf;  // imported host arrays, or memcpy targets
  std::optional<Buffer> devIn, devOut;        // kinds with an upload / download copy
  std::optional<Buffer> scratch;              // the roofline's output, so it never clobbers the result
  std::optional<Buffer> flush;                // cold mode: written to evict L2
  bool cold = false;
  double timeoutSeconds = kDefaultTimeoutSeconds;  // each fence wait's limit
};

void Runner::Impl::allocate(const RunConfig& config, std::uint64_t count) {
  const MemoryKindInfo& wanted = memoryKindInfo(config.memory);
  if (const auto why = wanted.unsupportedReason(memoryCapabilities(context)); !why.empty()) {
    throwUsage(fmt::format("--memory {}: {}", wanted.key, why));
  }
  if (devIn || hostInBuf) {
    if (config.memory == memory && count == elements && config.cold == cold && config.chunkBytes == chunkBytes &&
        config.overlap == overlap && config.batch == batchKernels) {
      return;
    }
  }
  hostInBuf.reset(), hostOutBuf.reset(), devIn.reset(), devOut.reset(), scratch.reset(), flush.reset();
  chunkUpload.clear(), chunkCompute.clear(), chunkDownload.clear();
  cold = config.cold;
  if (cold) flush.emplace(context, kFlushBytes, Usage::eTransferDst, deviceLocalMemory());
  memory = config.memory;
  kind = &wanted;
  chunkBytes = config.chunkBytes;
  overlap = config.overlap;
  batchKernels = config.batch;
  elements = count;
  bytes = count * elementBytes;
  const auto& limits = context.properties().limits;
  const vk::DeviceSize align = std::max<vk::DeviceSize>(
      {4096, context.hostImportAlignment(), limits.minStorageBufferOffsetAlignment});
  slot = (bytes + align - 1) / align * align;
  hostIn = HostArray(2 * slot, align);
  hostOut = HostArray(slot, align);

  // Inputs: the copy source of the upload, or the shader's own storage (host-visible, rebar).
  // Outputs: the copy target of the download, or the shader's storage (host-visible).
  // The result is also a fill target (the poison) either way.
  const vk::BufferUsageFlags inUsage = kind->upload ? Usage::eTransferSrc : Usage::eStorageBuffer;
  const vk::BufferUsageFlags outUsage =
      kind->download ? Usage::eTransferDst : Usage::eStorageBuffer | Usage::eTransferDst;
  const auto inRequest = kind->upload ? uploadStagingMemory()
                         : memory == MemoryKind::kRebar ? rebarMemory() : hostSharedMemory();
  const auto outRequest = kind->download ? readbackStagingMemory() : hostSharedMemory();
  if (memory == MemoryKind::kImported) {
    hostInBuf.emplace(context, hostIn.bytes(), inUsage, inRequest);
    hostOutBuf.emplace(context, hostOut.bytes(), outUsage, outRequest);
  } else {
    hostInBuf.emplace(context, 2 * slot, inUsage, inRequest);
    hostOutBuf.emplace(context, slot, outUsage, outRequest);
  }
  const Buffer* in = &*hostInBuf;
  const Buffer* out = &*hostOutBuf;
  if (kind->upload) {
    devIn.emplace(context, 2 * slot, Usage::eStorageBuffer | Usage::eTransferDst, deviceLocalMemory());
    in = &*devIn;
  }
  if (kind->download) {
    devOut.emplace(context, slot, Usage::eStorageBuffer | Usage::eTransferSrc | Usage::eTransferDst,
                   deviceLocalMemory());
    out = &*devOut;
  }
  scratch.emplace(context, bytes, Usage::eStorageBuffer | Usage::eTransferSrc,
                  devOut ? deviceLocalMemory() : hostSharedMemory());
  workload->prepare(count, {{in, 0, bytes}, {in, slot, bytes}, {out, 0, bytes}});
  copy = &copyFor(workload->workgroupSize());
  copy->bind({in, 0, bytes}, {in, slot, bytes}, {&*scratch, 0, bytes});
  uploadResident();
  // Chunks only where a copy can overlap the kernel, never across the cold-mode flush.
  const std::uint32_t wg = workload->workgroupSize();
  pieces = 1;
  pieceElements = count;
  if (overlap && !cold && (kind->upload || kind->download) && context.timelineSemaphores() &&
      workload->chunkable() && workload->rangeFits(static_cast<std::uint32_t>(count))) {
    pieces = chunkCount(count, chunkBytes, wg, elementBytes);
    pieceElements = chunkElements(count, chunkBytes, wg, elementBytes);
  }
  if (pieces > 1) {
    recordChunks();
    recordMain(phasesCmd);
  } else {
    recordMain(mainCmd);
  }
  if (batchKernels > 0) recordMain(batchCmd, batchKernels, false);
  recordPoison();
  recordRoofline();
  recordScratchReadback();
}

// A workload's own b (the NTT's twiddles) for this size: written into the host input once,
// then into the buffer the kernel reads (host-visible memcpy, device-local copy), untimed.
void Runner::Impl::uploadResident() {
  if (!workload->hasResidentB()) return;
  auto in = hostIn.bytes().subspan(slot, bytes);
  workload->residentB({reinterpret_cast<std::uint64_t*>(in.data()), elements * limbs});
  if (memory != MemoryKind::kImported) {
    std::memcpy(hostInBuf->bytes().data() + slot, in.data(), bytes);
    hostInBuf->flush();
  }
  if (!devIn) return;
  residentCmd.reset();
  residentCmd.begin(vk::CommandBufferBeginInfo{});
  residentCmd.copyBuffer(*hostInBuf->buffer(), *devIn->buffer(), vk::BufferCopy{.srcOffset = slot, .dstOffset = slot, .size = bytes});
  memoryBarrier(residentCmd, Stage::eTransfer, Access::eTransferWrite, Stage::eComputeShader, Access::eShaderRead);
  residentCmd.end();
  submitAndWait(residentCmd, "the resident operand's upload");
}

// The unchunked round trip: upload, the kernel, download, with timestamps between. The batch
// (--batch) is the same without the upload (the inputs stay from the round trips) and with
// `kernels` kernels back to back, each after a barrier on the one before (they write c).
void Runner::Impl::recordMain(const vk::raii::CommandBuffer& cmd, std::uint32_t kernels, bool upload) {
  cmd.reset();
  cmd.begin(vk::CommandBufferBeginInfo{});
  timestamps.reset(cmd);
  timestamps.write(cmd, kStart);
  if (!upload) {
    // After the round trips' last download (a transfer read of c) and anything else before.
    memoryBarrier(cmd, Stage::eAllCommands, Access::eMemoryWrite, Stage::eComputeShader,
                  Access::eShaderRead | Access::eShaderWrite);
  } else if (devIn) {
    // a and b in one copy: one DMA set-up instead of two (a alone when b is resident).
    cmd.copyBuffer(*hostInBuf->buffer(), *devIn->buffer(), vk::BufferCopy{.size = inputBytes()});
    memoryBarrier(cmd, Stage::eTransfer, Access::eTransferWrite, Stage::eComputeShader, Access::eShaderRead);
  }
  timestamps.write(cmd, kUploaded);
  if (upload) recordFlush(cmd);
  timestamps.write(cmd, kKernelStart);
  for (std::uint32_t k = 0; k < kernels; ++k) {
    if (k > 0) {
      memoryBarrier(cmd, Stage::eComputeShader, Access::eShaderWrite, Stage::eComputeShader,
                    Access::eShaderRead | Access::eShaderWrite);
    }
    workload->record(cmd);
    recordSlowdown(cmd);
  }
  timestamps.write(cmd, kComputed);
  if (devOut) {
    memoryBarrier(cmd, Stage::eComputeShader, Access::eShaderWrite, Stage::eTransfer, Access::eTransferRead);
    cmd.copyBuffer(*devOut->buffer(), *hostOutBuf->buffer(), vk::BufferCopy{.size = bytes});
    memoryBarrier(cmd, Stage::eTransfer, Access::eTransferWrite, Stage::eHost, Access::eHostRead);
  } else {
    memoryBarrier(cmd, Stage::eComputeShader, Access::eShaderWrite, Stage::eHost, Access::eHostRead);
  }
  timestamps.write(cmd, kDownloaded);
  cmd.end();
}

// FIELDBENCH_SLOWDOWN: the kernel again over that share of its elements (whole dispatches,
// then a range from 0), inside its timestamps; each repeat writes what the first wrote.
void Runner::Impl::recordSlowdown(const vk::raii::CommandBuffer& cmd) const {
  const double percent = slowdownPercent();
  if (percent <= 0) return;
  auto extra = static_cast<std::uint64_t>(std::llround(static_cast<double>(elements) * percent / 100));
  while (extra > 0) {
    memoryBarrier(cmd, Stage::eComputeShader, Access::eShaderWrite, Stage::eComputeShader,
                  Access::eShaderRead | Access::eShaderWrite);
    const auto n = static_cast<std::uint32_t>(std::min(extra, elements));
    // A workload that cannot run a range (the NTT) repeats whole: at least that share.
    if (n == elements || !workload->chunkable()) workload->record(cmd);
    else workload->recordRange(cmd, 0, n);
    extra -= n;
  }
}

// The round trip in chunks: chunk i's upload (upload queue), kernel (compute queue) and
// download (download queue) each in a command buffer of its own, ordered by timeline
// semaphores only, so one chunk's copies run while another's kernel does.
void Runner::Impl::recordChunks() {
  if (!*computedSem) {
    const vk::SemaphoreTypeCreateInfo timelineType{.semaphoreType = vk::SemaphoreType::eTimeline, .initialValue = 0};
    for (auto* sem : {&uploadedSem, &computedSem, &downloadedSem}) {
      *sem = vk::raii::Semaphore(context.device(), vk::SemaphoreCreateInfo{.pNext = &timelineType});
    }
  }
  auto allocateCommands = [&](const vk::raii::CommandPool& pool) {
    vk::raii::CommandBuffers made(context.device(), vk::CommandBufferAllocateInfo{.commandPool = *pool,
                                                                                   .level = vk::CommandBufferLevel::ePrimary,
                                                                                   .commandBufferCount = pieces});
    return std::vector<vk::raii::CommandBuffer>(std::make_move_iterator(made.begin()), std::make_move_iterator(made.end()));
  };
  auto first = [&](std::uint32_t i) { return i * pieceElements; };
  auto count = [&](std::uint32_t i) { return std::min(pieceElements, elements - first(i)); };
  chunkCompute = allocateCommands(context.commandPool());
  if (devIn) chunkUpload = allocateCommands(context.uploadPool());
  if (devOut) chunkDownload = allocateCommands(context.downloadPool());
  for (std::uint32_t i = 0; i < pieces; ++i) {
    const vk::DeviceSize at = first(i) * elementBytes, n = count(i) * elementBytes;
    if (devIn) {
      const auto& cmd = chunkUpload[i];
      cmd.begin(vk::CommandBufferBeginInfo{});
      const std::array regions{vk::BufferCopy{.srcOffset = at, .dstOffset = at, .size = n},
                               vk::BufferCopy{.srcOffset = slot + at, .dstOffset = slot + at, .size = n}};
      cmd.copyBuffer(*hostInBuf->buffer(), *devIn->buffer(), regions);
      cmd.end();
    }
    const auto& cmd = chunkCompute[i];
    cmd.begin(vk::CommandBufferBeginInfo{});
    workload->recordRange(cmd, static_cast<std::uint32_t>(first(i)), static_cast<std::uint32_t>(count(i)));
    if (!devOut) memoryBarrier(cmd, Stage::eComputeShader, Access::eShaderWrite, Stage::eHost, Access::eHostRead);
    cmd.end();
    if (devOut) {
      const auto& down = chunkDownload[i];
      down.begin(vk::CommandBufferBeginInfo{});
      down.copyBuffer(*devOut->buffer(), *hostOutBuf->buffer(), vk::BufferCopy{.srcOffset = at, .dstOffset = at, .size = n});
      memoryBarrier(down, Stage::eTransfer, Access::eTransferWrite, Stage::eHost, Access::eHostRead);
      down.end();
    }
  }
}

// One vkQueueSubmit per queue, each an array of one submit per chunk: chunk i waits for the
// step before it to reach value base+i+1 and signals its own semaphore to that value. Then
// the host waits for every semaphore to reach base+pieces (with the fence's timeout).
void Runner::Impl::submitChunksAndWait() {
  const std::uint64_t base = timeline;
  timeline += pieces;
  std::vector<std::uint64_t> values(pieces);
  for (std::uint32_t i = 0; i < pieces; ++i) values[i] = base + i + 1;
  auto batch = [&](const vk::raii::Queue& queue, const std::vector<vk::raii::CommandBuffer>& cmds,
                   const vk::raii::Semaphore* wait, vk::PipelineStageFlags waitStage, const vk::raii::Semaphore& signal) {
    const vk::Semaphore waitHandle = wait ? **wait : vk::Semaphore{}, signalHandle = *signal;
    const std::uint32_t waits = wait ? 1 : 0;
    std::vector<vk::CommandBuffer> handles(pieces);
    std::vector<vk::TimelineSemaphoreSubmitInfo> timelines(pieces);
    std::vector<vk::SubmitInfo> submits(pieces);
    for (std::uint32_t i = 0; i < pieces; ++i) {
      handles[i] = *cmds[i];
      timelines[i] = vk::TimelineSemaphoreSubmitInfo{.waitSemaphoreValueCount = waits, .pWaitSemaphoreValues = &values[i],
                      .signalSemaphoreValueCount = 1, .pSignalSemaphoreValues = &values[i]};
      submits[i] = vk::SubmitInfo{.pNext = &timelines[i], .waitSemaphoreCount = waits, .pWaitSemaphores = &waitHandle,
                    .pWaitDstStageMask = &waitStage, .commandBufferCount = 1, .pCommandBuffers = &handles[i],
                    .signalSemaphoreCount = 1, .pSignalSemaphores = &signalHandle};
    }
    duringStep([&] { return fmt::format("submitting a chunked round trip ({} elements)", elements); }, [&] {
      faultPoint("submit");
      queue.submit(submits);
    });
  };
  std::vector<vk::Semaphore> waitFor;
  if (devIn) {
    batch(context.uploadQueue(), chunkUpload, nullptr, {}, uploadedSem);
    waitFor.push_back(*uploadedSem);
  }
  batch(context.queue(), chunkCompute, devIn ? &uploadedSem : nullptr, Stage::eComputeShader, computedSem);
  waitFor.push_back(*computedSem);
  if (devOut) {
    batch(context.downloadQueue(), chunkDownload, &computedSem, Stage::eTransfer, downloadedSem);
    waitFor.push_back(*downloadedSem);
  }
  const std::vector<std::uint64_t> last(waitFor.size(), timeline);
  vk::SemaphoreWaitInfo waitInfo{};
  waitInfo.setSemaphores(waitFor).setValues(last);
  awaitGpu([&] { return fmt::format("waiting for a chunked round trip ({} elements)", elements); }, timeoutSeconds,
           [&] { return context.device().waitSemaphores(waitInfo, 0); },
           [&](std::uint64_t ns) { return context.device().waitSemaphores(waitInfo, ns); });
}

// Fills the result (and its host copy) with 0xff bytes, which is not a canonical
// element, so an element the kernel fails to write cannot pass.
void Runner::Impl::recordPoison() {
  const auto& cmd = poisonCmd;
  cmd.reset();
  cmd.begin(vk::CommandBufferBeginInfo{});
  cmd.fillBuffer(*hostOutBuf->buffer(), 0, VK_WHOLE_SIZE, 0xffffffffu);
  if (devOut) cmd.fillBuffer(*devOut->buffer(), 0, VK_WHOLE_SIZE, 0xffffffffu);
  memoryBarrier(cmd, Stage::eTransfer, Access::eTransferWrite, Stage::eAllCommands | Stage::eHost,
                Access::eMemoryRead | Access::eMemoryWrite | Access::eHostRead);
  cmd.end();
}

// The copy kernel over the buffers field_add reads and writes, timed alone.
void Runner::Impl::recordRoofline() {
  const auto& cmd = rooflineCmd;
  cmd.reset();
  cmd.begin(vk::CommandBufferBeginInfo{});
  // Every slot is written: reading the pool waits for all of them, and a slot
  // never written would make that wait endless (lavapipe returns, NVIDIA hangs).
  timestamps.reset(cmd);
  timestamps.write(cmd, kStart);
  timestamps.write(cmd, kUploaded);
  recordFlush(cmd);
  timestamps.write(cmd, kKernelStart);
  copy->record(cmd, static_cast<std::uint32_t>(elements));
  timestamps.write(cmd, kComputed);
  timestamps.write(cmd, kDownloaded);
  cmd.end();
}

// Cold mode: writes kFlushBytes so that the kernel after it finds none of its
// operands in the last-level cache (timed apart from both upload and kernel).
void Runner::Impl::recordFlush(const vk::raii::CommandBuffer& cmd) const {
  if (!flush) return;
  cmd.fillBuffer(*flush->buffer(), 0, VK_WHOLE_SIZE, 0x5a5a5a5au);
  memoryBarrier(cmd, Stage::eTransfer, Access::eTransferWrite, Stage::eComputeShader, Access::eShaderRead);
}

// Device-local mode: the roofline's output, copied into the host result buffer to be
// checked (the field_add result there is made again afterwards).
void Runner::Impl::recordScratchReadback() {
  const auto& cmd = scratchReadbackCmd;
  cmd.reset();
  cmd.begin(vk::CommandBufferBeginInfo{});
  if (devOut) {
    memoryBarrier(cmd, Stage::eComputeShader, Access::eShaderWrite, Stage::eTransfer, Access::eTransferRead);
    cmd.copyBuffer(*scratch->buffer(), *hostOutBuf->buffer(), vk::BufferCopy{.size = bytes});
    memoryBarrier(cmd, Stage::eTransfer, Access::eTransferWrite, Stage::eHost, Access::eHostRead);
  } else {
    memoryBarrier(cmd, Stage::eComputeShader, Access::eShaderWrite, Stage::eHost, Access::eHostRead);
  }
  cmd.end();
}

// The roofline's figure, like field_add's, stands only if its output is right:
// every element of scratch must be a xor b. In device-local mode that output comes
// back through the result buffer, so field_add runs once more (untimed) and its
// result is checked in full again.
VerifyResult Runner::Impl::checkRoofline(std::span<const std::uint64_t> expected) {
  submitAndWait(scratchReadbackCmd, "the roofline's readback");
  const Buffer& out = devOut ? *hostOutBuf : *scratch;
  out.invalidate();
  const auto in = hostIn.bytes();
  const std::size_t words = elements * limbs;
  const std::span<const std::uint64_t> a(reinterpret_cast<const std::uint64_t*>(in.data()), words);
  const std::span<const std::uint64_t> b(reinterpret_cast<const std::uint64_t*>(in.data() + slot), words);
  const std::span<const std::uint64_t> got(reinterpret_cast<const std::uint64_t*>(out.bytes().data()), words);
  VerifyResult check = compareXor(got, a, b, limbs);
  if (!check.ok()) check.detail = "copy roofline: " + check.detail;
  if (devOut) {
    submitAndWait(poisonCmd, "the poison fill");
    roundTrip();
    if (kind->hostCopyOut) {
      hostOutBuf->invalidate();
      std::memcpy(hostOut.bytes().data(), hostOutBuf->bytes().data(), bytes);
    }
    const std::span<const std::uint64_t> result(reinterpret_cast<const std::uint64_t*>(hostOut.bytes().data()), words);
    if (const auto again = compareWords(result, expected, limbs); !again.ok() && check.ok()) check = again;
  }
  return check;
}

// `what` names the work for error messages ("the kernel"); a Vulkan error or a wait
// longer than timeoutSeconds becomes Error(kRuntime) saying which step it was.
void Runner::Impl::submitAndWait(const vk::raii::CommandBuffer& cmd, const char* what) {
  vk::SubmitInfo submit{};
  submit.setCommandBuffers(*cmd);
  duringStep([&] { return fmt::format("submitting {} ({} elements)", what, elements); }, [&] {
    faultPoint("submit");
    context.queue().submit(submit, *fence);
  });
  awaitGpu([&] { return fmt::format("waiting for {} ({} elements)", what, elements); }, timeoutSeconds,
           [&] { return fence.getStatus(); },
           [&](std::uint64_t ns) { return context.device().waitForFences(*fence, VK_TRUE, ns); });
  context.device().resetFences(*fence);
}

Runner::Runner(const Context& context, const Kernel& kernel, std::uint32_t workgroupSize,
               std::uint32_t opsPerElement)
    : impl_(std::make_unique<Impl>(context, makeWorkload(context, kernel, workgroupSize, opsPerElement))) {}

Runner::~Runner() = default;

HostIo Runner::prepare(const RunConfig& config, std::uint64_t elements) {
  checkFits(impl_->context, config.memory, elements, config.cold, impl_->elementBytes);
  Impl& s = *impl_;
  s.timeoutSeconds = config.timeoutSeconds;
  auto what = [&] { return fmt::format("allocating buffers and recording commands for {} elements", elements); };
  duringStep(what, [&] {
    faultPoint("allocate");
    s.allocate(config, elements);
  });
  auto in = s.hostIn.bytes();
  auto asElements = [&](std::span<std::byte> b) {
    return std::span<std::uint64_t>(reinterpret_cast<std::uint64_t*>(b.data()), elements * s.limbs);
  };
  const bool resident = s.workload->hasResidentB();
  return {asElements(in.subspan(0, s.bytes)), resident ? std::span<std::uint64_t>{} : asElements(in.subspan(s.slot, s.bytes)),
          asElements(s.hostOut.bytes())};
}

std::vector<std::uint64_t> Runner::reference(const HostIo& io) const { return impl_->workload->reference(io.a, io.b); }

PipelineStatistics Runner::kernelStatistics() const {
  if (impl_->copy == nullptr) throw Error(ExitCode::kRuntime, "Runner::kernelStatistics before prepare");
  return duringStep([&] { return fmt::format("reading {}'s pipeline statistics", impl_->kernel.name); },
                    [&] { return impl_->workload->statistics(); });
}

// --warmup-time: untimed round trips until config.warmupTime has passed and two consecutive
// kernel times (GPU timestamps; chunked round trips have none, so time alone) agree within
// kWarmAgreement, for at most 4x warmupTime.
void Runner::Impl::warmUpByTime(const RunConfig& config, bool copyIn, std::span<const std::byte> inBytes) {
  constexpr double kWarmAgreement = 0.02;
  if (config.warmupTime <= 0) return;
  if (copyIn) {
    copyBytes(hostInBuf->bytes(), inBytes);
    hostInBuf->flush();
  }
  const auto start = Clock::now();
  const double least = config.warmupTime * 1e9, most = 4 * least;
  double previous = 0;
  for (;;) {
    roundTrip();
    const double elapsed = nsBetween(start, Clock::now());
    if (elapsed >= most || (pieces > 1 && elapsed >= least)) return;
    if (pieces > 1) continue;
    const auto ticks = duringStep([&] { return fmt::format("reading timestamps ({} elements)", elements); },
                                  [&] { return timestamps.read(); });
    const double kernelNs = timestamps.elapsedNs(ticks[kKernelStart], ticks[kComputed]);
    if (elapsed >= least && previous > 0 && std::abs(kernelNs - previous) <= kWarmAgreement * previous) return;
    previous = kernelNs;
  }
}

RunOutcome Runner::run(const RunConfig& config, std::span<const std::uint64_t> expected) {
  Impl& s = *impl_;
  if (!s.hostInBuf) throw Error(ExitCode::kRuntime, "Runner::run before prepare");
  const bool copyIn = s.kind->hostCopyIn, copyOut = s.kind->hostCopyOut;
  const std::span<const std::uint64_t> result(reinterpret_cast<const std::uint64_t*>(s.hostOut.bytes().data()),
                                              s.elements * s.limbs);
  const auto inBytes = std::span<const std::byte>(s.hostIn.bytes()).first(s.inputBytes());

  RunOutcome outcome;
  outcome.gpuTimestamps = s.timestamps.available();
  outcome.chunks = s.pieces;
  outcome.workgroupSize = s.workload->workgroupSize();
  outcome.passes = s.workload->passes();
  outcome.inputBytesPerElement = s.inputBytes() == s.bytes ? s.elementBytes : 2 * s.elementBytes;
  auto& samples = outcome.samples;
  auto check = [&](bool full) {
    if (expected.empty()) return;
    auto c = full ? compareWords(result, expected, s.limbs) : spotCheck(result, expected, s.limbs);
    if (!c.ok() && (outcome.verify.ok() || c.mismatches > outcome.verify.mismatches)) outcome.verify = c;
    if (full && outcome.verify.ok()) outcome.verify = c;
  };
  // The result buffer into the caller's host memory where the kind copies on the host, then
  // checked in full (after the unchunked steps and the batch, which rewrite it).
  auto checkInFull = [&] {
    if (copyOut) {
      s.hostOutBuf->invalidate();
      std::memcpy(s.hostOut.bytes().data(), s.hostOutBuf->bytes().data(), s.bytes);
    }
    check(true);
  };
  // `cmd` after `warmup` untimed submissions, `count` times: each one's kernel span / `kernels`.
  auto kernelSpans = [&](const vk::raii::CommandBuffer& cmd, const char* what, std::uint32_t count,
                         std::uint32_t kernels, bool poison, std::vector<double>& into) {
    for (std::uint32_t rep = 0; rep < config.warmup + count; ++rep) {
      if (poison) s.submitAndWait(s.poisonCmd, "the poison fill");
      s.submitAndWait(cmd, what);
      if (rep < config.warmup) continue;
      const auto ticks = s.timestamps.read();
      into.push_back(s.timestamps.elapsedNs(ticks[kKernelStart], ticks[kComputed]) / kernels);
    }
  };
  auto phaseSamples = [&](const std::vector<std::uint64_t>& ticks) {
    samples.kernel.push_back(s.timestamps.elapsedNs(ticks[kKernelStart], ticks[kComputed]));
    if (s.devIn) samples.upload.push_back(s.timestamps.elapsedNs(ticks[kStart], ticks[kUploaded]));
    if (s.devOut) samples.download.push_back(s.timestamps.elapsedNs(ticks[kComputed], ticks[kDownloaded]));
  };
  // Repetitions run back to back, so the GPU is as busy (and clocked) as the
  // kernel's own work makes it: an idle GPU drops its SM clock within ~0.1 s,
  // and a kernel that starts on a cold clock runs at a third of its speed. So
  // each repetition checks a sample of its output (kSpotChecks elements spread
  // over it; with the poison that catches unwritten or stale results), and the
  // last one is checked in full.
  // --min-time: after the warm-up, repeat until the measured round trips add up to minTime.
  const std::uint64_t minTimeNs = static_cast<std::uint64_t>(config.minTime * 1e9);
  double measuredNs = 0;
  auto more = [&](std::uint32_t rep) {
    if (rep < config.warmup) return true;
    if (minTimeNs == 0) return rep < config.warmup + config.iterations;
    return measuredNs < static_cast<double>(minTimeNs) && rep - config.warmup < kMaxRepetitions;
  };
  s.warmUpByTime(config, copyIn, inBytes);
  for (std::uint32_t rep = 0; more(rep); ++rep) {
    s.submitAndWait(s.poisonCmd, "the poison fill");
    if (copyOut) std::memset(s.hostOut.bytes().data(), 0xff, s.bytes);

    // Timed: operands in the caller's host memory -> result in the caller's host memory.
    const auto t0 = Clock::now();
    if (copyIn) {
      copyBytes(s.hostInBuf->bytes(), inBytes);
      s.hostInBuf->flush();
    }
    const auto t1 = Clock::now();
    s.roundTrip();
    const auto t2 = Clock::now();
    if (copyOut) {
      s.hostOutBuf->invalidate();
      copyBytes(s.hostOut.bytes(), std::span<const std::byte>(s.hostOutBuf->bytes()).first(s.bytes));
    }
    spinForSlowdown(t0);
    const auto t3 = Clock::now();

    if (rep >= config.warmup) measuredNs += nsBetween(t0, t3);  // flush included: a bound on wall time
    check(!more(rep + 1));
    if (rep < config.warmup) continue;
    // Chunked round trips write no timestamps (their steps are timed unchunked below).
    const auto ticks = s.pieces == 1 ? duringStep([&] { return fmt::format("reading timestamps ({} elements)", s.elements); },
                                                  [&] { return s.timestamps.read(); })
                                     : std::vector<std::uint64_t>{};
    // Cold mode: the cache flush is not part of the round trip.
    const double flushNs = s.cold && !ticks.empty() ? s.timestamps.elapsedNs(ticks[kUploaded], ticks[kKernelStart]) : 0;
    samples.roundtrip.push_back(nsBetween(t0, t3) - flushNs);
    if (copyIn) samples.hostWrite.push_back(nsBetween(t0, t1));
    if (copyOut) samples.hostRead.push_back(nsBetween(t2, t3));
    if (!ticks.empty()) {
      if (s.pieces == 1) phaseSamples(ticks);
      if (const auto calibration = s.timestamps.calibrate()) {
        samples.submitLatency.push_back(s.timestamps.hostNsOf(*calibration, ticks[kStart]) - sinceEpochNs(t1));
        samples.completionLatency.push_back(sinceEpochNs(t2) - s.timestamps.hostNsOf(*calibration, ticks[kDownloaded]));
      }
    }
  }
  const std::uint32_t repetitions = static_cast<std::uint32_t>(samples.roundtrip.size());
  // Chunked: each step's own time from the same steps unchunked, back to back after the
  // round trips, and that result checked in full too (it must equal the chunked one).
  if (s.pieces > 1 && outcome.gpuTimestamps) {
    for (std::uint32_t rep = 0; rep < config.warmup + repetitions; ++rep) {
      s.submitAndWait(s.poisonCmd, "the poison fill");
      s.submitAndWait(s.phasesCmd, "the unchunked steps");
      if (rep < config.warmup) continue;
      phaseSamples(s.timestamps.read());
    }
    checkInFull();
  }
  // --batch: the kernels back to back, so the GPU stays busy (and clocked) between them, as a
  // CUDA harness's loop of launches does; the last batch's result is checked in full.
  if (s.batchKernels > 0 && outcome.gpuTimestamps) {
    if (copyOut) std::memset(s.hostOut.bytes().data(), 0xff, s.bytes);
    // The poison before each batch, as before each round trip.
    kernelSpans(s.batchCmd, "the kernel batch", repetitions, s.batchKernels, true, samples.kernelBatch);
    checkInFull();
  }
  // The roofline right after, on a GPU as warm as the kernel's; it writes the scratch buffer.
  if (config.roofline && outcome.gpuTimestamps) {
    kernelSpans(s.rooflineCmd, "the copy roofline", repetitions, 1, false, samples.roofline);
    if (!expected.empty() && outcome.verify.ok()) {
      if (auto c = s.checkRoofline(expected); !c.ok()) outcome.verify = c;
    }
  }
  return outcome;
}

}  // namespace fieldbench
