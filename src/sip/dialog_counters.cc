// DialogCounters: the one-line summary (dialog_counters.h).
#include "sip/dialog_counters.h"

#include <fmt/format.h>

namespace va::sip {

std::string DialogCounters::summary() const {
  auto v = [](const Counter& c) { return c.load(std::memory_order_relaxed); };
  return fmt::format(
      "calls_offered={} calls_answered={} calls_rejected={} calls_cancelled={} "
      "merged_requests={} bad_requests={} unsupported={} interval_too_small={} "
      "out_of_order_cseq={} glare={} offers_refused={} sessions_started={} remote_byes={} "
      "local_byes={} ack_timeouts={} sessions_expired={} peer_gone={} reliable_provisionals={} "
      "prack_timeouts={} pracks_received={} pracks_sent={}",
      v(calls_offered), v(calls_answered), v(calls_rejected), v(calls_cancelled),
      v(merged_requests), v(bad_requests), v(unsupported), v(interval_too_small),
      v(out_of_order_cseq), v(glare), v(offers_refused), v(sessions_started), v(remote_byes),
      v(local_byes), v(ack_timeouts), v(sessions_expired), v(peer_gone), v(reliable_provisionals),
      v(prack_timeouts), v(pracks_received), v(pracks_sent));
}

}  // namespace va::sip
