// SipCounters: the one-line summary logged at shutdown.
#include "sip/sip_counters.h"

#include <fmt/format.h>

namespace va::sip {

std::string SipCounters::summary() const {
  auto v = [](const auto& c) { return c.load(std::memory_order_relaxed); };
  return fmt::format(
      "messages_in={} messages_out={} parse_errors={} oversized={} error_responses={} "
      "send_errors={} keepalives={} server_transactions={} client_transactions={} "
      "transactions_active={} retransmissions_sent={} retransmissions_absorbed={} "
      "stray_responses={} stray_acks={} timeouts={}",
      v(messages_in), v(messages_out), v(parse_errors), v(oversized), v(error_responses),
      v(send_errors), v(keepalives), v(server_transactions), v(client_transactions),
      v(transactions_active), v(retransmissions_sent), v(retransmissions_absorbed),
      v(stray_responses), v(stray_acks), v(timeouts));
}

}  // namespace va::sip
