// fieldbench-microbench: Google Benchmark over every field x op, on the CPU reference
// (ns per op, items per second) and, for every kernel variant, as GPU dispatches timed by
// GPU timestamps (UseManualTime): gpu/<field>/<op>/<variant>. Each GPU case is checked in full against the CPU reference once
// before it is timed; a mismatch skips it with an error, so no figure is unverified.
//   fieldbench-microbench --benchmark_format=json --benchmark_filter=gpu/bls12-381-fp/mul/cios64
// Arguments: elements (GPU; FIELDBENCH_MICROBENCH_ELEMENTS) and K, operations chained per
// element (--ops-per-element); FIELDBENCH_DEVICE selects the device like --device.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fieldbench/context.hpp"
#include "fieldbench/fields.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/ntt.hpp"
#include "fieldbench/options.hpp"
#include "fieldbench/runner.hpp"
#include "fieldbench/verify.hpp"

namespace fb = fieldbench;

namespace {

// Element bytes one op moves per element in device memory (reads + the write).
std::int64_t trafficBytes(const fb::Field& f, fb::FieldOp op) {
  return static_cast<std::int64_t>((fb::isUnary(op) ? 2 : 3) * f.elementBytes());
}

// One op at a time on the CPU, each result feeding the next (a dependent chain).
void cpuOp(benchmark::State& state, const fb::Field* f, fb::FieldOp op) {
  const auto words = fb::randomWords(*f, 2, 1);
  fb::Element x = fb::loadElement(words, 0, f->limbs);
  const fb::Element b = fb::loadElement(words, 1, f->limbs);
  for (auto _ : state) {
    x = fb::applyOp(*f, op, x, b);
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * trafficBytes(*f, op));
}

// The device, made on first use; nullopt (with the reason) when there is none.
struct Device {
  std::unique_ptr<fb::Context> context;
  std::string error;
};
Device& device() {
  static Device d = [] {
    Device made;
    try {
      const char* selector = std::getenv("FIELDBENCH_DEVICE");
      const char* validation = std::getenv("FIELDBENCH_VALIDATION");
      made.context = std::make_unique<fb::Context>(fb::ContextOptions{
          .deviceSelector = selector ? selector : "",
          .validation = validation != nullptr && std::string_view(validation) == "1"});
    } catch (const std::exception& e) {
      made.error = e.what();
    }
    return made;
  }();
  return d;
}

// One run of the kernel's workload per iteration (one dispatch, or the NTT's passes), timed by
// GPU timestamps around it; k ops per element.
void gpuRun(benchmark::State& state, const fb::Kernel* kernel, std::uint32_t k) {
  Device& d = device();
  if (!d.context) {
    state.SkipWithError(fmt::format("no Vulkan device: {}", d.error).c_str());
    return;
  }
  const auto elements = static_cast<std::uint64_t>(state.range(0));
  const fb::Field* f = kernel->field;
  const fb::FieldOp op = kernel->op;
  fb::Runner runner(*d.context, *kernel, 0, k);
  const fb::RunConfig config{.iterations = 1, .warmup = 0, .roofline = false};
  const fb::HostIo io = runner.prepare(config, elements);
  fb::fillRandom(*f, io.a, 1);
  fb::fillRandom(*f, io.b, 2);
  const auto expected = runner.reference(io);
  const fb::RunOutcome checked = runner.run(config, expected);
  if (!checked.verify.ok()) {
    state.SkipWithError(fmt::format("verification failed: {}", checked.verify.detail).c_str());
    return;
  }
  if (!checked.gpuTimestamps) {
    state.SkipWithError("the device has no compute-queue timestamps");
    return;
  }
  for (auto _ : state) {
    const fb::RunOutcome o = runner.run(config, {});
    state.SetIterationTime(o.samples.kernel.front() * 1e-9);
  }
  const auto items = static_cast<std::int64_t>(state.iterations()) * state.range(0);
  state.SetItemsProcessed(items);
  // The NTT: every pass's reads and writes.
  state.SetBytesProcessed(items * (fb::isTransform(op) ? static_cast<std::int64_t>(kernel->bytesPerElement * checked.passes)
                                                       : trafficBytes(*f, op)));
  state.counters["ops_per_element"] = k;
  state.counters["ops_per_second"] =
      benchmark::Counter(static_cast<double>(items) * k, benchmark::Counter::kIsRate);
  if (!d.context->validationMessages().empty()) state.SkipWithError("Vulkan validation messages");
}

void gpuOp(benchmark::State& state, const fb::Kernel* kernel) {
  gpuRun(state, kernel, static_cast<std::uint32_t>(state.range(1)));
}
void gpuNtt(benchmark::State& state, const fb::Kernel* kernel) { gpuRun(state, kernel, 1); }

// The NTT's kernel for the device: cios64 where it runs (the faster on GPUs with int64), else cios32.
const fb::Kernel* nttKernel(const fb::Field& f, fb::FieldOp op) {
  const fb::Kernel* chosen = nullptr;
  for (const fb::Kernel* k : fb::fieldOpKernels(f, op)) {
    const Device& d = device();
    if (!d.context || k->unsupportedReason(*d.context).empty()) chosen = k;
  }
  return chosen;
}

}  // namespace

int main(int argc, char** argv) {
  // GPU sizes: FIELDBENCH_MICROBENCH_ELEMENTS (fieldbench's -n syntax, e.g. 1M,16M), else small
  // ones that lavapipe runs quickly.
  std::vector<std::int64_t> sizes{4096, 65536};
  if (const char* env = std::getenv("FIELDBENCH_MICROBENCH_ELEMENTS")) {
    try {
      sizes.clear();
      for (auto n : fb::parseElementList(env)) sizes.push_back(static_cast<std::int64_t>(n));
    } catch (const std::exception& e) {
      fmt::print(stderr, "fieldbench-microbench: FIELDBENCH_MICROBENCH_ELEMENTS: {}\n", e.what());
      return 2;
    }
  }
  for (const fb::Field* f : fb::allFields()) {
    for (fb::FieldOp op : fb::allOps()) {
      benchmark::RegisterBenchmark(fmt::format("cpu/{}/{}", f->name, fb::toString(op)).c_str(), cpuOp, f, op);
      for (const fb::Kernel* kernel : fb::fieldOpKernels(*f, op)) {
        // A variant the device cannot run is left out, with the reason (a skipped case would read as a failure).
        if (const Device& d = device(); d.context) {
          if (const auto why = kernel->unsupportedReason(*d.context); !why.empty()) {
            fmt::print(stderr, "fieldbench-microbench: left out: {}\n", why);
            continue;
          }
        }
        benchmark::RegisterBenchmark(
            fmt::format("gpu/{}/{}/{}", f->name, fb::toString(op), kernel->variant).c_str(), gpuOp, kernel)
            ->ArgNames({"elements", "k"})
            ->ArgsProduct({sizes, {1, 16}})
            ->UseManualTime()
            ->Unit(benchmark::kMicrosecond);
      }
    }
  }
  // gpu/<field>/ntt/elements:N and intt: power-of-two sizes (the others' sizes are).
  std::vector<std::int64_t> powers;
  for (auto n : sizes) {
    if (n >= 2 && (n & (n - 1)) == 0) powers.push_back(n);
  }
  for (const fb::Field* f : fb::allFields()) {
    if (fb::nttTwoAdicity(*f) == 0 || powers.empty()) continue;
    for (fb::FieldOp op : fb::transformOps()) {
      const fb::Kernel* kernel = nttKernel(*f, op);
      if (kernel == nullptr) continue;
      auto* b = benchmark::RegisterBenchmark(fmt::format("gpu/{}/{}", f->name, fb::toString(op)).c_str(), gpuNtt, kernel)
                    ->ArgNames({"elements"})->UseManualTime()->Unit(benchmark::kMicrosecond);
      for (auto n : powers) b->Arg(n);
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
