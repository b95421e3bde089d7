// NonInviteClientTransaction: RFC 3261 17.1.2.
//
// Rules:
//  1. start() sends the request in Trying. Timer E (T1, unreliable only) resends it, doubling
//     up to T2; Timer F (64*T1) ends it with a 408 to the TU.
//  2. A 1xx moves to Proceeding and goes to the TU; E then resends every T2.
//  3. A final response goes to the TU and moves to Completed; Timer K (T4 unreliable, 0
//     reliable) absorbs retransmitted responses, then Terminated.
#pragma once

#include "sip/client_transaction.h"

namespace va::sip {

class NonInviteClientTransaction final : public ClientTransaction {
 public:
  using ClientTransaction::ClientTransaction;

  // ClientTransaction
  void start() override;
  void on_response(const Message& response) override;

 private:
  static constexpr std::size_t kTimerE = 0, kTimerF = 1, kTimerK = 2;

  void on_timer_e();

  std::chrono::milliseconds e_interval_{0};
};

}  // namespace va::sip
