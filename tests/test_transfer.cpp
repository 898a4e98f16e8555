// copyBytes: the round trip's host copies, split over threads when large.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

#include "fieldbench/transfer.hpp"

namespace fieldbench {
namespace {

std::vector<std::byte> pattern(std::size_t n) {
  std::vector<std::byte> v(n);
  std::uint64_t x = 0x9e3779b97f4a7c15ull;
  for (auto& b : v) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    b = static_cast<std::byte>(x);
  }
  return v;
}

TEST(CopyBytes, ThreadsGrowWithSizeAndStayBounded) {
  EXPECT_EQ(copyThreads(0), 1u);
  EXPECT_EQ(copyThreads(kBytesPerCopyThread), 1u);
  EXPECT_LE(copyThreads(std::size_t{1} << 34), kMaxCopyThreads);
  EXPECT_LE(copyThreads(std::size_t{1} << 34), std::max(1u, std::thread::hardware_concurrency()));
}

TEST(CopyBytes, EveryByteArrivesAtOddSizes) {
  // Sizes around the thread thresholds, none a whole number of pages.
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{4097}, 2 * kBytesPerCopyThread + 13,
                              4 * kBytesPerCopyThread + 4095, 5 * kBytesPerCopyThread - 1}) {
    const auto src = pattern(n);
    std::vector<std::byte> dst(n + 64, std::byte{0xee});
    copyBytes(dst, src);
    EXPECT_TRUE(std::equal(src.begin(), src.end(), dst.begin())) << n << " bytes, " << copyThreads(n) << " threads";
    // Nothing past the end is written.
    for (std::size_t i = n; i < dst.size(); ++i) ASSERT_EQ(dst[i], std::byte{0xee}) << n << " bytes, at " << i;
  }
}

}  // namespace
}  // namespace fieldbench
