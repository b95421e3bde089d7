// IncomingCall: provisional, 2xx and error responses to an incoming INVITE (RFC 3261 13.3.1,
// RFC 4028 9); rules in the header.
#include "sip/incoming_call.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "sip/dialog_context.h"
#include "sip/dialog_errc.h"
#include "sip/option_tags.h"
#include "sip/random_token.h"

namespace va::sip {

IncomingCall::IncomingCall(PrivateTag, DialogContext& context, std::shared_ptr<ServerTransaction> t,
                           std::optional<sdp::SessionDescription> offer,
                           std::optional<SessionTimer> session_timer)
    : context_(&context),
      transaction_(std::move(t)),
      offer_(std::move(offer)),
      session_timer_(session_timer),
      local_tag_(make_tag()),
      timers_(&context.timers()),
      reliable_(wants_reliable_provisionals(transaction_->request())) {
  // RFC 3262 3: the first RSeq is random in 1 .. 2^31-1 (from 32 random bits of a tag).
  const std::string bits = make_tag().substr(0, 8);
  next_rseq_ = std::max<std::uint32_t>(
      1, static_cast<std::uint32_t>(std::stoul(bits, nullptr, 16)) & 0x7fffffffu);
}

IncomingCall::~IncomingCall() {
  stop_reliable();
  if (context_ == nullptr) return;
  context_->forget_pending(*this);
  // Dropped unanswered: decline, or the transaction would wait in Proceeding forever.
  if (state_ == State::Offered || state_ == State::Ringing) {
    context_->count(&DialogCounters::calls_rejected);
    transaction_->respond(response(480));
  }
}

void IncomingCall::detach() {
  stop_reliable();  // the registry, and with it the shard's timers, is going
  context_ = nullptr;
  on_cancelled_ = nullptr;
}

bool IncomingCall::final_sent() const {
  return state_ == State::Answered || state_ == State::Rejected || state_ == State::Cancelled;
}

Message IncomingCall::response(int status, std::string_view reason) const {
  Message out = make_response(transaction_->request(), status, reason, local_tag_);
  if (context_ != nullptr && !context_->config().user_agent.empty()) {
    out.headers.add("Server", context_->config().user_agent);
  }
  return out;
}

NameAddr IncomingCall::our_contact() const {
  // The peer reaches us over the transport its INVITE came on (TCP gets ;transport=tcp).
  LocalContact local = context_->config().local;
  local.transport = peer().protocol;
  return local.contact();
}

bool IncomingCall::ring(std::optional<std::string> early_sdp) {
  if (final_sent() || context_ == nullptr) return false;
  Message out = response(early_sdp ? 183 : 180);
  // 12.1.1: a response that creates an (early) dialog carries our Contact and a copy of the
  // INVITE's Record-Route, in order (so the caller's ACK and BYE follow its proxies).
  out.contact.push_back(our_contact());
  out.record_route = request().record_route;
  if (early_sdp) {
    out.content_type = "application/sdp";
    out.body = std::move(*early_sdp);
  }
  if (!reliable_) {
    if (!transaction_->respond(std::move(out))) return false;
    state_ = State::Ringing;
    return true;
  }
  // Rule 7.
  if (unacked_) return false;
  const RAck rack{next_rseq_++, request().cseq.number, Method::Invite};
  out.headers.add("Require", k100rel);
  out.headers.add("RSeq", std::to_string(rack.rseq));
  if (!transaction_->respond(out)) return false;
  state_ = State::Ringing;
  context_->count(&DialogCounters::reliable_provisionals);
  unacked_ = std::move(out);
  unacked_rack_ = rack;
  resend_interval_ = context_->timer_config().t1;
  resent_for_ = std::chrono::milliseconds{0};
  give_up_after_ = context_->timer_config().timeout_64t1();
  std::weak_ptr<IncomingCall> weak = weak_from_this();
  resend_timer_ = timers_->start(resend_interval_, [weak] {
    if (auto self = weak.lock()) self->resend_reliable();
  });
  return true;
}

void IncomingCall::resend_reliable() {
  resend_timer_ = 0;
  if (!unacked_ || final_sent() || context_ == nullptr) return;
  resent_for_ += resend_interval_;
  if (resent_for_ >= give_up_after_) {
    spdlog::info("sip: no PRACK for the reliable {} of {} within 64*T1: 504", unacked_->status,
                 request().call_id);
    context_->count(&DialogCounters::prack_timeouts);
    stop_reliable();
    reject(504, "No PRACK");
    return;
  }
  transaction_->respond(*unacked_);
  resend_interval_ *= 2;
  // The last wait ends at 64*T1 sharp: the give-up does not overshoot by a doubling.
  const auto wait = std::min(resend_interval_, give_up_after_ - resent_for_);
  std::weak_ptr<IncomingCall> weak = weak_from_this();
  resend_timer_ = timers_->start(wait, [weak] {
    if (auto self = weak.lock()) self->resend_reliable();
  });
}

void IncomingCall::stop_reliable() {
  if (resend_timer_ != 0) timers_->cancel(resend_timer_);
  resend_timer_ = 0;
  unacked_.reset();
}

void IncomingCall::on_prack(const Message& prack, ServerTransaction& transaction) {
  const std::string* rack_text = prack.headers.get("RAck");
  auto rack =
      rack_text ? parse_rack(*rack_text) : core::Result<RAck>(make_error_code(DialogErrc::BadRAck));
  const std::string* to_tag = prack.to.tag();
  Message out = make_response(prack, 481);
  if (unacked_ && rack && unacked_rack_ && *rack == *unacked_rack_ && to_tag != nullptr &&
      *to_tag == local_tag_) {
    out = make_response(prack, 200);
    stop_reliable();
    if (context_ != nullptr) context_->count(&DialogCounters::pracks_received);
  } else if (!unacked_ && rack && unacked_rack_ && *rack == *unacked_rack_) {
    out = make_response(prack, 200);  // a retransmitted PRACK for the one we took
  }
  if (context_ != nullptr && !context_->config().user_agent.empty()) {
    out.headers.add("Server", context_->config().user_agent);
  }
  transaction.respond(std::move(out));
}

std::shared_ptr<InviteSession> IncomingCall::answer(std::string sdp, InviteSessionEvents events) {
  if (final_sent() || context_ == nullptr) return nullptr;
  auto dialog = Dialog::as_uas(request(), local_tag_, DialogState::Confirmed);
  if (!dialog) {
    spdlog::info("sip: cannot answer {}: {}", request().call_id, dialog.error().message());
    reject(400, describe(static_cast<DialogErrc>(dialog.error().value())));
    return nullptr;
  }
  Message ok = response(200);
  ok.contact.push_back(our_contact());
  ok.record_route = request().record_route;  // 12.1.1, as in ring()
  ok.headers.add("Allow", kDialogAllow);
  ok.headers.add("Supported", kSupportedOptions);
  if (session_timer_) add_session_timer_headers(ok, *session_timer_);
  if (!sdp.empty()) {
    ok.content_type = "application/sdp";
    ok.body = sdp;
  }
  if (!transaction_->respond(ok)) return nullptr;  // the transaction already ended
  const bool prack_pending = unacked_.has_value();
  stop_reliable();
  auto session = std::make_shared<InviteSession>(InviteSession::PrivateTag{}, *context_,
                                                 std::move(*dialog), InviteSession::Role::Uas,
                                                 std::move(sdp), transaction_->peer());
  session->set_events(std::move(events));
  session->origin_key_ = DialogContext::origin_key(request());
  session->offer_in_our_2xx_ = request().body.empty();
  session->remote_sdp_ = request().body;
  if (prack_pending) session->unacked_provisional_ = unacked_rack_;
  state_ = State::Answered;
  context_->count(&DialogCounters::calls_answered);
  context_->forget_pending(*this);
  context_->add(*session);
  session->start_uas(std::move(ok), session_timer_);
  context_ = nullptr;  // done with the registry: this call may outlive it
  return session;
}

bool IncomingCall::reject(int status, std::string_view reason, const Headers& extra) {
  if (final_sent() || context_ == nullptr || status < 300 || status > 699) return false;
  stop_reliable();
  Message out = response(status, reason);
  for (const Header& h : extra.items())
    out.headers.add(h.name, h.value);
  state_ = State::Rejected;
  context_->count(&DialogCounters::calls_rejected);
  context_->forget_pending(*this);
  context_ = nullptr;  // done with the registry: this call may outlive it
  return transaction_->respond(std::move(out));
}

void IncomingCall::cancelled() {
  if (final_sent()) return;
  state_ = State::Cancelled;
  stop_reliable();
  // The registry has already forgotten this call; it may now outlive the registry.
  if (context_ != nullptr) context_->count(&DialogCounters::calls_cancelled);
  context_ = nullptr;
  auto handler = std::move(on_cancelled_);
  on_cancelled_ = nullptr;
  if (handler) handler();
}

}  // namespace va::sip
