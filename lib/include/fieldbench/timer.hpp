#pragma once
// GPU timestamps: a query pool, ticks masked to timestampValidBits and scaled by timestampPeriod.
#include <cstdint>
#include <optional>
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

  // One simultaneous reading of the device's timestamp counter and the host's
  // CLOCK_MONOTONIC (std::chrono::steady_clock on Linux); nullopt without
  // VK_EXT_calibrated_timestamps.
  struct Calibration {
    double hostNs;
    std::uint64_t deviceTicks;
  };
  [[nodiscard]] std::optional<Calibration> calibrate() const;
  // The host CLOCK_MONOTONIC time, in ns, of device tick `tick` (earlier than the calibration).
  [[nodiscard]] double hostNsOf(const Calibration& calibration, std::uint64_t tick) const;

 private:
  const Context* context_;
  std::uint32_t count_;
  std::uint32_t validBits_;
  double periodNs_;
  vk::raii::QueryPool pool_{nullptr};
};

// Pure helper (tested): ticks from `from` to `to` masked to `validBits`, times `periodNs`.
double ticksToNs(std::uint64_t from, std::uint64_t to, std::uint32_t validBits, double periodNs);

}  // namespace fieldbench
