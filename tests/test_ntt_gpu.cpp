// The NTT kernels (kernels/ntt.comp) through the Runner on a real device (lavapipe here):
// both fields, every variant the device runs, sizes from 2 to 2^16 (one shared-memory block,
// several blocks, two and more passes), forward and inverse, device-local and host-visible
// memory, intt(ntt(x)) = x on the GPU, and a wrong reference caught.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "fieldbench/context.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/ntt.hpp"
#include "fieldbench/runner.hpp"
#include "fieldbench/verify.hpp"
#include "gpu_fixture.hpp"

namespace fieldbench {
namespace {

struct Outcome {
  RunOutcome run;
  std::vector<std::uint64_t> result;
};

Outcome transform(const Context& context, const Kernel& kernel, MemoryKind memory, std::span<const std::uint64_t> x,
                  std::span<const std::uint64_t> expected, std::uint32_t iterations = 1) {
  Runner runner(context, kernel, 0);
  const RunConfig config{.memory = memory, .iterations = iterations, .warmup = 0};
  const HostIo io = runner.prepare(config, x.size() / kernel.field->limbs);
  EXPECT_TRUE(io.b.empty()) << "the twiddles are the workload's, not an operand";
  std::copy(x.begin(), x.end(), io.a.begin());
  Outcome o{runner.run(config, expected), {}};
  o.result.assign(io.result.begin(), io.result.end());
  return o;
}

std::vector<std::uint64_t> random(const Field& f, std::uint64_t n, std::uint64_t seed) {
  std::vector<std::uint64_t> x(n * f.limbs);
  fillRandom(f, x, seed);
  return x;
}

// (field, variant, log2 n); printed by name so test names are stable.
using Param = std::tuple<std::string, std::string, unsigned>;

class NttKernel : public GpuTest, public ::testing::WithParamInterface<Param> {};

TEST_P(NttKernel, MatchesCpuReference) {
  const auto& [name, variant, logN] = GetParam();
  const Field& f = findField(name);
  const std::uint64_t n = 1ull << logN;
  const auto x = random(f, n, logN);
  for (FieldOp op : transformOps()) {
    const Kernel& kernel = fieldOpKernel(f, op, variant);
    if (const auto why = kernel.unsupportedReason(context()); !why.empty()) GTEST_SKIP() << why;
    const auto expected = referenceNtt(f, x, op == FieldOp::kIntt);
    for (MemoryKind memory : {MemoryKind::kDeviceLocal, MemoryKind::kHostVisible}) {
      SCOPED_TRACE(std::string(toString(op)) + " " + std::string(toString(memory)));
      const auto got = transform(context(), kernel, memory, x, expected);
      EXPECT_TRUE(got.run.verify.ok()) << got.run.verify.detail;
      EXPECT_EQ(got.run.verify.checked, n);
      EXPECT_EQ(got.result, expected);  // independently of the Runner's check
      EXPECT_EQ(got.run.passes, (logN + 7) / 8);  // 8 stages per pass in shared memory
    }
  }
}

std::vector<Param> params() {
  std::vector<Param> out;
  for (const char* field : {"bls12-381-fr", "bn254-fr"}) {
    // Every mul variant's hooks (the FP64 ones are skipped where the device lacks an exact fma).
    for (const char* variant : {"cios32", "cios64", "ps64", "fp52", "fp52rz", "fp51k"}) {
      for (unsigned logN : {1u, 4u, 8u, 9u, 13u}) out.emplace_back(field, variant, logN);
    }
    out.emplace_back(field, "cios32", 16u);
  }
  return out;
}

std::string paramName(const ::testing::TestParamInfo<Param>& info) {
  std::string name = std::get<0>(info.param) + "_" + std::get<1>(info.param) + "_n" +
                     std::to_string(1ull << std::get<2>(info.param));
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Sizes, NttKernel, ::testing::ValuesIn(params()), paramName);

class NttRunner : public GpuTest {};

TEST_F(NttRunner, ThreePasses) {
  // 2^19: the middle pass's blocks have index bits below and above their own (forward only, one memory kind: lavapipe is slow).
  const Field& f = bn254Fr();
  const Kernel& kernel = fieldOpKernel(f, FieldOp::kNtt, "cios64");
  if (const auto why = kernel.unsupportedReason(context()); !why.empty()) GTEST_SKIP() << why;
  const auto x = random(f, 1u << 19, 19);
  const auto expected = referenceNtt(f, x, false);
  const auto got = transform(context(), kernel, MemoryKind::kDeviceLocal, x, expected);
  EXPECT_TRUE(got.run.verify.ok()) << got.run.verify.detail;
  EXPECT_EQ(got.run.passes, 3u);
  EXPECT_EQ(got.result, expected);
}

TEST_F(NttRunner, InverseOfForwardIsTheInputOnTheGpu) {
  for (const Field* f : {&bls12381Fr(), &bn254Fr()}) {
    const std::uint64_t n = 1u << 11;
    const auto x = random(*f, n, 99);
    const auto forward = transform(context(), fieldOpKernel(*f, FieldOp::kNtt), MemoryKind::kDeviceLocal, x, {});
    EXPECT_NE(forward.result, x);
    const auto back = transform(context(), fieldOpKernel(*f, FieldOp::kIntt), MemoryKind::kDeviceLocal,
                                forward.result, {});
    EXPECT_EQ(back.result, x) << f->name;
  }
}

TEST_F(NttRunner, RepetitionsAreCheckedAndAWrongReferenceIsAMismatch) {
  const Field& f = bn254Fr();
  const auto x = random(f, 1024, 5);
  auto expected = referenceNtt(f, x, false);
  const auto good = transform(context(), fieldOpKernel(f, FieldOp::kNtt), MemoryKind::kDeviceLocal, x, expected, 3);
  EXPECT_TRUE(good.run.verify.ok()) << good.run.verify.detail;
  EXPECT_EQ(good.run.samples.kernel.size(), 3u);
  EXPECT_EQ(good.run.inputBytesPerElement, 32u) << "a alone is uploaded";
  expected[4 * 700] ^= 1;
  const auto bad = transform(context(), fieldOpKernel(f, FieldOp::kNtt), MemoryKind::kDeviceLocal, x, expected);
  EXPECT_FALSE(bad.run.verify.ok());
  EXPECT_EQ(bad.run.verify.firstMismatch, 700u);
}

}  // namespace
}  // namespace fieldbench
