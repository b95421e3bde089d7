// FailoverCounters: the process's provider switches (call/provider_failover.h) for /metrics,
// va_ai_failover_total{from,to,reason}. Every shard's calls add here, so it is locked; the
// labels come from fixed sets (two providers, ProviderFailover::reason_for's names), so the
// table stays small.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "core/mutex.h"

namespace va::call {

struct FailoverCount {
  std::string from;    // the provider that failed: gemini | openai
  std::string to;      // the one the call went on with
  std::string reason;  // ProviderFailover::reason_for, or ai_stalled
  std::uint64_t count = 0;
};

class FailoverCounters {
 public:
  void add(const std::string& from, const std::string& to, const std::string& reason);
  // Ordered by (from, to, reason).
  std::vector<FailoverCount> snapshot() const;

 private:
  mutable core::Mutex mu_;
  std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> counts_
      GUARDED_BY(mu_);
};

}  // namespace va::call
