// NonInviteServerTransaction: the RFC 3261 17.2.2 state machine (rules in the header).
#include "sip/non_invite_server_transaction.h"

namespace va::sip {

bool NonInviteServerTransaction::respond(Message response) {
  if (state() != TransactionState::Trying && state() != TransactionState::Proceeding) return false;
  last_response_ = std::move(response);
  send(*last_response_);
  if (last_response_->status_class() == 1) {
    set_state(TransactionState::Proceeding);
    return true;
  }
  set_state(TransactionState::Completed);
  if (reliable()) {
    terminate();
  } else {
    start_timer(kTimerJ, context_.config.timeout_64t1(), [this] { terminate(); });
  }
  return true;
}

bool NonInviteServerTransaction::on_request(const Message&) {
  context_.counters.retransmissions_absorbed.fetch_add(1, std::memory_order_relaxed);
  if (state() == TransactionState::Proceeding || state() == TransactionState::Completed) {
    send(*last_response_, true);
  }
  return true;
}

}  // namespace va::sip
