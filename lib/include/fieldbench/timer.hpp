#pragma once
// GPU timestamps: a query pool, ticks masked to timestampValidBits and scaled by timestampPeriod.
#include <cstdint>
#include <vector>

#include "fieldbench/vulkan.hpp"

namespace fieldbench {

class Context;

class TimestampPool {
 public:
  TimestampPool(const Context& context, std::uint32_t count);

  [[nodiscard]] bool available() const { return validBits_ != 0; }
  void reset(const vk::raii::CommandBuffer& cmd) const;
  // Timestamp `index` once every command recorded before it has completed.
  void write(const vk::raii::CommandBuffer& cmd, std::uint32_t index) const;
  // Reads all timestamps (waits for them); returns raw ticks.
  [[nodiscard]] std::vector<std::uint64_t> read() const;
  // Nanoseconds from tick `from` to tick `to`, wrap-around handled by the mask.
  [[nodiscard]] double elapsedNs(std::uint64_t from, std::uint64_t to) const;

 private:
  std::uint32_t count_;
  std::uint32_t validBits_;
  double periodNs_;
  vk::raii::QueryPool pool_{nullptr};
};

// Pure helper (tested): ticks from `from` to `to` masked to `validBits`, times `periodNs`.
double ticksToNs(std::uint64_t from, std::uint64_t to, std::uint32_t validBits, double periodNs);

}  // namespace fieldbench
