// InviteClientTransaction: the RFC 3261 17.1.1 / RFC 6026 state machine (rules in the header).
#include "sip/invite_client_transaction.h"

namespace va::sip {

void InviteClientTransaction::start() {
  set_state(TransactionState::Calling);
  if (!send(request_)) {
    fail(503);
    return;
  }
  if (!reliable()) {
    a_interval_ = context_.config.t1;
    start_timer(kTimerA, a_interval_, [this] { on_timer_a(); });
  }
  start_timer(kTimerB, context_.config.timeout_64t1(), [this] { give_up(); });
}

void InviteClientTransaction::give_up() {
  context_.counters.timeouts.fetch_add(1, std::memory_order_relaxed);
  fail(408);
}

void InviteClientTransaction::on_cancel_sent() {
  const auto s = state();
  if (s != TransactionState::Calling && s != TransactionState::Proceeding) return;
  if (timer_running(kTimerCancel)) return;  // 64*T1 counts from the first CANCEL
  // Its own slot: a 1xx stops Timer B, but must not stop this one.
  start_timer(kTimerCancel, context_.config.timeout_64t1(), [this] { give_up(); });
}

void InviteClientTransaction::abandon() {
  abandoned_ = true;
  if (state() == TransactionState::Proceeding) on_cancel_sent();
}

void InviteClientTransaction::on_timer_a() {
  if (state() != TransactionState::Calling) return;
  send(request_, true);
  a_interval_ *= 2;  // INVITE requests are not capped at T2 (17.1.1.2)
  start_timer(kTimerA, a_interval_, [this] { on_timer_a(); });
}

void InviteClientTransaction::on_response(const Message& response) {
  const int cls = response.status_class();
  const auto s = state();
  if (s == TransactionState::Calling || s == TransactionState::Proceeding) {
    cancel_timer(kTimerA);
    cancel_timer(kTimerB);
    if (cls != 1) cancel_timer(kTimerCancel);  // a final response ends the wait of rule 5
    if (cls == 1) {
      set_state(TransactionState::Proceeding);
      if (abandoned_) on_cancel_sent();  // rule 6: Timer B stopped, so the give-up starts
      deliver(response);
    } else if (cls == 2) {
      set_state(TransactionState::Accepted);
      start_timer(kTimerDM, context_.config.timeout_64t1(), [this] { terminate(); });
      deliver(response);
    } else {
      set_state(TransactionState::Completed);
      ack_ = make_ack(request_, response);
      send(*ack_);
      if (reliable()) {
        deliver(response);
        terminate();
        return;
      }
      start_timer(kTimerDM, context_.config.timer_d(), [this] { terminate(); });
      deliver(response);
    }
    return;
  }
  if (s == TransactionState::Accepted && cls == 2) {
    deliver(response);
    return;
  }
  context_.counters.retransmissions_absorbed.fetch_add(1, std::memory_order_relaxed);
  if (s == TransactionState::Completed && cls >= 3 && ack_) send(*ack_, true);
}

Message InviteClientTransaction::make_ack(const Message& invite, const Message& response) {
  Message ack = make_request(Method::Ack, invite.request_uri);
  if (!invite.via.empty()) ack.via.push_back(invite.via.front());
  ack.from = invite.from;
  ack.to = response.to;  // carries the tag of the response
  ack.call_id = invite.call_id;
  ack.cseq = CSeq{invite.cseq.number, Method::Ack, "ACK"};
  ack.max_forwards = 70;
  ack.route = invite.route;
  return ack;
}

Message InviteClientTransaction::make_cancel(const Message& invite) {
  Message cancel = make_request(Method::Cancel, invite.request_uri);
  if (!invite.via.empty()) cancel.via.push_back(invite.via.front());
  cancel.from = invite.from;
  cancel.to = invite.to;
  cancel.call_id = invite.call_id;
  cancel.cseq = CSeq{invite.cseq.number, Method::Cancel, cancel.method_text};
  cancel.max_forwards = 70;
  cancel.route = invite.route;
  return cancel;
}

}  // namespace va::sip
