// The field_add and copy kernels through the Runner on a real device, checked
// against the CPU reference (itself checked against GMP) and byte for byte.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "fieldbench/context.hpp"
#include "fieldbench/error.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/memory_kind.hpp"
#include "fieldbench/options.hpp"
#include "fieldbench/pipeline.hpp"
#include "fieldbench/runner.hpp"
#include "fieldbench/verify.hpp"
#include "reference.hpp"
#include "gmp_oracle.hpp"
#include "gpu_fixture.hpp"

namespace fieldbench {

// Readable parameters in test output (found by argument-dependent lookup).
inline void PrintTo(MemoryKind kind, std::ostream* os) { *os << toString(kind); }

namespace {

using testing::referenceAdd;

// The kernel the field_add benchmark runs: the generic BLS12-381 Fp add.
const Kernel& fieldAddKernel() { return fieldOpKernel(bls12381Fp(), FieldOp::kAdd); }

constexpr std::uint32_t kWorkgroup = 256;

enum class Inputs { kRandom, kEdges };
void PrintTo(Inputs inputs, std::ostream* os) { *os << (inputs == Inputs::kRandom ? "random" : "edges"); }

struct Operands {
  std::vector<Element> a, b;
};

Element pMinus(std::uint64_t d) {
  Element x = bls12381Fp().modulus;
  x[0] -= d;  // the low limb of p is 0x...aaab: no borrow for small d
  return x;
}

// Random canonical operands, or ones where every other pair is an edge case
// (0, p - 1 and 1 in every combination) and the rest random.
Operands makeOperands(std::uint64_t count, Inputs inputs, std::uint64_t seed) {
  Operands o{randomElements(count, seed), randomElements(count, seed + 1000)};
  if (inputs == Inputs::kEdges) {
    const Element zero{}, one{1, 0, 0, 0, 0, 0}, pm1 = pMinus(1);
    const std::pair<Element, Element> edges[] = {{zero, zero}, {pm1, pm1}, {pm1, one},  {one, pm1},
                                                 {zero, pm1},  {pm1, zero}, {pMinus(2), one}};
    for (std::uint64_t i = 0; i < count; i += 2) {
      const auto& [x, y] = edges[(i / 2) % std::size(edges)];
      o.a[i] = x;
      o.b[i] = y;
    }
  }
  return o;
}

std::string describe(std::uint64_t first, std::span<const Element> got, std::span<const Element> want) {
  return "first difference at " + std::to_string(first) + ": got " + toHex(got[first]) + ", expected " +
         toHex(want[first]);
}

// Index of the first difference, or size when equal.
std::size_t firstDifference(std::span<const Element> got, std::span<const Element> want) {
  std::size_t i = 0;
  while (i < got.size() && i < want.size() && got[i] == want[i]) ++i;
  return i;
}

// One prepare + run with the given operands; the result copied out of the Runner's host memory.
struct Ran {
  VerifyResult verify;
  PhaseSamples samples;
  bool gpuTimestamps;
  std::uint32_t chunks;
  std::uint32_t workgroupSize;
  std::vector<Element> result;
};

Ran runWith(Runner& runner, const RunConfig& config, std::span<const Element> a, std::span<const Element> b,
            std::span<const Element> expected) {
  // BLS12-381 Fp elements are 6 packed u64 words: the Runner's layout for 48-byte elements.
  const HostIo io = runner.prepare(config, a.size());
  std::memcpy(io.a.data(), a.data(), a.size_bytes());
  std::memcpy(io.b.data(), b.data(), b.size_bytes());
  const std::span<const std::uint64_t> want(reinterpret_cast<const std::uint64_t*>(expected.data()),
                                            expected.size() * 6);
  RunOutcome o = runner.run(config, want);
  std::vector<Element> result(a.size());
  std::memcpy(result.data(), io.result.data(), io.result.size_bytes());
  return {o.verify, std::move(o.samples), o.gpuTimestamps, o.chunks, o.workgroupSize, std::move(result)};
}

class PipelineTest : public GpuTest {};

using FieldAddParam = std::tuple<std::uint64_t, MemoryKind, Inputs>;

class FieldAddTest : public GpuTest, public ::testing::WithParamInterface<FieldAddParam> {};

TEST_P(FieldAddTest, MatchesReference) {
  const auto [count, memory, inputs] = GetParam();
  const Operands in = makeOperands(count, inputs, 100 + count);

  // The reference, computed here independently of the runner; a sample checked against GMP.
  const std::vector<Element> expected = referenceAdd(in.a, in.b);
  const mpz_class p = oracle::modulusFromHex();
  for (std::uint64_t i = 0; i < count; i += std::max<std::uint64_t>(1, count / 16)) {
    ASSERT_EQ(oracle::toMpz(expected[i]), mpz_class((oracle::toMpz(in.a[i]) + oracle::toMpz(in.b[i])) % p))
        << "reference wrong at " << i;
  }

  Runner runner(context(), fieldAddKernel(), kWorkgroup);
  const RunConfig config{.memory = memory, .iterations = 2, .warmup = 1};
  const Ran outcome = runWith(runner, config, in.a, in.b, expected);

  EXPECT_TRUE(outcome.verify.ok()) << outcome.verify.detail;
  EXPECT_EQ(outcome.verify.checked, count);
  ASSERT_EQ(outcome.result.size(), count);
  const auto first = firstDifference(outcome.result, expected);
  EXPECT_EQ(first, count) << (first < count ? describe(first, outcome.result, expected) : "");

  // The GPU's own result against GMP, for a few elements including the first and last.
  for (const std::uint64_t i : {std::uint64_t{0}, count / 2, count - 1}) {
    EXPECT_EQ(oracle::toMpz(outcome.result[i]), mpz_class((oracle::toMpz(in.a[i]) + oracle::toMpz(in.b[i])) % p))
        << "element " << i;
  }

  const auto& s = outcome.samples;
  ASSERT_EQ(s.roundtrip.size(), config.iterations);
  for (const double ns : s.roundtrip) EXPECT_GT(ns, 0.0);
  if (outcome.gpuTimestamps) {
    EXPECT_EQ(s.kernel.size(), config.iterations);
    for (const double ns : s.kernel) EXPECT_GE(ns, 0.0);
  }
  // Each kind times exactly the copies it has (memory_kind.cpp's table).
  const auto& kind = memoryKindInfo(memory);
  if (outcome.gpuTimestamps) {
    EXPECT_EQ(s.upload.size(), kind.upload ? config.iterations : 0u);
    EXPECT_EQ(s.download.size(), kind.download ? config.iterations : 0u);
  }
  // Chunks only for kinds with a copy to overlap, and only above one chunk (kDefaultChunkBytes).
  if (!kind.upload && !kind.download) {
    EXPECT_EQ(outcome.chunks, 1u);
  }
  if (count * kElementBytes <= kDefaultChunkBytes) {
    EXPECT_EQ(outcome.chunks, 1u);
  }
  // The host's memcpy parts of the round trip (not for imported memory), each shorter than the whole.
  if (kind.hostCopyIn) {
    ASSERT_EQ(s.hostWrite.size(), config.iterations);
    ASSERT_EQ(s.hostRead.size(), config.iterations);
    for (std::size_t i = 0; i < config.iterations; ++i) {
      EXPECT_LE(s.hostWrite[i] + s.hostRead[i], s.roundtrip[i]) << "repetition " << i;
    }
  } else {
    EXPECT_TRUE(s.hostWrite.empty());
  }
  // The copy roofline over the same buffers, timed like the kernel.
  if (outcome.gpuTimestamps) {
    EXPECT_EQ(s.roofline.size(), config.iterations);
  }
  // Calibrated timestamps: where the round trip's time outside the GPU's commands goes
  // (unchunked round trips only: a chunked one spans queues and writes no timestamps).
  if (outcome.gpuTimestamps && context().calibratedTimestamps() && outcome.chunks == 1) {
    ASSERT_EQ(s.submitLatency.size(), config.iterations);
    ASSERT_EQ(s.completionLatency.size(), config.iterations);
    for (std::size_t i = 0; i < config.iterations; ++i) {
      // Both lie inside the round trip (a few microseconds of calibration error allowed below 0).
      EXPECT_GT(s.submitLatency[i], -50e3) << i;
      EXPECT_GT(s.completionLatency[i], -50e3) << i;
      EXPECT_LT(s.submitLatency[i] + s.completionLatency[i], s.roundtrip[i]) << i;
    }
  } else {
    EXPECT_TRUE(s.submitLatency.empty());
  }
}

std::string fieldAddName(const ::testing::TestParamInfo<FieldAddParam>& param) {
  const auto& [count, memory, inputs] = param.param;
  std::string kind(toString(memory));
  std::erase(kind, '-');
  return std::to_string(count) + "_" + kind + (inputs == Inputs::kRandom ? "_Random" : "_Edges");
}

INSTANTIATE_TEST_SUITE_P(Sizes, FieldAddTest,
                         ::testing::Combine(::testing::Values<std::uint64_t>(1, 255, 256, 257, 1024, 100000),
                                            ::testing::Values(MemoryKind::kDeviceLocal, MemoryKind::kHostVisible,
                                                              MemoryKind::kRebar, MemoryKind::kImported),
                                            ::testing::Values(Inputs::kRandom, Inputs::kEdges)),
                         fieldAddName);

TEST_F(PipelineTest, TimestampsAreAvailableOnThisDevice) {
  // Not a timing assertion: the device must report timestamp bits for the kernel measure to exist.
  const Operands in = makeOperands(1024, Inputs::kRandom, 5);
  Runner runner(context(), fieldAddKernel(), kWorkgroup);
  const Ran outcome = runWith(runner, {.memory = MemoryKind::kDeviceLocal, .iterations = 1, .warmup = 0}, in.a,
                                        in.b, referenceAdd(in.a, in.b));
  EXPECT_EQ(outcome.gpuTimestamps, context().timestampValidBits() != 0);
  if (outcome.gpuTimestamps) {
    EXPECT_EQ(outcome.samples.kernel.size(), 1u);
    EXPECT_EQ(outcome.samples.upload.size(), 1u);
    EXPECT_EQ(outcome.samples.download.size(), 1u);
  }
}

TEST_F(PipelineTest, RunnerIsReusableAcrossSizesAndMemoryKinds) {
  Runner runner(context(), fieldAddKernel(), kWorkgroup);
  for (const std::uint64_t count : {1000u, 10u, 1000u, 4096u}) {
    for (const auto memory : {MemoryKind::kHostVisible, MemoryKind::kDeviceLocal, MemoryKind::kImported,
                              MemoryKind::kRebar}) {
      const Operands in = makeOperands(count, Inputs::kEdges, count);
      const auto expected = referenceAdd(in.a, in.b);
      const Ran outcome = runWith(runner, {.memory = memory, .iterations = 1, .warmup = 0}, in.a, in.b, expected);
      EXPECT_TRUE(outcome.verify.ok()) << count << ": " << outcome.verify.detail;
      EXPECT_EQ(outcome.result, expected) << count;
      EXPECT_EQ(outcome.samples.hostWrite.size(), memory == MemoryKind::kImported ? 0u : 1u) << toString(memory);
    }
  }
}

TEST(Kernels, FieldAddIsTheGenericBls12381FpAdd) {
  // One kernel family: BLS12-381 Fp add is the catalog's bls12-381-fp.add, variant u32, 144 bytes per element.
  const Kernel& k = fieldAddKernel();
  EXPECT_EQ(k.name, "bls12-381-fp.add");
  EXPECT_EQ(k.variant, "u32");
  EXPECT_EQ(k.field, &bls12381Fp());
  EXPECT_EQ(k.bytesPerElement, 144u);
  EXPECT_FALSE(k.needsInt64);
  ASSERT_EQ(fieldOpKernels(bls12381Fp(), FieldOp::kAdd).size(), 1u);
  EXPECT_EQ(&fieldOpKernel(bls12381Fp(), FieldOp::kAdd, "u32"), &k);
}

TEST_F(PipelineTest, AutoWorkgroupSizeIsChosenPerSize) {
  const auto& limits = context().properties().limits;
  const std::uint32_t largest = std::min(limits.maxComputeWorkGroupSize[0], limits.maxComputeWorkGroupInvocations);
  EXPECT_EQ(chooseWorkgroupSize(context(), fieldAddKernel(), 1000), std::min(256u, largest));
  EXPECT_EQ(chooseWorkgroupSize(context(), fieldAddKernel(), std::uint64_t{1} << 20), std::min(1024u, largest));
  // mul and sqr stay at 256 from 1M too (their registers; docs/performance.md), in every variant.
  for (const FieldOp op : {FieldOp::kMul, FieldOp::kSqr}) {
    for (const Kernel* k : fieldOpKernels(bls12381Fp(), op)) {
      EXPECT_EQ(chooseWorkgroupSize(context(), *k, std::uint64_t{1} << 24), std::min(256u, largest)) << k->variant;
    }
  }
  // So do the rate probes, which run beside mul and sqr at 1M elements.
  for (const Kernel* k : {&intProbeKernel(), &intProbeWideKernel(), &fp64ProbeKernel()}) {
    EXPECT_EQ(chooseWorkgroupSize(context(), *k, std::uint64_t{1} << 20), std::min(256u, largest)) << k->name;
  }
  EXPECT_EQ(chooseWorkgroupSize(context(), fieldOpKernel(bls12381Fr(), FieldOp::kNeg), std::uint64_t{1} << 24),
            std::min(1024u, largest));
  Runner runner(context(), fieldAddKernel(), 0);
  const Operands in = makeOperands(1000, Inputs::kRandom, 5);
  const Ran outcome = runWith(runner, {.iterations = 1, .warmup = 0}, in.a, in.b, referenceAdd(in.a, in.b));
  EXPECT_TRUE(outcome.verify.ok()) << outcome.verify.detail;
  EXPECT_EQ(outcome.workgroupSize, chooseWorkgroupSize(context(), fieldAddKernel(), 1000));
}

TEST_F(PipelineTest, WorkgroupSizes) {
  const Operands in = makeOperands(1000, Inputs::kEdges, 77);
  const auto expected = referenceAdd(in.a, in.b);
  for (const std::uint32_t wg : {1u, 32u, 64u, 1024u}) {
    if (wg > context().properties().limits.maxComputeWorkGroupSize[0]) continue;
    Runner runner(context(), fieldAddKernel(), wg);
    const Ran outcome = runWith(runner, {.memory = MemoryKind::kDeviceLocal, .iterations = 1, .warmup = 0}, in.a,
                                          in.b, expected);
    EXPECT_TRUE(outcome.verify.ok()) << "workgroup " << wg << ": " << outcome.verify.detail;
  }
}

TEST_F(PipelineTest, WrongExpectedIsReportedAsMismatch) {
  // The runner's verification must be able to fail: hand it a reference with two wrong elements.
  const Operands in = makeOperands(300, Inputs::kRandom, 9);
  auto expected = referenceAdd(in.a, in.b);
  expected[7][0] ^= 1;
  expected[299][5] ^= 1;
  Runner runner(context(), fieldAddKernel(), kWorkgroup);
  const Ran outcome = runWith(runner, {.memory = MemoryKind::kDeviceLocal, .iterations = 2, .warmup = 0}, in.a,
                                        in.b, expected);
  EXPECT_FALSE(outcome.verify.ok());
  EXPECT_EQ(outcome.verify.mismatches, 2u);
  EXPECT_EQ(outcome.verify.firstMismatch, 7u);
  EXPECT_EQ(outcome.result, referenceAdd(in.a, in.b));
}

TEST_F(PipelineTest, NoExpectedMeansNotVerified) {
  const Operands in = makeOperands(64, Inputs::kRandom, 11);
  Runner runner(context(), fieldAddKernel(), kWorkgroup);
  const Ran outcome = runWith(runner, {.memory = MemoryKind::kHostVisible, .iterations = 1, .warmup = 0}, in.a,
                                        in.b, {});
  EXPECT_EQ(outcome.verify.checked, 0u);
  EXPECT_EQ(outcome.result, referenceAdd(in.a, in.b));
}

// ------------------------------------------------------------ copy kernel

std::vector<Element> xorOf(const std::vector<Element>& a, const std::vector<Element>& b) {
  std::vector<Element> c(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t l = 0; l < c[i].size(); ++l) c[i][l] = a[i][l] ^ b[i][l];
  }
  return c;
}

class CopyKernelTest : public GpuTest, public ::testing::WithParamInterface<MemoryKind> {};

TEST_P(CopyKernelTest, ResultIsAXorBByteForByte) {
  const Operands in = makeOperands(100000, Inputs::kRandom, 21);
  const auto expected = xorOf(in.a, in.b);
  Runner runner(context(), copyKernel(), kWorkgroup);
  const Ran outcome = runWith(runner, {.memory = GetParam(), .iterations = 2, .warmup = 1}, in.a, in.b, {});
  ASSERT_EQ(outcome.result.size(), expected.size());
  EXPECT_EQ(std::memcmp(outcome.result.data(), expected.data(), expected.size() * sizeof(Element)), 0)
      << describe(firstDifference(outcome.result, expected), outcome.result, expected);
}

TEST_P(CopyKernelTest, WithZeroBResultIsA) {
  const Operands in = makeOperands(4097, Inputs::kRandom, 22);
  const std::vector<Element> zeros(in.a.size());
  Runner runner(context(), copyKernel(), kWorkgroup);
  const Ran outcome = runWith(runner, {.memory = GetParam(), .iterations = 1, .warmup = 0}, in.a, zeros, in.a);
  EXPECT_TRUE(outcome.verify.ok()) << outcome.verify.detail;
  ASSERT_EQ(outcome.result.size(), in.a.size());
  EXPECT_EQ(std::memcmp(outcome.result.data(), in.a.data(), in.a.size() * sizeof(Element)), 0);
}

TEST_P(CopyKernelTest, CopiesBytesThatAreNotFieldElements) {
  // The roofline kernel moves any 48 bytes; all-ones words included.
  std::vector<Element> a(513), b(513);
  for (std::size_t i = 0; i < a.size(); ++i) {
    a[i].fill(~std::uint64_t{0});
    b[i].fill(i * 0x0101010101010101ull);
  }
  Runner runner(context(), copyKernel(), kWorkgroup);
  const Ran outcome = runWith(runner, {.memory = GetParam(), .iterations = 1, .warmup = 0}, a, b, {});
  EXPECT_EQ(outcome.result, xorOf(a, b));
}

std::string memoryName(const ::testing::TestParamInfo<MemoryKind>& param) {
  std::string kind(toString(param.param));
  std::erase(kind, '-');
  return kind;
}

INSTANTIATE_TEST_SUITE_P(Memory, CopyKernelTest,
                         ::testing::Values(MemoryKind::kDeviceLocal, MemoryKind::kHostVisible, MemoryKind::kRebar,
                                           MemoryKind::kImported),
                         memoryName);

TEST(Kernels, Table) {
  EXPECT_EQ(copyKernel().name, "copy");
  EXPECT_EQ(fieldAddKernel().bytesPerElement, 144u);
  EXPECT_EQ(copyKernel().bytesPerElement, fieldAddKernel().bytesPerElement);
  ASSERT_FALSE(fieldAddKernel().spirv.empty());
  EXPECT_EQ(fieldAddKernel().spirv[0], 0x07230203u);  // SPIR-V magic
  EXPECT_EQ(copyKernel().spirv[0], 0x07230203u);
}

// ------------------------------------------------------------- size checks

void expectUsage(const Context& context, MemoryKind memory, std::uint64_t elements) {
  try {
    checkFits(context, memory, elements);
    ADD_FAILURE() << "checkFits accepted " << elements << " elements";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage) << e.what();
    EXPECT_NE(std::string(e.what()).find(std::to_string(elements)), std::string::npos) << e.what();
  }
}

TEST_F(PipelineTest, CheckFitsRejectsZeroAndOversize) {
  const std::uint64_t maxElements = context().properties().limits.maxStorageBufferRange / kElementBytes;
  for (const auto memory : {MemoryKind::kDeviceLocal, MemoryKind::kHostVisible, MemoryKind::kRebar,
                            MemoryKind::kImported}) {
    expectUsage(context(), memory, 0);
    expectUsage(context(), memory, maxElements + 1);
    expectUsage(context(), memory, 64ull << 30);
  }
}

TEST_F(PipelineTest, CheckFitsAcceptsUpToTheLimit) {
  const std::uint64_t maxElements = context().properties().limits.maxStorageBufferRange / kElementBytes;
  for (const auto memory : {MemoryKind::kDeviceLocal, MemoryKind::kHostVisible, MemoryKind::kRebar,
                            MemoryKind::kImported}) {
    EXPECT_NO_THROW(checkFits(context(), memory, 1));
    EXPECT_NO_THROW(checkFits(context(), memory, 262144));
    // The largest count a storage buffer holds, when the heaps are big enough for it
    // (lavapipe: 128 MiB buffers in a 2 GiB heap).
    std::uint64_t heapBytes = 0;
    for (std::uint32_t h = 0; h < context().memoryProperties().memoryHeapCount; ++h) {
      heapBytes = std::max<std::uint64_t>(heapBytes, context().memoryProperties().memoryHeaps[h].size);
    }
    if (6 * maxElements * kElementBytes < heapBytes) {
      EXPECT_NO_THROW(checkFits(context(), memory, maxElements));
    }
  }
}

TEST_F(PipelineTest, RunnerRejectsZeroElementsAndRunBeforePrepare) {
  Runner runner(context(), fieldAddKernel(), kWorkgroup);
  EXPECT_THROW((void)runner.run({.iterations = 1, .warmup = 0}, {}), Error);
  try {
    (void)runner.prepare({.iterations = 1, .warmup = 0}, 0);
    ADD_FAILURE() << "prepare(0) did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
  }
}

TEST_F(PipelineTest, PipelineRejectsOversizeWorkgroup) {
  const std::uint32_t tooBig = context().properties().limits.maxComputeWorkGroupInvocations + 1;
  try {
    ComputePipeline pipeline(context(), fieldAddKernel(), tooBig);
    ADD_FAILURE() << "workgroup size " << tooBig << " accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    EXPECT_NE(std::string(e.what()).find(std::to_string(tooBig)), std::string::npos) << e.what();
  }
}

TEST_F(PipelineTest, GroupCount) {
  const ComputePipeline pipeline(context(), fieldAddKernel(), 256);
  EXPECT_EQ(pipeline.workgroupSize(), 256u);
  EXPECT_EQ(pipeline.groupCount(1), 1u);
  EXPECT_EQ(pipeline.groupCount(256), 1u);
  EXPECT_EQ(pipeline.groupCount(257), 2u);
  EXPECT_EQ(pipeline.groupCount(1024), 4u);
  EXPECT_LE(pipeline.groupCount(0xffffffffu), context().properties().limits.maxComputeWorkGroupCount[0]);
  EXPECT_GE(pipeline.groupCount(0xffffffffu), 1u);
}

// ------------------------------------------------------ chunked round trip

TEST(Chunks, CountAndSize) {
  // 2 MiB of 48-byte elements is 43690; whole workgroups of 256 make 43520 per chunk.
  EXPECT_EQ(chunkElements(262144, 2ull << 20, 256), 43520u);
  EXPECT_EQ(chunkCount(262144, 2ull << 20, 256), 7u);
  EXPECT_EQ(chunkCount(1000, 2ull << 20, 256), 1u);
  EXPECT_EQ(chunkElements(1000, 2ull << 20, 256), 1000u);
  // Below one workgroup of bytes: one workgroup per chunk.
  EXPECT_EQ(chunkElements(10000, 64ull << 10, 2048), 2048u);
  EXPECT_EQ(chunkCount(10000, 64ull << 10, 2048), 5u);
  // Never more than kMaxChunks: the chunk grows instead.
  const std::uint64_t huge = std::uint64_t{1} << 26;
  EXPECT_LE(chunkCount(huge, 64ull << 10, 256), kMaxChunks);
  EXPECT_EQ(chunkElements(huge, 64ull << 10, 256) % 256, 0u);
}

// Chunked (events between the chunks' steps), unchunked and --no-overlap runs give the
// same bytes for every kind with a copy, at a size that is no whole number of chunks.
TEST_F(PipelineTest, ChunkedAndUnchunkedAgreeBitForBit) {
  const std::uint64_t count = 10007;  // 480 KiB per operand: 7 or 8 chunks of 64 KiB
  const Operands in = makeOperands(count, Inputs::kRandom, 31);
  const auto expected = referenceAdd(in.a, in.b);
  Runner runner(context(), fieldAddKernel(), kWorkgroup);
  for (const auto memory : {MemoryKind::kDeviceLocal, MemoryKind::kRebar, MemoryKind::kImported}) {
    const Ran chunked = runWith(runner, {.memory = memory, .chunkBytes = 64ull << 10, .iterations = 2, .warmup = 1},
                                in.a, in.b, expected);
    EXPECT_EQ(chunked.chunks, chunkCount(count, 64ull << 10, kWorkgroup)) << toString(memory);
    EXPECT_GT(chunked.chunks, 5u) << toString(memory);
    EXPECT_TRUE(chunked.verify.ok()) << toString(memory) << ": " << chunked.verify.detail;
    EXPECT_EQ(chunked.verify.checked, count);
    // Chunked, each step's own time still comes from an unchunked run of the same steps.
    if (chunked.gpuTimestamps) {
      EXPECT_EQ(chunked.samples.kernel.size(), 2u);
      EXPECT_EQ(chunked.samples.download.size(), 2u);
    }
    const Ran serial = runWith(runner, {.memory = memory, .chunkBytes = 64ull << 10, .overlap = false,
                                        .iterations = 1, .warmup = 0},
                               in.a, in.b, expected);
    EXPECT_EQ(serial.chunks, 1u);
    EXPECT_TRUE(serial.verify.ok()) << serial.verify.detail;
    ASSERT_EQ(chunked.result.size(), serial.result.size());
    EXPECT_EQ(std::memcmp(chunked.result.data(), serial.result.data(), count * sizeof(Element)), 0)
        << toString(memory) << ": " << describe(firstDifference(chunked.result, serial.result), chunked.result,
                                                serial.result);
    EXPECT_EQ(chunked.result, expected);
  }
}

// The context's queues follow chooseQueueRoles; lavapipe (one family, one queue) maps every
// role onto the compute queue, and has timeline semaphores, so the chunked path runs here.
TEST_F(PipelineTest, QueueRolesOfTheContextAndTimelineSemaphores) {
  const auto families = context().physicalDevice().getQueueFamilyProperties();
  const auto roles = chooseQueueRoles(families);
  ASSERT_TRUE(roles);
  EXPECT_EQ(context().queueRoles().compute, roles->compute);
  EXPECT_EQ(context().queueRoles().upload, roles->upload);
  EXPECT_EQ(context().queueRoles().download, roles->download);
  EXPECT_EQ(context().queueFamily(), roles->compute.family);
  EXPECT_TRUE(context().timelineSemaphores());
  if (!roles->transferFamily) {
    EXPECT_EQ(*context().uploadQueue(), *context().queue());
    EXPECT_EQ(*context().downloadQueue(), *context().queue());
    EXPECT_EQ(context().queueFamilies().size(), 1u);
  }
  EXPECT_EQ(context().info().queues.rfind(describeQueueRoles(*roles), 0), 0u) << context().info().queues;
}

// A chunk the kernel does not write stays poisoned and fails the check: the chunks cover every element.
TEST_F(PipelineTest, ChunkedRunCatchesAWrongElementInTheLastChunk) {
  const std::uint64_t count = 5000;
  const Operands in = makeOperands(count, Inputs::kEdges, 32);
  auto expected = referenceAdd(in.a, in.b);
  expected[count - 1][2] ^= 4;
  Runner runner(context(), fieldAddKernel(), kWorkgroup);
  const Ran outcome = runWith(runner, {.memory = MemoryKind::kImported, .chunkBytes = 64ull << 10, .iterations = 1,
                                       .warmup = 0},
                              in.a, in.b, expected);
  EXPECT_GT(outcome.chunks, 1u);
  EXPECT_FALSE(outcome.verify.ok());
  EXPECT_EQ(outcome.verify.firstMismatch, count - 1);
}

}  // namespace
}  // namespace fieldbench
