// CPU-side costs around a GPU run: one Fp addition, the reference over a whole
// buffer (what verification pays per repetition), input generation, comparison.
// (Every field x op on the CPU, and on the GPU per variant, is in microbench.cpp.)
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "fieldbench/fields.hpp"
#include "fieldbench/options.hpp"
#include "fieldbench/verify.hpp"

namespace {

using fieldbench::Element;

// field_add's memory traffic per element: two 48-byte operands read, one written.
constexpr std::int64_t kAddBytesPerElement = 3 * static_cast<std::int64_t>(fieldbench::kElementBytes);

void setThroughput(benchmark::State& state, std::int64_t elements, std::int64_t bytesPerElement) {
  const auto items = static_cast<std::int64_t>(state.iterations()) * elements;
  state.SetItemsProcessed(items);
  state.SetBytesProcessed(items * bytesPerElement);
}

// One (a + b) mod p on a pair; the result feeds the next addition so the
// compiler cannot hoist the work out of the loop.
void BM_FpAdd(benchmark::State& state) {
  const auto in = fieldbench::randomElements(2, 1);
  Element a = in[0];
  const Element b = in[1];
  for (auto _ : state) {
    a = fieldbench::fieldAdd(fieldbench::bls12381Fp(), a, b);
    benchmark::DoNotOptimize(a);
  }
  setThroughput(state, 1, kAddBytesPerElement);
}
BENCHMARK(BM_FpAdd);

// The CPU reference over a buffer, as verification computes it.
void BM_ReferenceAdd(benchmark::State& state) {
  const auto n = static_cast<std::uint64_t>(state.range(0));
  const auto& f = fieldbench::bls12381Fp();
  const auto a = fieldbench::randomWords(f, n, 1);
  const auto b = fieldbench::randomWords(f, n, 2);
  for (auto _ : state) {
    auto c = fieldbench::referenceOp(f, fieldbench::FieldOp::kAdd, 1, a, b);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  setThroughput(state, state.range(0), kAddBytesPerElement);
}
BENCHMARK(BM_ReferenceAdd)->RangeMultiplier(2)->Range(1 << 10, 1 << 18)->Unit(benchmark::kMicrosecond);

// Seeded canonical inputs (rejection sampling below p), written once per element.
void BM_RandomElements(benchmark::State& state) {
  const auto n = static_cast<std::uint64_t>(state.range(0));
  std::uint64_t seed = 1;
  for (auto _ : state) {
    auto xs = fieldbench::randomElements(n, seed++);
    benchmark::DoNotOptimize(xs.data());
    benchmark::ClobberMemory();
  }
  setThroughput(state, state.range(0), static_cast<std::int64_t>(fieldbench::kElementBytes));
}
BENCHMARK(BM_RandomElements)->RangeMultiplier(4)->Range(1 << 10, 1 << 18)->Unit(benchmark::kMicrosecond);

// Comparing a GPU result with the reference: two 48-byte reads per element, all equal.
void BM_CompareResults(benchmark::State& state) {
  const auto n = static_cast<std::uint64_t>(state.range(0));
  const auto expected = fieldbench::randomElements(n, 1);
  const std::vector<Element> got = expected;
  for (auto _ : state) {
    auto r = fieldbench::compareResults(got, expected);
    benchmark::DoNotOptimize(r.mismatches);
  }
  setThroughput(state, state.range(0), 2 * static_cast<std::int64_t>(fieldbench::kElementBytes));
}
BENCHMARK(BM_CompareResults)->RangeMultiplier(4)->Range(1 << 10, 1 << 18)->Unit(benchmark::kMicrosecond);

}  // namespace
