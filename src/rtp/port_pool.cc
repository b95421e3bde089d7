// PortPool: even RTP ports with a rest period before reuse (RFC 3550 11: RTP even, RTCP odd).
#include "rtp/port_pool.h"

#include "core/mutex.h"
#include "rtp/errc.h"

namespace va::rtp {

PortPool::PortPool(const PortPoolConfig& config, const core::Clock& clock)
    : config_(config), clock_(clock) {
  const unsigned first = (config.port_min + 1u) & ~1u;
  // Rule 1: port+1 must fit too, so the last even port is at most port_max - 1.
  for (unsigned p = first; p + 1 <= config.port_max; p += 2)
    free_.push_back(static_cast<std::uint16_t>(p));
  capacity_ = free_.size();
  leased_.assign(capacity_ + 1, false);
}

void PortPool::wake_rested_locked(core::Clock::TimePoint now) {
  while (!resting_.empty() && resting_.front().until <= now) {
    free_.push_back(resting_.front().port);
    resting_.pop_front();
  }
}

core::Result<PortLease> PortPool::allocate(bool rtcp_mux) {
  core::MutexLock lock(mutex_);
  wake_rested_locked(clock_.now());
  if (free_.empty()) return Errc::PortsExhausted;
  const std::uint16_t port = free_.front();
  free_.pop_front();
  leased_[(port - config_.port_min) / 2] = true;
  ++leased_count_;
  return PortLease{port, rtcp_mux ? port : static_cast<std::uint16_t>(port + 1), rtcp_mux};
}

void PortPool::release(const PortLease& lease) {
  core::MutexLock lock(mutex_);
  const unsigned p = lease.rtp_port;
  if (p < config_.port_min || p > config_.port_max || (p & 1u)) return;
  const std::size_t slot = (p - config_.port_min) / 2;
  if (slot >= leased_.size() || !leased_[slot]) return;  // double release is harmless
  leased_[slot] = false;
  --leased_count_;
  resting_.push_back({lease.rtp_port, clock_.now() + config_.port_rest});
}

std::size_t PortPool::leased() const {
  core::MutexLock lock(mutex_);
  return leased_count_;
}

std::size_t PortPool::resting() const {
  core::MutexLock lock(mutex_);
  return resting_.size();
}

}  // namespace va::rtp
