// FailoverCounters: counted under one lock, read as a snapshot by /metrics.
#include "call/failover_counters.h"

namespace va::call {

void FailoverCounters::add(const std::string& from, const std::string& to,
                           const std::string& reason) {
  core::MutexLock lock(mu_);
  ++counts_[{from, to, reason}];
}

std::vector<FailoverCount> FailoverCounters::snapshot() const {
  core::MutexLock lock(mu_);
  std::vector<FailoverCount> out;
  out.reserve(counts_.size());
  for (const auto& [key, n] : counts_) {
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
  }
  return out;
}

}  // namespace va::call
