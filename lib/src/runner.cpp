#include "fieldbench/runner.hpp"

#include <fmt/format.h>

#include <chrono>
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

#include "fieldbench/buffer.hpp"
#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/fault.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/pipeline.hpp"
#include "fieldbench/timer.hpp"

namespace fieldbench {
namespace {

using Clock = std::chrono::steady_clock;
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

VerifyResult spotCheck(std::span<const Element> got, std::span<const Element> expected) {
  VerifyResult r;
  const std::size_t step = std::max<std::size_t>(1, expected.size() / kSpotChecks);
  for (std::size_t i = 0; i < expected.size(); i += step) {
    ++r.checked;
    if (got[i] != expected[i]) {
      if (r.mismatches++ == 0) r.firstMismatch = i;
    }
  }
  if (r.mismatches != 0) {
    r.detail = fmt::format("{} of {} sampled elements differ; first at index {}: got {}, expected {}", r.mismatches,
                           r.checked, r.firstMismatch, toHex(got[r.firstMismatch]), toHex(expected[r.firstMismatch]));
  }
  return r;
}

struct HeapNeed {
  std::uint64_t bytes = 0;
  std::string what;
};

}  // namespace

void checkFits(const Context& context, MemoryKind memory, std::uint64_t elements, bool cold) {
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
  auto need = [&](const MemoryRequest& request, std::uint64_t count, const char* what, std::uint64_t each) {
    const auto type = chooseMemoryType(props, ~0u, request);
    auto& n = needs[props.memoryTypes[type].heapIndex];
    n.bytes += count * each;
    n.what += (n.what.empty() ? "" : " + ") + fmt::format("{} {} of {} bytes", count, what, each);
  };
  if (cold) need(deviceLocalMemory(), 1, "cache-flush buffer", kFlushBytes);
  if (memory == MemoryKind::kDeviceLocal) {
    need(deviceLocalMemory(), 4, "device-local buffers", bytes);
    need(uploadStagingMemory(), 2, "upload staging buffers", bytes);
    need(readbackStagingMemory(), 1, "readback staging buffer", bytes);
  } else {
    need(hostSharedMemory(), 4, "host-visible buffers", bytes);
  }
  for (const auto& [heap, n] : needs) {
    const std::uint64_t size = props.memoryHeaps[heap].size;
    if (n.bytes > size) {
      throwUsage(fmt::format("--elements {} needs {} MiB in memory heap {} ({}), which has {} MiB", elements,
                             n.bytes >> 20, heap, n.what, size >> 20));
    }
  }
}

struct Runner::Impl {
  Impl(const Context& ctx, const Kernel& k, std::uint32_t workgroupSize)
      : context(ctx), kernel(k), fixedWorkgroup(workgroupSize), timestamps(ctx, kSlots) {}

  // The kernel's and the roofline's pipelines for one workgroup size, made on first use.
  struct Pipelines {
    ComputePipeline kernel, copy;
  };
  Pipelines& pipelinesFor(std::uint32_t workgroupSize) {
    auto& p = pipelineCache[workgroupSize];
    if (!p) {
      p = std::make_unique<Pipelines>(Pipelines{ComputePipeline(context, kernel, workgroupSize),
                                                ComputePipeline(context, copyKernel(), workgroupSize)});
    }
    return *p;
  }

  void allocate(const RunConfig& config, std::uint64_t count);
  void recordMain();
  void recordPoison();
  void recordRoofline();
  void recordScratchReadback();
  VerifyResult checkRoofline(std::span<const Element> expected);
  void recordFlush(const vk::raii::CommandBuffer& cmd) const;
  void submitAndWait(const vk::raii::CommandBuffer& cmd, const char* what);

  const Context& context;
  const Kernel& kernel;
  std::uint32_t fixedWorkgroup;  // 0: chooseWorkgroupSize per size
  std::map<std::uint32_t, std::unique_ptr<Pipelines>> pipelineCache;
  Pipelines* pipelines = nullptr;  // the current size's
  TimestampPool timestamps;
  vk::raii::Fence fence{context.device(), vk::FenceCreateInfo{}};
  vk::raii::CommandBuffers commands{
      context.device(), vk::CommandBufferAllocateInfo{.commandPool = *context.commandPool(),
                                                      .level = vk::CommandBufferLevel::ePrimary,
                                                      .commandBufferCount = 4}};
  const vk::raii::CommandBuffer& mainCmd = commands[0];
  const vk::raii::CommandBuffer& poisonCmd = commands[1];
  const vk::raii::CommandBuffer& rooflineCmd = commands[2];
  const vk::raii::CommandBuffer& scratchReadbackCmd = commands[3];

  // What is allocated now.
  MemoryKind memory = MemoryKind::kDeviceLocal;
  HostTransfer transfer = HostTransfer::kCopy;
  std::uint64_t elements = 0;
  vk::DeviceSize bytes = 0;  // one operand or result
  vk::DeviceSize slot = 0;   // bytes rounded up: operand b starts at `slot` in the input buffers

  // Declaration order is destruction order reversed: Buffers that import the host
  // arrays are declared after them, so they go first.
  HostArray hostIn, hostOut;                  // the caller's operands [a | b] and result
  std::optional<Buffer> hostInBuf, hostOutBuf;  // host-visible: imported host arrays or copy targets
  std::optional<Buffer> devIn, devOut;        // device-local mode only
  std::optional<Buffer> scratch;              // the roofline's output, so it never clobbers the result
  std::optional<Buffer> flush;                // cold mode: written to evict L2
  bool cold = false;
  double timeoutSeconds = kDefaultTimeoutSeconds;  // each fence wait's limit
};

void Runner::Impl::allocate(const RunConfig& config, std::uint64_t count) {
  HostTransfer wanted = config.hostTransfer;
  if (wanted == HostTransfer::kImport && !context.hostImport()) {
    throwUsage(fmt::format("--host-transfer import: {} does not support VK_EXT_external_memory_host; use auto or copy",
                           context.info().name));
  }
  if (wanted == HostTransfer::kAuto) wanted = context.hostImport() ? HostTransfer::kImport : HostTransfer::kCopy;
  if (devIn || hostInBuf) {
    if (config.memory == memory && wanted == transfer && count == elements && config.cold == cold) return;
  }
  hostInBuf.reset(), hostOutBuf.reset(), devIn.reset(), devOut.reset(), scratch.reset(), flush.reset();
  cold = config.cold;
  if (cold) flush.emplace(context, kFlushBytes, Usage::eTransferDst, deviceLocalMemory());
  memory = config.memory;
  transfer = wanted;
  elements = count;
  bytes = count * kElementBytes;
  const auto& limits = context.properties().limits;
  const vk::DeviceSize align = std::max<vk::DeviceSize>(
      {4096, context.hostImportAlignment(), limits.minStorageBufferOffsetAlignment});
  slot = (bytes + align - 1) / align * align;
  hostIn = HostArray(2 * slot, align);
  hostOut = HostArray(slot, align);

  const bool import = transfer == HostTransfer::kImport;
  const bool staged = memory == MemoryKind::kDeviceLocal;
  // Staged, the host buffers are copy source and target; host-visible, the shader's own
  // storage. The result is also a fill target (the poison) either way.
  const vk::BufferUsageFlags inUsage = staged ? Usage::eTransferSrc : Usage::eStorageBuffer;
  const vk::BufferUsageFlags outUsage = staged ? Usage::eTransferDst : Usage::eStorageBuffer | Usage::eTransferDst;
  const auto inRequest = staged ? uploadStagingMemory() : hostSharedMemory();
  const auto outRequest = staged ? readbackStagingMemory() : hostSharedMemory();
  if (import) {
    hostInBuf.emplace(context, hostIn.bytes(), inUsage, inRequest);
    hostOutBuf.emplace(context, hostOut.bytes(), outUsage, outRequest);
  } else {
    hostInBuf.emplace(context, 2 * slot, inUsage, inRequest);
    hostOutBuf.emplace(context, slot, outUsage, outRequest);
  }
  const Buffer* in = &*hostInBuf;
  const Buffer* out = &*hostOutBuf;
  if (staged) {
    devIn.emplace(context, 2 * slot, Usage::eStorageBuffer | Usage::eTransferDst, deviceLocalMemory());
    devOut.emplace(context, slot, Usage::eStorageBuffer | Usage::eTransferSrc | Usage::eTransferDst,
                   deviceLocalMemory());
    in = &*devIn;
    out = &*devOut;
  }
  scratch.emplace(context, bytes, Usage::eStorageBuffer | Usage::eTransferSrc,
                  staged ? deviceLocalMemory() : hostSharedMemory());
  pipelines = &pipelinesFor(fixedWorkgroup != 0 ? fixedWorkgroup : chooseWorkgroupSize(context, count));
  pipelines->kernel.bind({in, 0, bytes}, {in, slot, bytes}, {out, 0, bytes});
  pipelines->copy.bind({in, 0, bytes}, {in, slot, bytes}, {&*scratch, 0, bytes});
  recordMain();
  recordPoison();
  recordRoofline();
  recordScratchReadback();
}

void Runner::Impl::recordMain() {
  const auto& cmd = mainCmd;
  cmd.reset();
  cmd.begin(vk::CommandBufferBeginInfo{});
  timestamps.reset(cmd);
  timestamps.write(cmd, kStart);
  if (memory == MemoryKind::kDeviceLocal) {
    // a and b in one copy: one DMA set-up instead of two.
    cmd.copyBuffer(*hostInBuf->buffer(), *devIn->buffer(), vk::BufferCopy{.size = slot + bytes});
    memoryBarrier(cmd, Stage::eTransfer, Access::eTransferWrite, Stage::eComputeShader, Access::eShaderRead);
  }
  timestamps.write(cmd, kUploaded);
  recordFlush(cmd);
  timestamps.write(cmd, kKernelStart);
  pipelines->kernel.record(cmd, static_cast<std::uint32_t>(elements));
  timestamps.write(cmd, kComputed);
  if (memory == MemoryKind::kDeviceLocal) {
    memoryBarrier(cmd, Stage::eComputeShader, Access::eShaderWrite, Stage::eTransfer, Access::eTransferRead);
    cmd.copyBuffer(*devOut->buffer(), *hostOutBuf->buffer(), vk::BufferCopy{.size = bytes});
    memoryBarrier(cmd, Stage::eTransfer, Access::eTransferWrite, Stage::eHost, Access::eHostRead);
  } else {
    memoryBarrier(cmd, Stage::eComputeShader, Access::eShaderWrite, Stage::eHost, Access::eHostRead);
  }
  timestamps.write(cmd, kDownloaded);
  cmd.end();
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
  pipelines->copy.record(cmd, static_cast<std::uint32_t>(elements));
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
VerifyResult Runner::Impl::checkRoofline(std::span<const Element> expected) {
  submitAndWait(scratchReadbackCmd, "the roofline's readback");
  const Buffer& out = devOut ? *hostOutBuf : *scratch;
  out.invalidate();
  const auto in = hostIn.bytes();
  const std::span<const Element> a(reinterpret_cast<const Element*>(in.data()), elements);
  const std::span<const Element> b(reinterpret_cast<const Element*>(in.data() + slot), elements);
  const std::span<const Element> got(reinterpret_cast<const Element*>(out.bytes().data()), elements);
  VerifyResult check = compareXor(got, a, b);
  if (!check.ok()) check.detail = "copy roofline: " + check.detail;
  if (devOut) {
    submitAndWait(poisonCmd, "the poison fill");
    submitAndWait(mainCmd, "the kernel");
    if (transfer == HostTransfer::kCopy) {
      hostOutBuf->invalidate();
      std::memcpy(hostOut.bytes().data(), hostOutBuf->bytes().data(), bytes);
    }
    const std::span<const Element> result(reinterpret_cast<const Element*>(hostOut.bytes().data()), elements);
    if (const auto again = compareResults(result, expected); !again.ok() && check.ok()) check = again;
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
  auto waiting = [&] { return fmt::format("waiting for {} ({} elements)", what, elements); };
  vk::Result status = duringStep(waiting, [&] {
    // Lean path: spin on the fence for a short while (small sizes finish in
    // microseconds, and a blocking wait adds tens of them), then block.
    const auto spinUntil = Clock::now() + std::chrono::milliseconds(2);
    vk::Result st = fence.getStatus();
    while (st == vk::Result::eNotReady && Clock::now() < spinUntil) st = fence.getStatus();
    if (st == vk::Result::eNotReady) {
      const auto timeoutNs = static_cast<std::uint64_t>(timeoutSeconds * 1e9);
      st = context.device().waitForFences(*fence, VK_TRUE, timeoutNs);
    }
    // An injected fault comes after the real wait, so nothing is in flight when the run unwinds.
    if (st == vk::Result::eSuccess && injectedFault("wait") == vk::Result::eTimeout) st = vk::Result::eTimeout;
    faultPoint("wait");
    return st;
  });
  if (status == vk::Result::eTimeout) {
    throw Error(ExitCode::kRuntime, fmt::format("{}: the GPU did not finish within {} s (--timeout)", waiting(),
                                                timeoutSeconds));
  }
  if (status != vk::Result::eSuccess) {
    throw Error(ExitCode::kRuntime, fmt::format("{}: {}", waiting(), vk::to_string(status)));
  }
  context.device().resetFences(*fence);
}

Runner::Runner(const Context& context, const Kernel& kernel, std::uint32_t workgroupSize)
    : impl_(std::make_unique<Impl>(context, kernel, workgroupSize)) {}

Runner::~Runner() = default;

HostIo Runner::prepare(const RunConfig& config, std::uint64_t elements) {
  checkFits(impl_->context, config.memory, elements, config.cold);
  Impl& s = *impl_;
  s.timeoutSeconds = config.timeoutSeconds;
  auto what = [&] { return fmt::format("allocating buffers and recording commands for {} elements", elements); };
  duringStep(what, [&] {
    faultPoint("allocate");
    s.allocate(config, elements);
  });
  auto in = s.hostIn.bytes();
  auto asElements = [&](std::span<std::byte> b) {
    return std::span<Element>(reinterpret_cast<Element*>(b.data()), elements);
  };
  return {asElements(in.subspan(0, s.bytes)), asElements(in.subspan(s.slot, s.bytes)),
          asElements(s.hostOut.bytes())};
}

RunOutcome Runner::run(const RunConfig& config, std::span<const Element> expected) {
  Impl& s = *impl_;
  if (!s.hostInBuf) throw Error(ExitCode::kRuntime, "Runner::run before prepare");
  const bool copy = s.transfer == HostTransfer::kCopy;
  const std::span<const Element> result(reinterpret_cast<const Element*>(s.hostOut.bytes().data()), s.elements);

  RunOutcome outcome;
  outcome.gpuTimestamps = s.timestamps.available();
  outcome.hostTransfer = s.transfer;
  outcome.workgroupSize = s.pipelines->kernel.workgroupSize();
  auto& samples = outcome.samples;
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
  for (std::uint32_t rep = 0; more(rep); ++rep) {
    s.submitAndWait(s.poisonCmd, "the poison fill");
    if (copy) std::memset(s.hostOut.bytes().data(), 0xff, s.bytes);

    // Timed: operands in host memory -> result in host memory.
    const auto t0 = Clock::now();
    if (copy) {
      std::memcpy(s.hostInBuf->bytes().data(), s.hostIn.bytes().data(), s.slot + s.bytes);
      s.hostInBuf->flush();
    }
    const auto t1 = Clock::now();
    s.submitAndWait(s.mainCmd, "the kernel");
    const auto t2 = Clock::now();
    if (copy) {
      s.hostOutBuf->invalidate();
      std::memcpy(s.hostOut.bytes().data(), s.hostOutBuf->bytes().data(), s.bytes);
    }
    const auto t3 = Clock::now();

    if (rep >= config.warmup) measuredNs += nsBetween(t0, t3);  // flush included: a bound on wall time
    if (!expected.empty()) {
      const bool last = !more(rep + 1);
      auto check = last ? compareResults(result, expected) : spotCheck(result, expected);
      if (!check.ok() && (outcome.verify.ok() || check.mismatches > outcome.verify.mismatches)) outcome.verify = check;
      if (last && outcome.verify.ok()) outcome.verify = check;
    }
    if (rep < config.warmup) continue;
    const auto ticks = duringStep([&] { return fmt::format("reading timestamps ({} elements)", s.elements); },
                                  [&] { return s.timestamps.read(); });
    // Cold mode: the cache flush is not part of the round trip.
    const double flushNs = s.cold && !ticks.empty() ? s.timestamps.elapsedNs(ticks[kUploaded], ticks[kKernelStart]) : 0;
    samples.roundtrip.push_back(nsBetween(t0, t3) - flushNs);
    if (copy) {
      samples.hostWrite.push_back(nsBetween(t0, t1));
      samples.hostRead.push_back(nsBetween(t2, t3));
    }
    if (!ticks.empty()) {
      samples.kernel.push_back(s.timestamps.elapsedNs(ticks[kKernelStart], ticks[kComputed]));
      if (s.memory == MemoryKind::kDeviceLocal) {
        samples.upload.push_back(s.timestamps.elapsedNs(ticks[kStart], ticks[kUploaded]));
        samples.download.push_back(s.timestamps.elapsedNs(ticks[kComputed], ticks[kDownloaded]));
      }
      if (const auto calibration = s.timestamps.calibrate()) {
        samples.submitLatency.push_back(s.timestamps.hostNsOf(*calibration, ticks[kStart]) - sinceEpochNs(t1));
        samples.completionLatency.push_back(sinceEpochNs(t2) - s.timestamps.hostNsOf(*calibration, ticks[kDownloaded]));
      }
    }
  }
  // The roofline right after, on a GPU as warm as the kernel's; it writes the scratch buffer.
  if (config.roofline && outcome.gpuTimestamps) {
    const std::uint32_t repetitions = static_cast<std::uint32_t>(samples.roundtrip.size());
    for (std::uint32_t rep = 0; rep < config.warmup + repetitions; ++rep) {
      s.submitAndWait(s.rooflineCmd, "the copy roofline");
      if (rep < config.warmup) continue;
      const auto ticks = s.timestamps.read();
      samples.roofline.push_back(s.timestamps.elapsedNs(ticks[kKernelStart], ticks[kComputed]));
    }
    if (!expected.empty() && outcome.verify.ok()) {
      if (auto check = s.checkRoofline(expected); !check.ok()) outcome.verify = check;
    }
  }
  return outcome;
}

}  // namespace fieldbench
