#pragma once
// RunOptions (what main parsed) and the parsing/validation of its values.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fieldbench/fields.hpp"

namespace fieldbench {

// Where operands and result live (see memory_kind.hpp for each kind's path and support check).
enum class MemoryKind { kDeviceLocal, kHostVisible, kRebar, kImported };
enum class OutputFormat { kTable, kJson, kCsv };

// Bytes in one BLS12-381 Fp element (6 little-endian u64 limbs), the default field's;
// other fields' elements are Field::elementBytes().
inline constexpr std::uint64_t kElementBytes = 48;
// --chunk: default and bounds (bytes of one operand per chunk of a pipelined round trip).
inline constexpr std::uint64_t kDefaultChunkBytes = 4ull << 20;
inline constexpr std::uint64_t kMinChunkBytes = 64ull << 10;
inline constexpr std::uint64_t kMaxChunkBytes = 1ull << 30;
// --warmup-time: default and bound, seconds. After the count of warm-ups, untimed runs go on
// until this much time has passed and two consecutive GPU kernel times agree within 2%: a
// GPU's clock drops while the CPU computes the reference, and a count of short runs does not
// bring it back (seen on the H200: 4M-element mul x16 read 10-50% low after 2 warm-ups).
inline constexpr double kDefaultWarmupTime = 0.05;
inline constexpr double kMaxWarmupTime = 60;
// --ops-per-element takes 1 to this.
inline constexpr std::uint32_t kMaxOpsPerElement = 65536;
// --batch: kernels per kernel_batch repetition, at most.
inline constexpr std::uint32_t kMaxBatch = 10000;
// --workgroup-size auto (chooseWorkgroupSize): invocations per workgroup below and from
// kAutoWorkgroupLargeFrom elements, never above the device's largest workgroup. mul and sqr
// take kAutoWorkgroupSmall at every size: at 1024 invocations an NVIDIA SM's 64K registers
// leave each 64, and the FP64 variants spill there (docs/performance.md, "Workgroup size of mul").
// The rate probes too: at 1024 the int probe reaches 88% of the H200's peak (256: 93%), and
// fp64_probe spills (0.91 T fmas/s against 10.3 T at 256).
inline constexpr std::uint32_t kAutoWorkgroupSmall = 256, kAutoWorkgroupLarge = 1024;
inline constexpr std::uint64_t kAutoWorkgroupLargeFrom = 1u << 20;
// The same rule in words, for --help.
inline constexpr const char* kAutoWorkgroupText =
    "256 below 1M elements, 1024 from 1M (mul, sqr and the rate probes: 256), at most the device's largest";

struct RunOptions {
  std::vector<std::uint64_t> elements;  // sizes to run, in order
  std::vector<MemoryKind> memories;      // in order, no repeats; empty = auto (autoMemoryKind per device)
  std::uint64_t chunkBytes = kDefaultChunkBytes;  // staged kinds: bytes of one operand per pipelined chunk
  bool overlap = true;                   // false (--no-overlap): one upload, one kernel, one download
  std::uint32_t iterations = 10;         // timed repetitions per size (>= 1), unless minTime is set
  double minTime = 0;                    // seconds: repeat until this much round-trip time is measured
  std::uint32_t warmup = 2;              // untimed runs before them
  double warmupTime = kDefaultWarmupTime;  // --warmup-time: seconds of warm-up at least (0: the count only)
  std::uint32_t batch = 0;               // --batch: kernels timed back to back per repetition (0: none)
  std::uint64_t seed = 1;
  bool verify = true;
  std::string device;                    // selector: index or name substring; empty = best
  OutputFormat format = OutputFormat::kTable;
  std::string output;                    // file; empty = stdout
  std::string aFile, bFile, resultFile;  // known-answer mode when aFile is set
  bool cold = false;                     // evict the GPU's L2 before every timed kernel
  std::uint32_t workgroupSize = 0;       // 0: auto, chooseWorkgroupSize per size
  std::string variant = "best";          // --variant: best, all, or a name from variantNames()
  std::string field = "bls12-381-fp";    // a name from allFields()
  std::vector<FieldOp> ops{FieldOp::kAdd};  // run in this order, each over every size
  std::uint32_t opsPerElement = 1;       // K: x = op(x, b) K times per element in the kernel
  double timeoutSeconds = 60;            // --timeout: longest wait for the GPU (0 < t <= 3600)
  std::string shaderFile;                // --shader: a GLSL compute shader run as variant file:<stem> of the --op
  std::vector<std::string> shaderDefines;  // its -D NAME=VALUE, in order

  [[nodiscard]] bool knownAnswer() const { return !aFile.empty(); }
};

// "1024", "1K" (1024), "3M", "1G": a positive count with an optional binary suffix.
std::uint64_t parseCount(std::string_view text);
// "1K,4K", "1K..256K" (powers of two from A to B), or a mix; throws Error(kUsage).
std::vector<std::uint64_t> parseElementList(std::string_view text);
// --buffer-size: bytes with optional suffix, a positive multiple of 48; returns elements.
// elementBytes: the field's element size (--field), 48 for BLS12-381 Fp.
std::uint64_t elementsFromBufferSize(std::string_view text, std::uint64_t elementBytes = kElementBytes);

MemoryKind parseMemoryKind(std::string_view text);
// "device-local,rebar" or "all" (every kind, in the order of memoryKinds()); repeats dropped;
// "auto" alone: the empty list (the device's fastest supported kind, chosen when it is known).
std::vector<MemoryKind> parseMemoryKinds(std::string_view text);
// --chunk: bytes with optional suffix K, M, G, from kMinChunkBytes to kMaxChunkBytes.
std::uint64_t parseChunkBytes(std::string_view text);
OutputFormat parseOutputFormat(std::string_view text);
std::string_view toString(MemoryKind kind);
std::string_view toString(OutputFormat format);

// Checks relations between options (files given together, ranges); throws Error(kUsage).
void validate(const RunOptions& options);

}  // namespace fieldbench
