// SipCounters: process-wide SIP statistics for tests, the shutdown summary and /metrics.
// Shared by the transport thread and every shard, so each field is a relaxed atomic.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "sip/tls_counters.h"

namespace va::sip {

struct SipCounters {
  using Counter = std::atomic<std::uint64_t>;

  Counter messages_in{0};          // complete messages parsed (requests and responses)
  Counter messages_out{0};         // messages handed to a socket (incl. retransmissions)
  Counter parse_errors{0};         // unparseable messages (incl. oversized)
  Counter oversized{0};            // above sip.max_message_bytes
  Counter error_responses{0};      // stateless 4xx/5xx sent for unparseable requests
  Counter send_errors{0};          // a socket refused a message or no route to the peer
  Counter keepalives{0};           // CRLF pings (RFC 5626)
  Counter server_transactions{0};  // created
  Counter client_transactions{0};  // created
  std::atomic<std::int64_t> transactions_active{0};
  Counter retransmissions_sent{0};      // timer A/E/G resends and responses resent on request
  Counter retransmissions_absorbed{0};  // retransmitted requests/responses a transaction took
  Counter stray_responses{0};           // responses matching no client transaction (18.1.2)
  Counter stray_acks{0};                // ACKs matching no transaction (2xx ACK without a dialog)
  Counter timeouts{0};                  // timer B/F/H expiries
  TlsCounters tls;                      // handshakes, live TLS connections, keep-alives

  // One line "name=value ..." for the shutdown log (the integration tests parse it).
  std::string summary() const;
};

}  // namespace va::sip
