#pragma once
// parallelFor: the CPU references' threads (verify.cpp, ntt.cpp).
#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace fieldbench {

// Below this many items one thread: thread start-up costs more than the work. Above it,
// every hardware thread: the reference of a 16M-element run (or an NTT of 2^24) would take
// tens of seconds on one core.
inline constexpr std::size_t kParallelMin = 1u << 14;
// fn(begin, end) over [0, count) in contiguous pieces, one per thread; returns when all are done.
template <typename Fn>
void parallelFor(std::size_t count, Fn&& fn) {
  const std::size_t threads =
      count < kParallelMin ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 64);
  if (threads == 1) {
    fn(std::size_t{0}, count);
    return;
  }
  std::vector<std::thread> pool;
  const std::size_t chunk = (count + threads - 1) / threads;
  for (std::size_t begin = 0; begin < count; begin += chunk) {
    pool.emplace_back([&fn, begin, end = std::min(count, begin + chunk)] { fn(begin, end); });
  }
  for (auto& t : pool) t.join();
}

}  // namespace fieldbench
