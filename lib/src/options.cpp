#include "fieldbench/options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <iterator>
#include <cctype>
#include <charconv>

#include "fieldbench/error.hpp"
#include "fieldbench/split_list.hpp"
#include "fieldbench/user_shader.hpp"
#include "fieldbench/kernels.hpp"
#include "fieldbench/ntt.hpp"

namespace fieldbench {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Parses "<digits>[K|M|G]"; nullopt-like false on any malformed text or overflow.
bool tryParseCount(std::string_view text, std::uint64_t& value) {
  text = trim(text);
  if (text.empty()) return false;
  unsigned shift = 0;
  switch (std::toupper(static_cast<unsigned char>(text.back()))) {
    case 'K': shift = 10; break;
    case 'M': shift = 20; break;
    case 'G': shift = 30; break;
    default: break;
  }
  if (shift != 0) text.remove_suffix(1);
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text.front()))) return false;
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  if (shift != 0 && n > (~std::uint64_t{0} >> shift)) return false;
  value = n << shift;
  return true;
}

}  // namespace

std::uint64_t parseCount(std::string_view text) {
  std::uint64_t n = 0;
  if (!tryParseCount(text, n) || n == 0) {
    throwUsage(fmt::format("invalid count '{}': expected a positive integer with an optional "
                           "binary suffix K, M or G (1K = 1024)",
                           text));
  }
  return n;
}

std::vector<std::uint64_t> parseElementList(std::string_view text) {
  std::vector<std::uint64_t> out;
  if (trim(text).empty()) throwUsage("invalid element list '': expected counts like 1K,4K or a range 1K..256K");
  for (const std::string_view item : splitList(text)) {
    const std::size_t dots = item.find("..");
    if (dots == std::string_view::npos) {
      out.push_back(parseCount(item));
    } else {
      const std::uint64_t lo = parseCount(item.substr(0, dots));
      const std::uint64_t hi = parseCount(item.substr(dots + 2));
      if (!std::has_single_bit(lo) || !std::has_single_bit(hi) || lo > hi) {
        throwUsage(fmt::format("invalid range '{}': expected A..B with powers of two A <= B (1K..256K)",
                               trim(item)));
      }
      // Stops at hi itself: doubling past 2^63 would wrap to 0 and never end.
      for (std::uint64_t n = lo;; n *= 2) {
        out.push_back(n);
        if (n == hi) break;
      }
    }
  }
  return out;
}

std::uint64_t elementsFromBufferSize(std::string_view text, std::uint64_t elementBytes) {
  std::uint64_t bytes = 0;
  if (!tryParseCount(text, bytes) || bytes == 0 || bytes % elementBytes != 0) {
    throwUsage(fmt::format("invalid buffer size '{}': expected a positive multiple of {} bytes "
                           "(suffixes K, M, G allowed, e.g. 12M)",
                           text, elementBytes));
  }
  return bytes / elementBytes;
}

namespace {
constexpr MemoryKind kAllKinds[] = {MemoryKind::kDeviceLocal, MemoryKind::kHostVisible, MemoryKind::kRebar,
                                    MemoryKind::kImported};
}  // namespace

MemoryKind parseMemoryKind(std::string_view text) {
  for (const auto kind : kAllKinds) {
    if (trim(text) == toString(kind)) return kind;
  }
  throwUsage(fmt::format("invalid memory kind '{}': expected device-local, host-visible, rebar, imported, "
                         "a comma-separated list of them, all or auto",
                         text));
}

std::vector<MemoryKind> parseMemoryKinds(std::string_view text) {
  if (trim(text) == "all") return {std::begin(kAllKinds), std::end(kAllKinds)};
  if (trim(text) == "auto") return {};
  std::vector<MemoryKind> kinds;
  const auto items = splitList(text);
  for (const std::string_view item : items) {
    if (items.size() > 1) {
      const auto known = std::find_if(std::begin(kAllKinds), std::end(kAllKinds),
                                      [&](MemoryKind k) { return trim(item) == toString(k); });
      if (known == std::end(kAllKinds)) {
        throwUsage(fmt::format("invalid memory kind '{}' in '{}': expected device-local, host-visible, rebar, "
                               "imported, a comma-separated list of them, all or auto",
                               item, text));
      }
    }
    const auto kind = parseMemoryKind(item);
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
  }
  return kinds;
}

std::uint64_t parseChunkBytes(std::string_view text) {
  std::uint64_t bytes = 0;
  if (!tryParseCount(text, bytes) || bytes < kMinChunkBytes || bytes > kMaxChunkBytes) {
    throwUsage(fmt::format("invalid --chunk '{}': expected bytes from 64K to 1G (suffixes K, M, G allowed, e.g. 2M)",
                           text));
  }
  return bytes;
}

OutputFormat parseOutputFormat(std::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "json") return OutputFormat::kJson;
  if (text == "csv") return OutputFormat::kCsv;
  throwUsage(fmt::format("invalid format '{}': expected table, json or csv", text));
}

std::string_view toString(MemoryKind kind) {
  switch (kind) {
    case MemoryKind::kDeviceLocal: return "device-local";
    case MemoryKind::kHostVisible: return "host-visible";
    case MemoryKind::kRebar: return "rebar";
    case MemoryKind::kImported: return "imported";
  }
  return "device-local";
}

std::string_view toString(OutputFormat format) {
  switch (format) {
    case OutputFormat::kTable: return "table";
    case OutputFormat::kJson: return "json";
    case OutputFormat::kCsv: return "csv";
  }
  return "table";
}

namespace {

// --op ntt/intt: a scalar field, power-of-two sizes within its two-adicity, K = 1, and
// known-answer mode with --a-file and --result-file only.
void validateTransform(const RunOptions& options) {
  const Field& field = findField(options.field);
  const bool a = !options.aFile.empty(), b = !options.bFile.empty(), r = !options.resultFile.empty();
  if (b) throwUsage(fmt::format("--b-file '{}' does not apply to --op ntt/intt: it takes --a-file and --result-file", options.bFile));
  if ((a || r) && !(a && r)) throwUsage("known-answer mode of --op ntt/intt needs both --a-file and --result-file");
  if (options.opsPerElement != 1) {
    throwUsage(fmt::format("invalid --ops-per-element '{}': --op ntt/intt takes only 1", options.opsPerElement));
  }
  for (auto n : options.elements) checkNttSize(field, n);
}

}  // namespace

void validate(const RunOptions& options) {
  const bool a = !options.aFile.empty(), b = !options.bFile.empty(), r = !options.resultFile.empty();
  if (std::ranges::any_of(options.ops, isTransform)) {
    validateTransform(options);
  } else if ((a || b || r) && !(a && b && r)) {
    throwUsage("known-answer mode needs all three of --a-file, --b-file and --result-file");
  }
  if (!options.knownAnswer() && options.elements.empty()) throwUsage("no element counts to run");
  for (auto n : options.elements) {
    if (n == 0) throwUsage("invalid count '0': expected a positive integer");
    if (n > 0xffffffffull) {
      throwUsage(fmt::format("invalid count '{}': at most {} elements per run", n, 0xffffffffull));
    }
  }
  if (options.chunkBytes < kMinChunkBytes || options.chunkBytes > kMaxChunkBytes) {
    throwUsage(fmt::format("invalid --chunk '{}': expected bytes from 64K to 1G", options.chunkBytes));
  }
  if (options.iterations == 0) throwUsage("invalid iterations '0': expected an integer >= 1");
  (void)findField(options.field);
  if (options.ops.empty()) throwUsage("invalid --op '': expected add, sub, double, neg, mul, sqr, ntt, intt or all");
  if (options.opsPerElement == 0 || options.opsPerElement > kMaxOpsPerElement) {
    throwUsage(fmt::format("invalid --ops-per-element '{}': expected an integer from 1 to {}", options.opsPerElement,
                           kMaxOpsPerElement));
  }
  if (options.shaderFile.empty() && !options.shaderDefines.empty()) {
    throwUsage(fmt::format("invalid -D '{}': -D defines macros for --shader, which is not given", options.shaderDefines.front()));
  }
  if (!options.shaderFile.empty()) checkShaderOptions(options);
  if (options.shaderFile.empty() || options.variant == "best" || options.variant == "all") {
    checkVariantOption(options.variant, options.ops);
  }
  if (options.knownAnswer() && options.ops.size() != 1) {
    throwUsage("known-answer mode takes one --op: its result file holds one result");
  }
  if (!(options.warmupTime >= 0) || options.warmupTime > kMaxWarmupTime) {
    throwUsage(fmt::format("invalid --warmup-time '{}': expected seconds from 0 to {}", options.warmupTime,
                           kMaxWarmupTime));
  }
  if (!(options.minTime >= 0) || options.minTime > 3600) {
    throwUsage(fmt::format("invalid --min-time '{}': expected seconds from 0 to 3600", options.minTime));
  }
  if (!(options.timeoutSeconds > 0) || options.timeoutSeconds > 3600) {
    throwUsage(fmt::format("invalid --timeout '{}': expected seconds, more than 0 and at most 3600",
                           options.timeoutSeconds));
  }
}

}  // namespace fieldbench
