// DialogCounters: statistics of one shard's dialog layer (RFC 3261 12-15, RFC 4028): what
// was offered, answered and ended, and every anomaly answered with an error. Relaxed atomics
// so the API and the shutdown summary may read them from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace va::sip {

struct DialogCounters {
  using Counter = std::atomic<std::uint64_t>;

  Counter calls_offered{0};       // IncomingCalls handed to the call layer
  Counter calls_answered{0};      // 2xx sent
  Counter calls_rejected{0};      // 3xx-6xx sent by the call layer (or 480 for a dropped call)
  Counter calls_cancelled{0};     // CANCEL before the answer
  Counter merged_requests{0};     // 482 (8.2.2.2)
  Counter bad_requests{0};        // 400 (bad SDP offer, bad Session-Expires), 415
  Counter unsupported{0};         // 420 (Require with an extension we lack)
  Counter interval_too_small{0};  // 422 (RFC 4028)
  Counter out_of_order_cseq{0};   // 500 (12.2.2)
  Counter glare{0};               // 491 / 500 with Retry-After (14.2)
  Counter offers_refused{0};      // 488 to a re-INVITE or UPDATE
  Counter sessions_started{0};    // UAS sessions and UAC sessions registered
  Counter remote_byes{0};
  Counter local_byes{0};
  Counter ack_timeouts{0};      // no ACK for our 2xx within 64*T1
  Counter sessions_expired{0};  // RFC 4028: no refresh in time
  Counter peer_gone{0};         // 408/481 to one of our in-dialog requests
  // RFC 3262.
  Counter reliable_provisionals{0};  // reliable 1xx sent (first copies, not resends)
  Counter prack_timeouts{0};         // no PRACK within 64*T1: 504 to the INVITE
  Counter pracks_received{0};        // answered 200
  Counter pracks_sent{0};            // for reliable 1xx from the peer

  // One line "name=value ..." for logs and tests.
  std::string summary() const;
};

}  // namespace va::sip
