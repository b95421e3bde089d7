// PortPool: even local RTP ports for calls, RTCP on port+1 unless rtcp-mux (RFC 3550 11).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "core/clock.h"
#include "core/mutex.h"
#include "core/result.h"

namespace va::rtp {

struct PortPoolConfig {
  std::uint16_t port_min = 10000;
  std::uint16_t port_max = 20000;
  // A released port rests this long before reuse, so a late stream of the old call cannot
  // reach the next call that would get the same port.
  std::chrono::nanoseconds port_rest{std::chrono::seconds(30)};
};

// A lease on one even RTP port (and port+1 for RTCP when not muxed). Returned by value; the
// owner gives it back with PortPool::release().
struct PortLease {
  std::uint16_t rtp_port = 0;
  std::uint16_t rtcp_port = 0;  // rtp_port + 1, or rtp_port under rtcp-mux
  bool rtcp_mux = false;
};

// Shared by all shards (calls on any shard allocate), so it is the one small locked class of
// rtp/. It hands out numbers only; binding the socket is the session's job, and a port that
// turns out busy is released and another allocated.
//   1. Only even ports in [port_min, port_max] are handed out; with RTCP not muxed, port+1
//      must also lie in the range.
//   2. A port is free, leased, or resting; a released port rests port_rest (injected clock).
//   3. Allocation takes the least recently released free port (FIFO), so reuse is spread out.
//   4. When nothing is free, allocate() returns Errc::PortsExhausted (the call gets a 503).
class PortPool {
 public:
  PortPool(const PortPoolConfig& config, const core::Clock& clock);

  core::Result<PortLease> allocate(bool rtcp_mux);
  void release(const PortLease& lease);

  std::size_t capacity() const { return capacity_; }
  std::size_t leased() const;
  std::size_t resting() const;

 private:
  struct Resting {
    std::uint16_t port;
    core::Clock::TimePoint until;
  };
  void wake_rested_locked(core::Clock::TimePoint now) REQUIRES(mutex_);

  const PortPoolConfig config_;
  const core::Clock& clock_;
  std::size_t capacity_ = 0;
  mutable core::Mutex mutex_;
  std::deque<std::uint16_t> free_ GUARDED_BY(mutex_);
  std::deque<Resting> resting_ GUARDED_BY(mutex_);  // ordered by `until`
  std::vector<bool> leased_ GUARDED_BY(mutex_);     // indexed by (port - port_min) / 2
  std::size_t leased_count_ GUARDED_BY(mutex_) = 0;
};

}  // namespace va::rtp
