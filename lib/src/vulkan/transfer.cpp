#include "fieldbench/transfer.hpp"

#include <algorithm>
#include <cstring>
#include <thread>
#include <vector>

namespace fieldbench {

unsigned copyThreads(std::size_t bytes) {
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  const auto bySize = static_cast<unsigned>(std::min<std::size_t>(bytes / kBytesPerCopyThread, kMaxCopyThreads));
  return std::max(1u, std::min({bySize, hardware, kMaxCopyThreads}));
}

void copyBytes(std::span<std::byte> dst, std::span<const std::byte> src) {
  if (src.empty()) return;  // memcpy's pointers must be valid even for 0 bytes (UBSan)
  const unsigned threads = copyThreads(src.size());
  if (threads == 1) {
    std::memcpy(dst.data(), src.data(), src.size());
    return;
  }
  // Slices of whole 4 KiB pages; this thread copies the last one.
  const std::size_t slice = (src.size() / threads + 4095) & ~std::size_t{4095};
  std::vector<std::jthread> workers;
  workers.reserve(threads - 1);
  std::size_t at = 0;
  for (unsigned t = 0; t + 1 < threads && at < src.size(); ++t, at += slice) {
    const std::size_t n = std::min(slice, src.size() - at);
    workers.emplace_back([d = dst.data() + at, s = src.data() + at, n] { std::memcpy(d, s, n); });
  }
  if (at < src.size()) std::memcpy(dst.data() + at, src.data() + at, src.size() - at);
}

}  // namespace fieldbench
