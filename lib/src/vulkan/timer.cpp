#include "fieldbench/timer.hpp"

#include <array>

#include "fieldbench/context.hpp"

namespace fieldbench {

double ticksToNs(std::uint64_t from, std::uint64_t to, std::uint32_t validBits, double periodNs) {
  const std::uint64_t mask = validBits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << validBits) - 1;
  return static_cast<double>((to - from) & mask) * periodNs;
}

TimestampPool::TimestampPool(const Context& context, std::uint32_t count)
    : context_(&context),
      count_(count),
      validBits_(context.timestampValidBits()),
      periodNs_(static_cast<double>(context.properties().limits.timestampPeriod)) {
  if (available()) {
    pool_ = vk::raii::QueryPool(context.device(),
                                vk::QueryPoolCreateInfo{.queryType = vk::QueryType::eTimestamp, .queryCount = count});
  }
}

void TimestampPool::reset(const vk::raii::CommandBuffer& cmd) const {
  if (available()) cmd.resetQueryPool(*pool_, 0, count_);
}

void TimestampPool::write(const vk::raii::CommandBuffer& cmd, std::uint32_t index) const {
  if (available()) cmd.writeTimestamp(vk::PipelineStageFlagBits::eBottomOfPipe, *pool_, index);
}

std::vector<std::uint64_t> TimestampPool::read() const {
  if (!available()) return {};
  auto [result, ticks] = pool_.getResults<std::uint64_t>(
      0, count_, count_ * sizeof(std::uint64_t), sizeof(std::uint64_t),
      vk::QueryResultFlagBits::e64 | vk::QueryResultFlagBits::eWait);
  (void)result;  // eWait: success or an exception
  return ticks;
}

std::optional<TimestampPool::Calibration> TimestampPool::calibrate() const {
  if (!available() || !context_->calibratedTimestamps()) return std::nullopt;
  const std::array<vk::CalibratedTimestampInfoEXT, 2> infos{{{.timeDomain = vk::TimeDomainEXT::eDevice},
                                                              {.timeDomain = vk::TimeDomainEXT::eClockMonotonic}}};
  const auto [stamps, maxDeviation] = context_->device().getCalibratedTimestampsEXT(infos);
  (void)maxDeviation;
  return Calibration{.hostNs = static_cast<double>(stamps[1]), .deviceTicks = stamps[0]};
}

double TimestampPool::hostNsOf(const Calibration& calibration, std::uint64_t tick) const {
  return calibration.hostNs - elapsedNs(tick, calibration.deviceTicks);
}

double TimestampPool::elapsedNs(std::uint64_t from, std::uint64_t to) const {
  return ticksToNs(from, to, validBits_, periodNs_);
}

}  // namespace fieldbench
