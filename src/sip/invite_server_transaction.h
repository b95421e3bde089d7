// InviteServerTransaction: RFC 3261 17.2.1 with RFC 6026's Accepted state.
//
// Rules:
//  1. Created in Proceeding. If the TU sends nothing within 200 ms, send 100 Trying.
//  2. Proceeding: a 1xx from the TU is sent; a retransmitted INVITE resends the last 1xx.
//  3. A 2xx moves to Accepted (Timer L = 64*T1). Retransmitted INVITEs are absorbed; further
//     2xx from the TU (its own retransmissions) are sent; an ACK goes to the TU. L -> Terminated.
//  4. A 300-699 moves to Completed: Timer G (T1, doubling to T2, unreliable only) resends it,
//     Timer H (64*T1) gives up. A retransmitted INVITE resends it.
//  5. ACK in Completed -> Confirmed, Timer I (T4; 0 on reliable transports) absorbs further ACKs.
#pragma once

#include "sip/server_transaction.h"

namespace va::sip {

class InviteServerTransaction final : public ServerTransaction {
 public:
  using ServerTransaction::ServerTransaction;

  // ServerTransaction
  void start() override;
  bool respond(Message response) override;
  bool on_request(const Message& request) override;

  // The To tag of our final response (RFC 2543 ACK matching compares it, 17.2.3).
  std::string response_to_tag() const;

 private:
  static constexpr std::size_t kTrying = 0, kTimerG = 1, kTimerH = 2, kTimerIL = 3;

  void send_trying();
  void on_timer_g();
  void on_timer_h();

  std::chrono::milliseconds g_interval_{0};
};

}  // namespace va::sip
