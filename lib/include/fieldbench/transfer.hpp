#pragma once
// Host-side copies of the round trip: memcpy split over a few threads when large.
#include <cstddef>
#include <span>

namespace fieldbench {

// Bytes each extra thread gets at least; below 2x this one thread copies.
inline constexpr std::size_t kBytesPerCopyThread = 4ull << 20;
// At most this many threads copy at once (and at most the hardware's threads).
inline constexpr unsigned kMaxCopyThreads = 4;

// Threads copyBytes uses for `bytes`.
unsigned copyThreads(std::size_t bytes);
// memcpy(dst, src, src.size()) in copyThreads() slices; dst must be at least as large.
void copyBytes(std::span<std::byte> dst, std::span<const std::byte> src);

}  // namespace fieldbench
