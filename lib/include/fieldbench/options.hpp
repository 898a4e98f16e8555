#pragma once
// RunOptions (what main parsed) and the parsing/validation of its values.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldbench {

enum class MemoryKind { kDeviceLocal, kHostVisible };
enum class OutputFormat { kTable, kJson, kCsv };
// How operands in ordinary host memory reach the GPU: imported as Vulkan memory
// (VK_EXT_external_memory_host, no CPU copy) or memcpy'd into Vulkan-allocated
// host-visible buffers inside the timed round trip. kAuto imports where supported.
enum class HostTransfer { kAuto, kImport, kCopy };

// Bytes in one Fp element: 6 little-endian u64 limbs.
inline constexpr std::uint64_t kElementBytes = 48;

struct RunOptions {
  std::vector<std::uint64_t> elements;  // sizes to run, in order
  MemoryKind memory = MemoryKind::kDeviceLocal;
  std::uint32_t iterations = 10;         // timed repetitions per size (>= 1), unless minTime is set
  double minTime = 0;                    // seconds: repeat until this much round-trip time is measured
  std::uint32_t warmup = 2;              // untimed runs before them
  std::uint64_t seed = 1;
  bool verify = true;
  std::string device;                    // selector: index or name substring; empty = best
  OutputFormat format = OutputFormat::kTable;
  std::string output;                    // file; empty = stdout
  std::string aFile, bFile, resultFile;  // known-answer mode when aFile is set
  bool cold = false;                     // evict the GPU's L2 before every timed kernel
  std::uint32_t workgroupSize = 0;       // 0: defaultWorkgroupSize(device)
  HostTransfer hostTransfer = HostTransfer::kAuto;
  std::string kernel = "field_add";      // a name from fieldAddKernels()
  double timeoutSeconds = 60;            // --timeout: longest wait for the GPU (0 < t <= 3600)

  [[nodiscard]] bool knownAnswer() const { return !aFile.empty(); }
};

// "1024", "1K" (1024), "3M", "1G": a positive count with an optional binary suffix.
std::uint64_t parseCount(std::string_view text);
// "1K,4K", "1K..256K" (powers of two from A to B), or a mix; throws Error(kUsage).
std::vector<std::uint64_t> parseElementList(std::string_view text);
// --buffer-size: bytes with optional suffix, a positive multiple of 48; returns elements.
std::uint64_t elementsFromBufferSize(std::string_view text);

MemoryKind parseMemoryKind(std::string_view text);
OutputFormat parseOutputFormat(std::string_view text);
HostTransfer parseHostTransfer(std::string_view text);
std::string_view toString(MemoryKind kind);
std::string_view toString(HostTransfer transfer);
std::string_view toString(OutputFormat format);

// Checks relations between options (files given together, ranges); throws Error(kUsage).
void validate(const RunOptions& options);

}  // namespace fieldbench
