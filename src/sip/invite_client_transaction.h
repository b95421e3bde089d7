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
//  5. on_cancel_sent(): a CANCEL for this INVITE went out (9.1). If no final response arrives
//     within 64*T1 of it, the transaction gives up with a 408 to the TU and terminates (9.1:
//     the UAC "SHOULD destroy the client transaction"); without this a far end that ignores
//     the CANCEL would keep a Proceeding transaction, and its TU, alive for ever.
//  6. abandon(): the TU is gone (the session of a re-INVITE ended). From then on no final
//     response is awaited longer than 64*T1 after a provisional one: in Proceeding the rule 5
//     timer starts now; in Calling Timer B still runs, and a later 1xx starts rule 5's timer.
#pragma once

#include "sip/client_transaction.h"

namespace va::sip {

class InviteClientTransaction final : public ClientTransaction {
 public:
  using ClientTransaction::ClientTransaction;

  // ClientTransaction
  void start() override;
  void on_response(const Message& response) override;

  // Rule 5; called by the TransactionLayer when it sends the CANCEL. Idempotent.
  void on_cancel_sent();
  // Rule 6. Idempotent.
  void abandon();

  // The ACK for a non-2xx final response (RFC 3261 17.1.1.3).
  static Message make_ack(const Message& invite, const Message& response);
  // The CANCEL for `invite` (9.1): same Request-URI, Call-ID, From, To, CSeq number, Route and
  // top Via (so the same branch) as the INVITE; Max-Forwards 70.
  static Message make_cancel(const Message& invite);

 private:
  static constexpr std::size_t kTimerA = 0, kTimerB = 1, kTimerDM = 2, kTimerCancel = 3;

  void on_timer_a();
  void give_up();

  std::chrono::milliseconds a_interval_{0};
  bool abandoned_ = false;
  std::optional<Message> ack_;
};

}  // namespace va::sip
