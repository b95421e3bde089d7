// RefusalLogThrottle: one map entry per recently logged source, expired lazily.
#include "call/refusal_log_throttle.h"

namespace va::call {

std::optional<std::uint64_t> RefusalLogThrottle::admit(const std::string& source,
                                                       Clock::time_point now) {
  core::MutexLock lock(mu_);
  auto it = sources_.find(source);
  if (it != sources_.end()) {
    if (now - it->second.logged_at < window_) {
      ++it->second.suppressed;
      return std::nullopt;
    }
    const auto suppressed = it->second.suppressed;
    it->second = Entry{now, 0};
    return suppressed;
  }
  if (sources_.size() >= max_sources_) expire(now);
  if (sources_.size() >= max_sources_) return std::nullopt;
  sources_.emplace(source, Entry{now, 0});
  return 0;
}

void RefusalLogThrottle::expire(Clock::time_point now) {
  for (auto it = sources_.begin(); it != sources_.end();) {
    it = now - it->second.logged_at >= window_ ? sources_.erase(it) : std::next(it);
  }
}

}  // namespace va::call
