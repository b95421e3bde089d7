// InviteServerTransaction: the RFC 3261 17.2.1 / RFC 6026 state machine (rules in the header).
#include "sip/invite_server_transaction.h"

#include <algorithm>

namespace va::sip {

void InviteServerTransaction::start() {
  set_state(TransactionState::Proceeding);
  start_timer(kTrying, context_.config.trying_delay, [this] { send_trying(); });
}

void InviteServerTransaction::send_trying() {
  if (state() != TransactionState::Proceeding || last_response_) return;
  // A 100 carries no To tag (8.2.6.1): it is hop-by-hop.
  last_response_ = make_response(request_, 100);
  send(*last_response_);
}

bool InviteServerTransaction::respond(Message response) {
  const int cls = response.status_class();
  if (state() == TransactionState::Accepted && cls == 2) {
    // The TU retransmits its 2xx itself until the ACK arrives (13.3.1.4).
    send(response);
    return true;
  }
  if (state() != TransactionState::Proceeding) return false;
  cancel_timer(kTrying);
  last_response_ = std::move(response);
  send(*last_response_);
  if (cls == 1) return true;
  if (cls == 2) {
    // RFC 6026 7.1: "MUST transition to the Accepted state" and start Timer L.
    set_state(TransactionState::Accepted);
    start_timer(kTimerIL, context_.config.timeout_64t1(), [this] { terminate(); });
    return true;
  }
  set_state(TransactionState::Completed);
  if (!reliable()) {
    g_interval_ = context_.config.t1;
    start_timer(kTimerG, g_interval_, [this] { on_timer_g(); });
  }
  start_timer(kTimerH, context_.config.timeout_64t1(), [this] { on_timer_h(); });
  return true;
}

void InviteServerTransaction::on_timer_g() {
  if (state() != TransactionState::Completed) return;
  send(*last_response_, true);
  g_interval_ = std::min(2 * g_interval_, context_.config.t2);
  start_timer(kTimerG, g_interval_, [this] { on_timer_g(); });
}

void InviteServerTransaction::on_timer_h() {
  // No ACK ever came: the TU learns of it through the counters (17.2.1 "transport error").
  context_.counters.timeouts.fetch_add(1, std::memory_order_relaxed);
  terminate();
}

bool InviteServerTransaction::on_request(const Message& request) {
  auto& absorbed = context_.counters.retransmissions_absorbed;
  if (request.method == Method::Ack) {
    switch (state()) {
      case TransactionState::Completed:
        set_state(TransactionState::Confirmed);
        cancel_timer(kTimerG);
        cancel_timer(kTimerH);
        if (reliable()) {
          terminate();
        } else {
          start_timer(kTimerIL, context_.config.t4, [this] { terminate(); });
        }
        return true;
      case TransactionState::Accepted:
        return false;  // RFC 6026 7.1: the ACK for a 2xx is passed to the TU
      default:
        absorbed.fetch_add(1, std::memory_order_relaxed);
        return true;
    }
  }
  absorbed.fetch_add(1, std::memory_order_relaxed);
  if ((state() == TransactionState::Proceeding || state() == TransactionState::Completed) &&
      last_response_) {
    send(*last_response_, true);
  }
  return true;
}

std::string InviteServerTransaction::response_to_tag() const {
  if (!last_response_) return {};
  const std::string* tag = last_response_->to.tag();
  return tag ? *tag : std::string{};
}

}  // namespace va::sip
