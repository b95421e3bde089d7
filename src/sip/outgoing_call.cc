// OutgoingCall: the UAC side of an INVITE (RFC 3261 13.2, 9.1 CANCEL, 22.2 digest).
#include "sip/outgoing_call.h"

#include <spdlog/spdlog.h>

#include <map>

#include "sip/invite_client_transaction.h"
#include "sip/outgoing_call_impl.h"
#include "sip/reliable_provisional.h"
#include "sip/request_failover.h"

namespace va::sip {

const char* to_string(OutgoingCall::State s) {
  switch (s) {
    case OutgoingCall::State::Calling:
      return "calling";
    case OutgoingCall::State::Proceeding:
      return "proceeding";
    case OutgoingCall::State::Answered:
      return "answered";
    case OutgoingCall::State::Failed:
      return "failed";
    case OutgoingCall::State::Cancelled:
      return "cancelled";
  }
  return "unknown";
}

namespace {

// A response the transaction made up (timeout 408, transport error 503) has no To tag.
bool is_local(const Message& response) {
  return (response.status == 408 || response.status == 503) && response.to.tag() == nullptr;
}

std::optional<std::string> sdp_of(const Message& m) {
  if (m.body.empty()) return std::nullopt;
  if (!m.content_type.empty() && m.content_type.find("application/sdp") == std::string::npos) {
    return std::nullopt;
  }
  return m.body;
}

}  // namespace

void OutgoingCall::Impl::send_invite() {
  branch_ = std::string(invite_.via.front().branch());
  provisional_ = false;
  last_rseq_.clear();  // a new INVITE (CSeq) starts new RSeq spaces
  final_ = false;
  auto self = shared_from_this();  // rule 8: the transaction keeps us alive for late 2xx
  transactions_.send_request(invite_, hop_, [self, branch = branch_](const Message& response) {
    self->on_response(response, branch);
  });
}

void OutgoingCall::Impl::on_response(const Message& response, const std::string& branch) {
  if (response.status_class() == 2) {
    on_success(response);
    return;
  }
  if (branch != branch_) return;  // an INVITE we replaced (with credentials)
  if (response.status_class() == 1) {
    on_provisional(response);
  } else {
    on_final(response);
  }
}

void OutgoingCall::Impl::on_provisional(const Message& response) {
  if (final_) return;
  provisional_ = true;
  if (cancel_wanted_ && !cancel_sent_) {
    send_cancel();
    return;
  }
  if (reported_) return;
  state_ = State::Proceeding;
  const std::string* tag = response.to.tag();
  const auto rseq = reliable_rseq(response);
  if (rseq && tag != nullptr) {
    // RFC 3262 4: a reliable provisional is taken once, in RSeq order; its retransmissions
    // (our PRACK crossed them or was lost: the PRACK's own transaction resends it) and any
    // that skip ahead are discarded.
    auto [last, first] = last_rseq_.try_emplace(*tag, *rseq);
    if (!first) {
      if (*rseq != last->second + 1) return;
      last->second = *rseq;
    }
  }
  if (tag != nullptr && response.status > 100 && registry_ != nullptr && !early_.contains(*tag)) {
    if (auto dialog = Dialog::as_uac(invite_, response)) {
      early_[*tag] = registry_->create_uac_session(std::move(*dialog), config_.sdp_offer, hop_);
    }
  }
  if (rseq && tag != nullptr) {
    if (auto it = early_.find(*tag); it != early_.end()) it->second->prack(response, *rseq);
  }
  std::optional<std::string> sdp;
  if (response.status == 180 || response.status == 183) sdp = sdp_of(response);
  if (sdp) early_sdp_ = sdp;
  // A copy: the handler may drop or cancel this call, which clears events_.
  if (auto on_progress = events_.on_progress) on_progress(response.status, sdp);
}

void OutgoingCall::Impl::on_success(const Message& response) {
  final_ = true;
  const std::string* tag = response.to.tag();
  if (tag != nullptr && !answered_tag_.empty() && *tag == answered_tag_) {
    // Rule 3: a retransmitted 2xx gets the ACK again, from our copy of the session's ACK
    // (own_acks_), whether or not the session still lives: once it has ended (BYE) or its
    // owner closed it, a second BYE for this dialog is not ours to send. A re-INVITE of the
    // session does not disturb it either (the session's own ACK then has another CSeq).
    ack_and_bye(response);
    return;
  }
  if (tag == nullptr) {
    // No dialog can be formed, so there is nothing to ACK into (12.1.2).
    cancel_timers();
    close_early_sessions();
    report_failure(CallOutcome::Rejected, response.status, "2xx without To tag");
    return;
  }
  if (reported_ || cancel_wanted_ || registry_ == nullptr) {
    ack_and_bye(response);  // rule 4
    return;
  }
  std::shared_ptr<InviteSession> session;
  if (auto it = early_.find(*tag); it != early_.end()) {
    session = it->second;
    early_.erase(it);
  } else {
    auto dialog = Dialog::as_uac(invite_, response);
    if (!dialog) {
      spdlog::warn("sip: outgoing call {}: unusable 2xx ({}): ACK and BYE", invite_.call_id,
                   dialog.error().message());
      ack_and_bye(response);
      report_failure(CallOutcome::Rejected, response.status, "unusable 2xx");
      return;
    }
    session = registry_->create_uac_session(std::move(*dialog), config_.sdp_offer, hop_);
  }
  session->acknowledge(response);
  if (const auto& ack = session->last_ack()) {
    own_acks_.insert_or_assign(*tag, SentAck{*ack, hop_for(session->dialog())});
  }
  answered_tag_ = *tag;
  state_ = State::Answered;
  reported_ = true;
  cancel_timers();
  close_early_sessions();
  spdlog::info("sip: outgoing call {} answered ({} {})", invite_.call_id, response.status,
               response.reason);
  std::string answer = response.body.empty() && early_sdp_ ? *early_sdp_ : response.body;
  if (auto on_answered = std::move(events_.on_answered)) {
    events_ = {};
    on_answered(answer, std::move(session));
  }
}

void OutgoingCall::Impl::on_final(const Message& response) {
  if (final_) return;
  final_ = true;
  const bool challenge = (response.status == 401 || response.status == 407) && !is_local(response);
  if (challenge && !cancel_wanted_ && !reported_) {
    if (config_.username.empty()) {
      close_early_sessions();
      report_failure(CallOutcome::Rejected, response.status, "challenged, no credentials");
      return;
    }
    auto retry = with_credentials(invite_, response, digest_, config_.realm);
    if (retry) {
      invite_ = std::move(*retry);
      send_invite();
      return;
    }
    close_early_sessions();
    const bool refused = retry.error() == make_error_code(UacErrc::CredentialsRefused);
    report_failure(CallOutcome::Rejected, response.status,
                   refused ? "wrong credentials" : retry.error().message());
    return;
  }
  if (!cancel_wanted_ && !reported_ && early_.empty() && fail_over(response)) return;
  close_early_sessions();
  cancel_timers();
  if (reported_) return;
  const bool local = is_local(response);
  CallOutcome outcome = outcome_for_status(response.status, local, timed_out_);
  if (const auto* why = response.headers.get("Reason");
      why && !local && !timed_out_ && is_congestion_reason(*why)) {
    outcome = CallOutcome::Congestion;
  }
  std::string reason = response.reason;
  if (local) reason = response.status == 408 ? "no response" : "transport error";
  if (local && cancel_sent_) {
    // Only the dial timeout CANCELs without having reported: the far end rang, then ignored
    // the CANCEL until the INVITE transaction gave up (9.1).
    outcome = CallOutcome::NoAnswer;
    reason = "dial timeout, no answer to CANCEL";
  }
  report_failure(outcome, response.status, std::move(reason));
}

void OutgoingCall::Impl::on_dial_timeout() {
  if (final_ || reported_ || state_ == State::Answered) return;
  timed_out_ = true;
  cancel_wanted_ = true;
  spdlog::info("sip: outgoing call {}: dial timeout", invite_.call_id);
  if (!provisional_) {
    // 9.1: no CANCEL before a provisional; it goes out when one arrives.
    close_early_sessions();
    report_failure(CallOutcome::NoAnswer, 408, "dial timeout");
    return;
  }
  // Rule 7: the 487 reports; if none comes, the INVITE transaction gives up 64*T1 after the
  // CANCEL with a 408 of its own (invite_client_transaction.h rule 5), handled in on_final.
  send_cancel();
}

void OutgoingCall::Impl::cancel() {
  if (deferred_timer_ != 0) timers_.cancel(deferred_timer_);  // a failure not yet delivered
  deferred_timer_ = 0;
  if (state_ == State::Answered || state_ == State::Failed || state_ == State::Cancelled) return;
  state_ = State::Cancelled;
  events_ = {};
  reported_ = true;
  cancel_wanted_ = true;
  cancel_timers();
  close_early_sessions();
  spdlog::info("sip: outgoing call {} cancelled", invite_.call_id);
  if (provisional_ && !final_ && !cancel_sent_) send_cancel();
}

void OutgoingCall::Impl::detach() {
  cancel();
  events_ = {};
  registry_ = nullptr;
  close_early_sessions();
  cancel_timers();
}

void OutgoingCall::Impl::send_cancel() {
  if (cancel_sent_ || final_) return;
  cancel_sent_ = true;
  // 9.1: same Request-URI, Call-ID, To, From, CSeq number and top Via as the INVITE.
  Message cancel = InviteClientTransaction::make_cancel(invite_);
  if (!user_agent_.empty()) cancel.headers.set("User-Agent", user_agent_);
  transactions_.send_request(std::move(cancel), hop_, [](const Message&) {});
}

void OutgoingCall::Impl::ack_and_bye(const Message& response) {
  const std::string* tag = response.to.tag();
  if (tag == nullptr) return;  // no dialog can be formed: nothing to ACK into
  if (auto it = own_acks_.find(*tag); it != own_acks_.end()) {
    // A retransmission of a 2xx we already ACKed: the same ACK to the same place (13.2.2.4).
    sender_.send(it->second.ack, it->second.to);
    return;
  }
  auto dialog = Dialog::as_uac(invite_, response);
  if (!dialog) return;
  dialog->confirm_with(response);
  const TransportAddress hop = hop_for(*dialog);
  Message ack = dialog->make_ack(response.cseq.number, local_);
  sender_.send(ack, hop);
  own_acks_.emplace(*tag, SentAck{ack, hop});
  spdlog::info("sip: outgoing call {}: ACK and BYE for the 2xx from {}", invite_.call_id, *tag);
  Message bye = dialog->make_request(Method::Bye, local_);
  if (!user_agent_.empty()) bye.headers.set("User-Agent", user_agent_);
  transactions_.send_request(std::move(bye), hop, [](const Message&) {});
}

TransportAddress OutgoingCall::Impl::hop_for(const Dialog& dialog) const {
  auto hop = dialog.next_hop();
  return hop ? *hop : hop_;
}

void OutgoingCall::Impl::close_early_sessions() {
  auto early = std::move(early_);
  early_.clear();
  for (auto& [tag, session] : early)
    session->close();
}

void OutgoingCall::Impl::report_failure(CallOutcome outcome, int status, std::string reason) {
  if (reported_) return;
  reported_ = true;
  if (state_ != State::Cancelled) state_ = State::Failed;
  spdlog::info("sip: outgoing call {} failed: {} ({} {})", invite_.call_id, to_string(outcome),
               status, reason);
  auto on_failed = std::move(events_.on_failed);
  events_ = {};
  if (!on_failed) return;
  if (!starting_) {
    on_failed(outcome, status, reason);
    return;
  }
  // Never from inside start(): the caller has not stored the handle yet.
  std::weak_ptr<Impl> weak = weak_from_this();
  deferred_timer_ =
      timers_.start(std::chrono::milliseconds(0), [weak, on_failed, outcome, status, reason] {
        auto self = weak.lock();
        if (!self) return;
        self->deferred_timer_ = 0;
        on_failed(outcome, status, reason);
      });
}

void OutgoingCall::Impl::cancel_timers() {
  if (dial_timer_ != 0) timers_.cancel(dial_timer_);
  dial_timer_ = 0;
}

std::shared_ptr<OutgoingCall> OutgoingCall::start(DialogRegistry& registry,
                                                  OutgoingCallConfig config,
                                                  OutgoingCallEvents events) {
  auto impl = std::make_shared<Impl>(registry, std::move(config), std::move(events));
  impl->start();
  return std::shared_ptr<OutgoingCall>(new OutgoingCall(std::move(impl)));
}

OutgoingCall::~OutgoingCall() {
  impl_->detach();
}

void OutgoingCall::cancel() {
  impl_->cancel();
}

OutgoingCall::State OutgoingCall::state() const {
  return impl_->state_;
}

const std::string& OutgoingCall::call_id() const {
  return impl_->invite_.call_id;
}

const Message& OutgoingCall::invite() const {
  return impl_->invite_;
}

}  // namespace va::sip
