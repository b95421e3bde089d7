// NonInviteServerTransaction: RFC 3261 17.2.2.
//
// Rules:
//  1. Created in Trying; retransmitted requests are absorbed silently.
//  2. A 1xx from the TU moves to Proceeding; retransmissions then resend the last 1xx.
//  3. A final response moves to Completed: retransmissions resend it until Timer J
//     (64*T1 unreliable, 0 reliable) moves to Terminated.
#pragma once

#include "sip/server_transaction.h"

namespace va::sip {

class NonInviteServerTransaction final : public ServerTransaction {
 public:
  using ServerTransaction::ServerTransaction;

  // ServerTransaction
  bool respond(Message response) override;
  bool on_request(const Message& request) override;

 private:
  static constexpr std::size_t kTimerJ = 0;
};

}  // namespace va::sip
