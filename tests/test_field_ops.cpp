// The generic field kernels (every field x op x variant, one and several ops per element) and
// the integer-rate probe through the Runner on a real device (lavapipe here), each
// checked element by element against the CPU reference, edge inputs included.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "fieldbench/fields.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/runner.hpp"
#include "fieldbench/verify.hpp"
#include "gpu_fixture.hpp"

namespace fieldbench {

// gtest prints a FieldOp parameter by name.
void PrintTo(FieldOp op, std::ostream* os) { *os << toString(op); }

namespace {

// Random operands with the edges 0, 1, p - 1 and R mod p paired with each other up front.
std::pair<std::vector<std::uint64_t>, std::vector<std::uint64_t>> operands(const Field& f, std::size_t count) {
  auto a = randomWords(f, count, 17), b = randomWords(f, count, 18);
  Element pm1 = f.modulus;
  pm1[0] -= 1;
  const Element edges[] = {Element{}, Element{1}, pm1, f.r};
  std::size_t i = 0;
  for (const auto& x : edges) {
    for (const auto& y : edges) {
      storeElement(a, i, f.limbs, x);
      storeElement(b, i, f.limbs, y);
      ++i;
    }
  }
  return {a, b};
}

struct Outcome {
  VerifyResult verify;
  std::vector<std::uint64_t> result;
  std::size_t ioWords = 0;
};

Outcome runKernel(const Context& context, const Kernel& kernel, std::uint32_t k, MemoryKind memory,
                  std::span<const std::uint64_t> a, std::span<const std::uint64_t> b,
                  std::span<const std::uint64_t> expected) {
  Runner runner(context, kernel, 64, k);
  const RunConfig config{.memory = memory, .iterations = 1, .warmup = 0};
  const std::uint64_t count = a.size() * 8 / kernel.elementBytes;
  const HostIo io = runner.prepare(config, count);
  std::copy(a.begin(), a.end(), io.a.begin());
  std::copy(b.begin(), b.end(), io.b.begin());
  const RunOutcome o = runner.run(config, expected);
  return {o.verify, std::vector<std::uint64_t>(io.result.begin(), io.result.end()), io.a.size()};
}

// (field name, op, variant, K); printed by name so test names are stable.
using Param = std::tuple<std::string, FieldOp, std::string, std::uint32_t>;

// Every kernel of the catalog, at K = 1 and chained (K = 5; sqr also K = 3).
std::vector<Param> catalogParams() {
  std::vector<Param> params;
  for (const Field* f : allFields()) {
    for (FieldOp op : allOps()) {
      for (const Kernel* k : fieldOpKernels(*f, op)) {
        for (std::uint32_t chain : {1u, 3u, 5u}) {
          if (chain != 3 || op == FieldOp::kSqr) params.emplace_back(f->name, op, k->variant, chain);
        }
      }
    }
  }
  return params;
}

class FieldOpKernel : public GpuTest, public ::testing::WithParamInterface<Param> {};

TEST_P(FieldOpKernel, MatchesCpuReference) {
  const auto& [name, op, variant, k] = GetParam();
  const Field* field = &findField(name);
  const Kernel& kernel = fieldOpKernel(*field, op, variant);
  if (const auto why = kernel.unsupportedReason(context()); !why.empty()) GTEST_SKIP() << why;
  const std::size_t count = 300;  // not a multiple of the workgroup: the tail is covered
  const auto [a, b] = operands(*field, count);
  const auto expected = referenceOp(*field, op, k, a, b);
  for (MemoryKind memory : {MemoryKind::kDeviceLocal, MemoryKind::kHostVisible}) {
    SCOPED_TRACE(std::string(toString(memory)));
    const auto got = runKernel(context(), kernel, k, memory, a, b, expected);
    EXPECT_EQ(got.ioWords, count * field->limbs) << "buffers sized by the field's element";
    EXPECT_TRUE(got.verify.ok()) << got.verify.detail;
    EXPECT_EQ(got.verify.checked, count);
    // Independently of the Runner's own check: the result is the reference, and not the input.
    EXPECT_EQ(got.result, expected);
    if (k % 2 == 1 || op != FieldOp::kNeg) {
      EXPECT_NE(got.result, a);
    }
  }
}

std::string paramName(const ::testing::TestParamInfo<Param>& info) {
  std::string name = std::get<0>(info.param) + "_" + std::string(toString(std::get<1>(info.param))) + "_" +
                     std::get<2>(info.param) + "_k" + std::to_string(std::get<3>(info.param));
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Catalog, FieldOpKernel, ::testing::ValuesIn(catalogParams()), paramName);

class FieldOpRunner : public GpuTest {};

TEST_F(FieldOpRunner, WrongReferenceIsAMismatch) {
  // K = 3 on the GPU checked against K = 2 on the CPU must fail: the chain length reaches the shader.
  const Field& f = bn254Fp();
  const auto [a, b] = operands(f, 64);
  const auto wrong = referenceOp(f, FieldOp::kMul, 2, a, b);
  const auto got = runKernel(context(), fieldOpKernel(f, FieldOp::kMul), 3, MemoryKind::kDeviceLocal, a, b, wrong);
  EXPECT_FALSE(got.verify.ok());
  EXPECT_EQ(got.result, referenceOp(f, FieldOp::kMul, 3, a, b));
}

TEST_F(FieldOpRunner, SqrIsNotMulByB) {
  // sqr reads only a: b's buffer is bound but ignored, so two different b give the same result.
  for (const Kernel* kernel : fieldOpKernels(bls12381Fr(), FieldOp::kSqr)) {
    if (!kernel->unsupportedReason(context()).empty()) continue;
    SCOPED_TRACE(std::string(kernel->variant));
    const Field& f = bls12381Fr();
    const auto a = randomWords(f, 100, 1), b1 = randomWords(f, 100, 2), b2 = randomWords(f, 100, 3);
    const auto expected = referenceOp(f, FieldOp::kSqr, 3, a, b1);
    EXPECT_EQ(expected, referenceOp(f, FieldOp::kSqr, 3, a, b2));
    EXPECT_NE(expected, referenceOp(f, FieldOp::kMul, 3, a, b1));
    for (const auto& b : {b1, b2}) {
      const auto got = runKernel(context(), *kernel, 3, MemoryKind::kDeviceLocal, a, b, expected);
      EXPECT_TRUE(got.verify.ok()) << got.verify.detail;
      EXPECT_EQ(got.result, expected);
    }
  }
}

TEST_F(FieldOpRunner, DoubleFmaProbeGatesTheFp52Variants) {
  // The probe runs (validation on) and reads rounding to nearest, Vulkan's default; the fp52
  // kernels are supported exactly when it reads fused, and where they are, they verify (the
  // catalog test runs them).
  if (!context().shaderFloat64()) GTEST_SKIP() << "no shaderFloat64";
  const DoubleFma fma = probeDoubleFma(context());
  EXPECT_TRUE(fma.roundsToNearest);
  const Kernel& fp52 = fieldOpKernel(bls12381Fp(), FieldOp::kMul, "fp52");
  const std::string why = fp52.unsupportedReason(context());
  EXPECT_EQ(why.empty(), fma.fused) << why;
  if (!fma.fused) {
    EXPECT_NE(why.find("fused fma"), std::string::npos) << why;
  }
}

TEST_F(FieldOpRunner, RateProbesMatchTheirReferences) {
  // fp64_probe's products are exact, so its reference holds whether the device's fma is fused or not.
  const Field& f = bls12381Fp();
  const auto a = randomWords(f, 200, 1), b = randomWords(f, 200, 2);
  const std::pair<const Kernel*, std::vector<std::uint64_t>> probes[] = {
      {&intProbeKernel(), referenceIntProbe(a, b)},
      {&intProbeWideKernel(), referenceIntProbe(a, b, true)},
      {&fp64ProbeKernel(), referenceFp64Probe(a, b)}};
  for (const auto& [kernel, expected] : probes) {
    if (!kernel->unsupportedReason(context()).empty()) continue;  // lavapipe has int64 and float64
    const auto got = runKernel(context(), *kernel, 1, MemoryKind::kDeviceLocal, a, b, expected);
    EXPECT_TRUE(got.verify.ok()) << kernel->name << ": " << got.verify.detail;
    EXPECT_EQ(got.result, expected) << kernel->name;
  }
}

TEST_F(FieldOpRunner, CopyRooflineFor32ByteElements) {
  // The 32-byte fields' roofline: runs inside every Runner::run and checks a xor b.
  const Field& f = bls12381Fr();
  const auto a = randomWords(f, 100, 1), b = randomWords(f, 100, 2);
  std::vector<std::uint64_t> x(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) x[i] = a[i] ^ b[i];
  const auto got = runKernel(context(), copyKernelFor(32), 1, MemoryKind::kHostVisible, a, b, x);
  EXPECT_TRUE(got.verify.ok()) << got.verify.detail;
  EXPECT_EQ(got.result, x);
}

}  // namespace
}  // namespace fieldbench
