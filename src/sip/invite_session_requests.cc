// InviteSession: requests inside the dialog, received (BYE, re-INVITE, UPDATE, INFO, NOTIFY,
// OPTIONS; RFC 3261 12.2.2, 14.2, 15.1.2; RFC 3311; RFC 6086; RFC 3515) and sent (re-INVITE, 14.1;
// session refresh, RFC 4028 10). Rules in invite_session.h.
#include <spdlog/spdlog.h>

#include <random>

#include "sip/dialog_context.h"
#include "sip/dialog_errc.h"
#include "sip/invite_session.h"
#include "sip/option_tags.h"
#include "sip/sdp/parser.h"

namespace va::sip {
namespace {
// 14.2: a Retry-After "randomly chosen between 0 and 10 seconds".
int retry_after_seconds() {
  thread_local std::minstd_rand engine{std::random_device{}()};
  return std::uniform_int_distribution<int>(0, 10)(engine);
}
}  // namespace

Message InviteSession::make_response(const Message& request, int status,
                                     std::string_view reason) const {
  Message response = sip::make_response(request, status, reason);
  if (context_ != nullptr && !context_->config().user_agent.empty()) {
    response.headers.add("Server", context_->config().user_agent);
  }
  return response;
}

Message InviteSession::make_ok(const Message& request, const std::string& sdp) const {
  Message ok = make_response(request, 200);
  if (context_ != nullptr) ok.contact.push_back(local().contact());
  ok.headers.add("Allow", kDialogAllow);
  ok.headers.add("Supported", kSupportedOptions);
  if (!sdp.empty()) {
    ok.content_type = "application/sdp";
    ok.body = sdp;
  }
  return ok;
}

void InviteSession::on_request(const Message& request,
                               const std::shared_ptr<ServerTransaction>& transaction) {
  auto keep = shared_from_this();
  if (state_ == State::Terminated || context_ == nullptr) {
    transaction->respond(make_response(request, 481));
    return;
  }
  if (!dialog_.accept_remote_cseq(request.cseq.number)) {
    count(&DialogCounters::out_of_order_cseq);
    transaction->respond(make_response(request, 500, "CSeq Out of Order"));  // 12.2.2
    return;
  }
  switch (request.method) {
    case Method::Bye:
      on_bye(request, *transaction);
      return;
    case Method::Invite:
      on_reinvite(request, *transaction);
      return;
    case Method::Update:
      on_update(request, *transaction);
      return;
    case Method::Info:
      on_info(request, *transaction);
      return;
    case Method::Prack:
      on_prack(request, *transaction);
      return;
    case Method::Notify:
      on_notify(request, *transaction);
      return;
    case Method::Options: {
      Message ok = make_ok(request, {});
      ok.headers.add("Accept", "application/sdp");
      transaction->respond(std::move(ok));
      return;
    }
    default: {
      Message response = make_response(request, 405);
      response.headers.add("Allow", kDialogAllow);
      transaction->respond(std::move(response));
      return;
    }
  }
}

void InviteSession::on_bye(const Message& request, ServerTransaction& transaction) {
  // 15.1.2: a BYE ends the session whatever its state; the source address is not checked.
  transaction.respond(make_response(request, 200));
  finish(TerminationReason::RemoteBye, 0);
}

void InviteSession::on_info(const Message& request, ServerTransaction& transaction) {
  const int status = events_.on_info ? events_.on_info(request) : 200;
  Message response = make_response(request, status);
  if (status == 415) response.headers.add("Accept", "application/dtmf-relay, application/dtmf");
  transaction.respond(std::move(response));
}

void InviteSession::on_notify(const Message& request, ServerTransaction& transaction) {
  // RFC 6665 4.1.3: a NOTIFY matching no subscription gets 481.
  const int status = events_.on_notify ? events_.on_notify(request) : 481;
  Message response = make_response(request, status);
  if (status == 415) response.headers.add("Accept", "message/sipfrag");
  if (status == 489) response.headers.add("Allow-Events", "refer");
  transaction.respond(std::move(response));
}

void InviteSession::on_prack(const Message& request, ServerTransaction& transaction) {
  const std::string* text = request.headers.get("RAck");
  auto rack = text ? parse_rack(*text) : core::Result<RAck>(make_error_code(DialogErrc::BadRAck));
  if (role_ != Role::Uas || !rack || !unacked_provisional_ || !(*rack == *unacked_provisional_)) {
    transaction.respond(make_response(request, 481));
    return;
  }
  unacked_provisional_.reset();
  count(&DialogCounters::pracks_received);
  transaction.respond(make_response(request, 200));
}

bool InviteSession::prack(const Message& provisional, std::uint32_t rseq) {
  if (role_ != Role::Uac || context_ == nullptr || state_ == State::Terminated) return false;
  Message prack = dialog_.make_request(Method::Prack, local());
  prack.headers.add("RAck",
                    RAck{rseq, provisional.cseq.number, provisional.cseq.method}.to_string());
  count(&DialogCounters::pracks_sent);
  send_in_dialog(std::move(prack), [call_id = dialog_.id().call_id](const Message& response) {
    if (response.status_class() > 2) {
      spdlog::info("sip: PRACK in {} answered {}", call_id, response.status);
    }
  });
  return true;
}

std::optional<std::string> InviteSession::answer_offer(const Message& request,
                                                       ServerTransaction& transaction) {
  if (request.body == remote_sdp_) {
    // The peer's SDP unchanged (a session refresh, RFC 4028 / RFC 3264 8): answer with ours
    // as it stands, without disturbing the media.
    return local_sdp_;
  }
  auto reject = [&](int status) {
    transaction.respond(make_response(request, status));
    return std::nullopt;
  };
  auto offer = sdp::parse(request.body);
  if (!offer) {
    count(&DialogCounters::bad_requests);
    return reject(400);
  }
  if (!events_.on_offer) {
    count(&DialogCounters::offers_refused);
    return reject(488);
  }
  // A copy: the handler may close() the session, which clears events_.
  auto on_offer = events_.on_offer;
  auto answer = on_offer(*offer);
  if (!answer) {
    count(&DialogCounters::offers_refused);
    return reject(488);
  }
  if (context_ == nullptr) return reject(481);  // the handler closed the session
  remote_sdp_ = request.body;
  return std::move(*answer);
}

bool InviteSession::accept_refresh(const Message& request, ServerTransaction& transaction,
                                   std::optional<SessionTimer>& timer) {
  auto decision = negotiate_as_uas(request, context_->config().session_timer);
  if (!decision) {
    count(&DialogCounters::bad_requests);
    transaction.respond(make_response(request, 400, describe(DialogErrc::BadSessionExpires)));
    return false;
  }
  if (decision->reject_with_min_se) {
    count(&DialogCounters::interval_too_small);
    Message response = make_response(request, 422);
    response.headers.add("Min-SE", std::to_string(*decision->reject_with_min_se));
    transaction.respond(std::move(response));
    return false;
  }
  timer = decision->timer;
  return true;
}

void InviteSession::on_reinvite(const Message& request, ServerTransaction& transaction) {
  if (our_reinvite_pending_) {
    count(&DialogCounters::glare);
    transaction.respond(make_response(request, 491));  // 14.2: glare
    return;
  }
  if (ok_ || state_ != State::Confirmed) {
    // 14.2: an INVITE before the previous one completed.
    count(&DialogCounters::glare);
    Message response = make_response(request, 500);
    response.headers.add("Retry-After", std::to_string(retry_after_seconds()));
    transaction.respond(std::move(response));
    return;
  }
  std::optional<SessionTimer> timer;
  if (!accept_refresh(request, transaction, timer)) return;
  std::string body = local_sdp_;  // no offer: ours goes in the 200, the ACK answers (14.2)
  if (!request.body.empty()) {
    auto answer = answer_offer(request, transaction);
    if (!answer) return;
    body = std::move(*answer);
  }
  offer_in_our_2xx_ = request.body.empty();
  dialog_.update_target(request);
  local_sdp_ = body;
  Message ok = make_ok(request, body);
  if (timer) add_session_timer_headers(ok, *timer);
  transaction.respond(ok);
  set_session_timer(timer, /*we_are_uac=*/false);
  start_session_timer();
  start_2xx_resends(std::move(ok));
}

void InviteSession::on_update(const Message& request, ServerTransaction& transaction) {
  if (our_reinvite_pending_ && !request.body.empty()) {
    count(&DialogCounters::glare);
    transaction.respond(make_response(request, 491));  // RFC 3311 5.2
    return;
  }
  std::optional<SessionTimer> timer;
  if (!accept_refresh(request, transaction, timer)) return;
  std::string body;
  if (!request.body.empty()) {
    auto answer = answer_offer(request, transaction);
    if (!answer) return;
    body = std::move(*answer);
    local_sdp_ = body;
  }
  dialog_.update_target(request);
  Message ok = make_ok(request, body);
  if (timer) add_session_timer_headers(ok, *timer);
  transaction.respond(std::move(ok));
  set_session_timer(timer, /*we_are_uac=*/false);
  start_session_timer();
}

// --- re-INVITEs we send (14.1) ---

bool InviteSession::reinvite(std::string sdp) {
  if (state_ != State::Confirmed || our_reinvite_pending_ || ok_ || context_ == nullptr) {
    return false;
  }
  send_reinvite(std::move(sdp), /*refresh=*/false);
  return true;
}

void InviteSession::send_reinvite(std::string sdp, bool refresh) {
  Message invite = dialog_.make_request(Method::Invite, local());
  invite.headers.add("Allow", kDialogAllow);
  // Not 100rel: reliable provisionals are for the initial INVITE only here (RFC 3262 allows
  // them on a re-INVITE, and we would then have to PRACK them in the confirmed dialog).
  invite.headers.add("Supported", "timer");
  if (session_timer_) {
    // We send the request, so as its UAC we name ourselves (uac) when we refresh.
    SessionExpires se{session_timer_->interval, we_refresh_ ? Refresher::Uac : Refresher::Uas};
    invite.headers.add("Session-Expires", se.to_string());
  }
  if (!sdp.empty()) {
    invite.content_type = "application/sdp";
    invite.body = sdp;
  }
  our_reinvite_pending_ = true;
  pending_sdp_ = std::move(sdp);
  auto transaction = send_in_dialog(std::move(invite),
                                    [weak = weak_from_this(), refresh](const Message& response) {
                                      if (auto self = weak.lock())
                                        self->on_reinvite_response(response, refresh);
                                    });
  // send_request makes an InviteClientTransaction for every INVITE (rule 9 needs its class).
  reinvite_transaction_ = std::static_pointer_cast<InviteClientTransaction>(transaction);
}

void InviteSession::on_reinvite_response(const Message& response, bool refresh) {
  if (state_ == State::Terminated || context_ == nullptr || response.status_class() < 2) return;
  auto keep = shared_from_this();
  if (response.status_class() == 2) {
    if (ack_ && ack_->cseq.number == response.cseq.number) {
      context_->sender().send(*ack_, destination());  // retransmitted 2xx (13.2.2.4)
      return;
    }
    our_reinvite_pending_ = false;
    dialog_.update_target(response);
    local_sdp_ = pending_sdp_;
    send_ack_for(response, std::nullopt);
    if (auto timer = negotiate_as_uac(response)) {
      set_session_timer(timer, /*we_are_uac=*/true);
    } else if (!refresh) {
      set_session_timer(std::nullopt, true);  // RFC 4028 7.2: no Session-Expires, no timer
    }
    if (state_ == State::Confirmed) start_session_timer();
    deliver_answer(response);
    return;
  }
  if (!our_reinvite_pending_) return;
  our_reinvite_pending_ = false;
  const int status = response.status;
  if (status == 481) {
    finish(TerminationReason::PeerGone, status);  // 12.2.1.2: the dialog is gone
    return;
  }
  if (status == 408) {
    send_bye(TerminationReason::PeerGone);
    return;
  }
  if (refresh && status == 422 && session_timer_) {
    // RFC 4028 7.4: retry with an interval at least the peer's Min-SE.
    if (const std::string* min = response.headers.get("Min-SE")) {
      if (auto v = parse_min_se(*min); v && *v > session_timer_->interval) {
        session_timer_->interval = *v;
        send_reinvite(local_sdp_, true);
        return;
      }
    }
  }
  if (refresh) {
    start_session_timer();  // refresh failed: try again at the next half interval
    return;
  }
  if (auto handler = events_.on_reinvite_failed) handler(status);
}

}  // namespace va::sip
