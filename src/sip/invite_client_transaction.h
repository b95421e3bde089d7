// InviteClientTransaction: RFC 3261 17.1.1 with RFC 6026's Accepted state.
//
// Rules:
//  1. start() sends the INVITE in Calling. Timer A (T1, doubling, unreliable only) resends it;
//     Timer B (64*T1) ends it with a 408 to the TU.
//  2. A 1xx moves to Proceeding (no more resends, B stopped) and goes to the TU.
//  3. A 2xx goes to the TU and moves to Accepted (Timer M = 64*T1): 2xx retransmissions go to
//     the TU too, since the ACK for a 2xx is the TU's job (13.2.2.4).
//  4. A 300-699 goes to the TU once and moves to Completed: the transaction sends the ACK
//     (same branch, 17.1.1.3) and resends it for each retransmitted final response until
//     Timer D (32 s unreliable, 0 reliable).
#pragma once

#include "sip/client_transaction.h"

namespace va::sip {

class InviteClientTransaction final : public ClientTransaction {
 public:
  using ClientTransaction::ClientTransaction;

  // ClientTransaction
  void start() override;
  void on_response(const Message& response) override;

  // The ACK for a non-2xx final response (RFC 3261 17.1.1.3).
  static Message make_ack(const Message& invite, const Message& response);

 private:
  static constexpr std::size_t kTimerA = 0, kTimerB = 1, kTimerDM = 2;

  void on_timer_a();

  std::chrono::milliseconds a_interval_{0};
  std::optional<Message> ack_;
};

}  // namespace va::sip
