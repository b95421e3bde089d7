// IncomingCall: provisional, 2xx and error responses to an incoming INVITE (RFC 3261 13.3.1,
// RFC 4028 9); rules in the header.
#include "sip/incoming_call.h"

#include <spdlog/spdlog.h>

#include "sip/dialog_context.h"
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
      local_tag_(make_tag()) {}

IncomingCall::~IncomingCall() {
  if (context_ == nullptr) return;
  context_->forget_pending(*this);
  // Dropped unanswered: decline, or the transaction would wait in Proceeding forever.
  if (state_ == State::Offered || state_ == State::Ringing) {
    context_->count(&DialogCounters::calls_rejected);
    transaction_->respond(response(480));
  }
}

void IncomingCall::detach() {
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
  if (!transaction_->respond(std::move(out))) return false;
  state_ = State::Ringing;
  return true;
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
  auto session = std::make_shared<InviteSession>(InviteSession::PrivateTag{}, *context_,
                                                 std::move(*dialog), InviteSession::Role::Uas,
                                                 std::move(sdp), transaction_->peer());
  session->set_events(std::move(events));
  session->origin_key_ = DialogContext::origin_key(request());
  session->offer_in_our_2xx_ = request().body.empty();
  session->remote_sdp_ = request().body;
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
  // The registry has already forgotten this call; it may now outlive the registry.
  if (context_ != nullptr) context_->count(&DialogCounters::calls_cancelled);
  context_ = nullptr;
  auto handler = std::move(on_cancelled_);
  on_cancelled_ = nullptr;
  if (handler) handler();
}

}  // namespace va::sip
