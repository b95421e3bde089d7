// RefusalLogThrottle: a refused INVITE is logged at most once per source address per window
// (a minute), so a scanner or a misconfigured gateway cannot flood the log; every refusal is
// still counted (CallManager::Counters::acl_refused, /metrics). The next line for a source
// says how many were refused in between. Bounded: beyond `max_sources` sources in one window
// new sources are not logged (only counted) until entries expire.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/mutex.h"

namespace va::call {

class RefusalLogThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RefusalLogThrottle(std::chrono::seconds window = std::chrono::seconds(60),
                              std::size_t max_sources = 4096)
      : window_(window), max_sources_(max_sources) {}

  // Any thread. A value: log now, and it is the number of refusals from `source` that were
  // not logged since its last line. nullopt: do not log.
  std::optional<std::uint64_t> admit(const std::string& source, Clock::time_point now);

 private:
  struct Entry {
    Clock::time_point logged_at;
    std::uint64_t suppressed = 0;
  };
  void expire(Clock::time_point now) REQUIRES(mu_);

  const std::chrono::seconds window_;
  const std::size_t max_sources_;
  core::Mutex mu_;
  std::unordered_map<std::string, Entry> sources_ GUARDED_BY(mu_);
};

}  // namespace va::call
