// NonInviteClientTransaction: the RFC 3261 17.1.2 state machine (rules in the header).
#include "sip/non_invite_client_transaction.h"

#include <algorithm>

namespace va::sip {

void NonInviteClientTransaction::start() {
  set_state(TransactionState::Trying);
  if (!send(request_)) {
    fail(503);
    return;
  }
  if (!reliable()) {
    e_interval_ = context_.config.t1;
    start_timer(kTimerE, e_interval_, [this] { on_timer_e(); });
  }
  start_timer(kTimerF, context_.config.timeout_64t1(), [this] {
    context_.counters.timeouts.fetch_add(1, std::memory_order_relaxed);
    fail(408);
  });
}

void NonInviteClientTransaction::on_timer_e() {
  send(request_, true);
  e_interval_ = state() == TransactionState::Trying ? std::min(2 * e_interval_, context_.config.t2)
                                                    : context_.config.t2;
  start_timer(kTimerE, e_interval_, [this] { on_timer_e(); });
}

void NonInviteClientTransaction::on_response(const Message& response) {
  const auto s = state();
  if (s != TransactionState::Trying && s != TransactionState::Proceeding) {
    context_.counters.retransmissions_absorbed.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (response.status_class() == 1) {
    set_state(TransactionState::Proceeding);
    deliver(response);
    return;
  }
  set_state(TransactionState::Completed);
  cancel_timer(kTimerE);
  cancel_timer(kTimerF);
  deliver(response);
  if (state() != TransactionState::Completed) return;  // the TU may have ended us
  if (reliable()) {
    terminate();
  } else {
    start_timer(kTimerK, context_.config.t4, [this] { terminate(); });
  }
}

}  // namespace va::sip
