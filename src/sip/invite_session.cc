// InviteSession: lifecycle, 2xx/ACK handling (RFC 3261 13.3.1.4, 13.2.2.4), BYE (15) and
// session timers (RFC 4028 section 10); rules in the header. In-dialog requests we receive
// and re-INVITEs we send are in invite_session_requests.cc.
#include "sip/invite_session.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "sip/dialog_context.h"
#include "sip/sdp/parser.h"

namespace va::sip {

const char* to_string(TerminationReason r) {
  switch (r) {
    case TerminationReason::LocalBye:
      return "local_bye";
    case TerminationReason::RemoteBye:
      return "remote_bye";
    case TerminationReason::SessionExpired:
      return "session_expired";
    case TerminationReason::AckTimeout:
      return "ack_timeout";
    case TerminationReason::PeerGone:
      return "peer_gone";
  }
  return "unknown";
}

InviteSession::InviteSession(PrivateTag, DialogContext& context, Dialog dialog, Role role,
                             std::string local_sdp, TransportAddress peer)
    : context_(&context),
      dialog_(std::move(dialog)),
      role_(role),
      state_(role == Role::Uas ? State::WaitingAck
                               : (dialog_.is_early() ? State::Early : State::Confirmed)),
      local_sdp_(std::move(local_sdp)),
      peer_(peer) {}

InviteSession::~InviteSession() {
  close();
}

void InviteSession::close() {
  events_ = {};
  if (context_ != nullptr) {
    abandon_reinvite();
    cancel_timers();
    context_->remove(*this);
    context_ = nullptr;
  }
  state_ = State::Terminated;
}

void InviteSession::cancel_timers() {
  if (context_ == nullptr) return;
  for (TimerService::TimerId* id : {&ok_timer_, &ack_timer_, &session_timer_id_}) {
    if (*id != 0) context_->timers().cancel(*id);
    *id = 0;
  }
}

TimerService::TimerId InviteSession::start_timer(std::chrono::milliseconds delay,
                                                 void (InviteSession::*fn)()) {
  if (context_ == nullptr) return 0;
  // A weak handle: a timer never keeps a dropped session alive, nor runs after its end.
  return context_->timers().start(delay, [weak = weak_from_this(), fn] {
    if (auto self = weak.lock()) ((*self).*fn)();
  });
}

LocalContact InviteSession::local() const {
  // Contact and Via name the transport our requests leave on (18.1.1); UDP and TCP share
  // our port.
  LocalContact out = context_->config().local;
  out.transport = destination().protocol;
  return out;
}

TransportAddress InviteSession::destination() const {
  auto hop = dialog_.next_hop();
  return hop ? *hop : peer_;
}

void InviteSession::count(std::atomic<std::uint64_t> DialogCounters::*which) {
  if (context_ != nullptr) context_->count(which);
}

void InviteSession::finish(TerminationReason reason, int status) {
  if (state_ == State::Terminated) return;
  switch (reason) {
    case TerminationReason::LocalBye:
      count(&DialogCounters::local_byes);
      break;
    case TerminationReason::RemoteBye:
      count(&DialogCounters::remote_byes);
      break;
    case TerminationReason::SessionExpired:
      count(&DialogCounters::sessions_expired);
      break;
    case TerminationReason::AckTimeout:
      count(&DialogCounters::ack_timeouts);
      break;
    case TerminationReason::PeerGone:
      count(&DialogCounters::peer_gone);
      break;
  }
  auto keep = shared_from_this();
  auto on_terminated = std::move(events_.on_terminated);
  abandon_reinvite();
  cancel_timers();
  if (context_ != nullptr) context_->remove(*this);
  context_ = nullptr;
  state_ = State::Terminated;
  events_ = {};
  if (on_terminated) on_terminated(reason, status);
}

// --- UAS: the 2xx until its ACK (13.3.1.4) ---

void InviteSession::start_uas(Message ok, std::optional<SessionTimer> timer) {
  dialog_.confirm();
  set_session_timer(timer, /*we_are_uac=*/false);
  start_2xx_resends(std::move(ok));
}

void InviteSession::start_2xx_resends(Message ok) {
  ok_ = std::move(ok);
  ok_interval_ = context_->timer_config().t1;
  ok_timer_ = start_timer(ok_interval_, &InviteSession::resend_2xx);
  ack_timer_ = start_timer(context_->timer_config().timeout_64t1(), &InviteSession::on_ack_timeout);
}

void InviteSession::resend_2xx() {
  ok_timer_ = 0;
  if (!ok_ || context_ == nullptr) return;
  context_->sender().send(*ok_, peer_);
  ok_interval_ = std::min(2 * ok_interval_, context_->timer_config().t2);
  ok_timer_ = start_timer(ok_interval_, &InviteSession::resend_2xx);
}

void InviteSession::on_ack_timeout() {
  ack_timer_ = 0;
  if (!ok_) return;
  // 13.3.1.4: the dialog is confirmed, but the session SHOULD be terminated with BYE.
  spdlog::info("sip: no ACK for 2xx in {}: sending BYE", dialog_.id().to_string());
  ok_.reset();
  if (ok_timer_ != 0) context_->timers().cancel(ok_timer_);
  ok_timer_ = 0;
  if (state_ == State::WaitingAck) state_ = State::Confirmed;
  send_bye(TerminationReason::AckTimeout);
}

void InviteSession::on_ack(const Message& ack) {
  if (state_ == State::Terminated) return;
  if (!ok_ || ack.cseq.number != ok_->cseq.number) return;  // a stray or repeated ACK
  auto keep = shared_from_this();
  ok_.reset();
  for (TimerService::TimerId* id : {&ok_timer_, &ack_timer_}) {
    if (*id != 0) context_->timers().cancel(*id);
    *id = 0;
  }
  if (offer_in_our_2xx_) {
    offer_in_our_2xx_ = false;
    deliver_answer(ack);
  }
  if (state_ != State::WaitingAck) return;  // the ACK for a re-INVITE's 2xx
  state_ = State::Confirmed;
  start_session_timer();
  if (auto handler = events_.on_confirmed) handler();
  if (bye_after_ack_ && state_ == State::Confirmed) send_bye(TerminationReason::LocalBye);
}

void InviteSession::deliver_answer(const Message& message) {
  if (message.body.empty() || message.body == remote_sdp_) return;
  auto sdp = sdp::parse(message.body);
  if (!sdp) {
    spdlog::info("sip: unparsable SDP answer in {}", dialog_.id().to_string());
    return;
  }
  remote_sdp_ = message.body;
  if (auto handler = events_.on_answer) handler(*sdp);
}

// --- UAC: the ACK for each 2xx (13.2.2.4) ---

bool InviteSession::acknowledge(const Message& response, std::optional<std::string> ack_sdp) {
  if (response.status_class() != 2 || context_ == nullptr) return false;
  const std::string* tag = response.to.tag();
  if (tag == nullptr || *tag != dialog_.remote_tag() || response.call_id != dialog_.call_id()) {
    return false;
  }
  if (ack_ && ack_->cseq.number == response.cseq.number) {
    context_->sender().send(*ack_, destination());  // a retransmitted 2xx
    return true;
  }
  dialog_.confirm_with(response);
  if (!response.body.empty()) remote_sdp_ = response.body;
  if (state_ == State::Early) state_ = State::Confirmed;
  send_ack_for(response, std::move(ack_sdp));
  set_session_timer(negotiate_as_uac(response), /*we_are_uac=*/true);
  start_session_timer();
  return true;
}

void InviteSession::send_ack_for(const Message& response, std::optional<std::string> sdp) {
  Message ack = dialog_.make_ack(response.cseq.number, local());
  if (sdp && !sdp->empty()) {
    ack.content_type = "application/sdp";
    ack.body = std::move(*sdp);
  }
  context_->sender().send(ack, destination());
  ack_ = std::move(ack);
}

// --- BYE (section 15) ---

bool InviteSession::hangup() {
  if (state_ == State::Early || state_ == State::Terminating || state_ == State::Terminated) {
    return false;
  }
  if (state_ == State::WaitingAck) {
    // 15: no BYE before the ACK for our 2xx arrives or we give up waiting for it.
    bye_after_ack_ = true;
    return true;
  }
  send_bye(TerminationReason::LocalBye);
  return true;
}

bool InviteSession::send_info(std::string content_type, std::string body,
                              std::function<void(int)> done) {
  if (context_ == nullptr || state_ != State::Confirmed) return false;
  Message info = dialog_.make_request(Method::Info, local());
  info.content_type = std::move(content_type);
  info.body = std::move(body);
  send_in_dialog(std::move(info), [done = std::move(done)](const Message& response) {
    if (response.status_class() >= 2 && done) done(response.status);
  });
  return true;
}

bool InviteSession::send_refer(const std::string& refer_to,
                               std::function<void(int, const std::string&)> done) {
  if (context_ == nullptr || state_ != State::Confirmed) return false;
  Message refer = dialog_.make_request(Method::Refer, local());
  // RFC 3515 2.1: exactly one Refer-To; our Contact so the REFER names a target (2.4.1).
  refer.headers.add("Refer-To", "<" + refer_to + ">");
  refer.contact.push_back(local().contact());
  send_in_dialog(std::move(refer), [done = std::move(done)](const Message& response) {
    if (response.status_class() >= 2 && done) done(response.status, response.reason);
  });
  return true;
}

void InviteSession::send_bye(TerminationReason reason) {
  if (context_ == nullptr || state_ == State::Terminating || state_ == State::Terminated) return;
  bye_reason_ = reason;
  abandon_reinvite();
  cancel_timers();
  ok_.reset();
  state_ = State::Terminating;
  Message bye = dialog_.make_request(Method::Bye, local());
  send_in_dialog(std::move(bye), [weak = weak_from_this()](const Message& response) {
    auto self = weak.lock();
    if (!self || response.status_class() < 2) return;
    // Any final response ends the session: a 481 or 408 too (15.1.1).
    self->finish(self->bye_reason_, response.status);
  });
}

std::shared_ptr<ClientTransaction> InviteSession::send_in_dialog(
    Message request, ClientTransaction::ResponseHandler handler) {
  if (!context_->config().user_agent.empty()) {
    request.headers.add("User-Agent", context_->config().user_agent);
  }
  return context_->transactions().send_request(std::move(request), destination(),
                                               std::move(handler));
}

void InviteSession::abandon_reinvite() {
  auto transaction = reinvite_transaction_.lock();
  reinvite_transaction_.reset();
  // Not pending: its final response already came (it is Completed, Accepted or gone).
  if (!transaction || !our_reinvite_pending_ || context_ == nullptr) return;
  our_reinvite_pending_ = false;
  if (transaction->state() == TransactionState::Proceeding) {
    // 9.1: a CANCEL only once a provisional response has arrived; the layer then starts the
    // INVITE's 64*T1 give-up.
    send_in_dialog(InviteClientTransaction::make_cancel(transaction->request()),
                   [](const Message&) {});
  }
  transaction->abandon();
}

// --- Session timers (RFC 4028 section 10) ---

void InviteSession::set_session_timer(std::optional<SessionTimer> timer, bool we_are_uac) {
  session_timer_ = timer;
  we_refresh_ = timer && timer->we_refresh(we_are_uac);
}

void InviteSession::start_session_timer() {
  if (context_ == nullptr) return;
  if (session_timer_id_ != 0) context_->timers().cancel(session_timer_id_);
  session_timer_id_ = 0;
  if (!session_timer_ || state_ != State::Confirmed) return;
  const auto delay = we_refresh_ ? session_timer_->refresh_after() : session_timer_->expire_after();
  session_timer_id_ = start_timer(delay, &InviteSession::on_session_timer);
}

void InviteSession::on_session_timer() {
  session_timer_id_ = 0;
  if (state_ != State::Confirmed) return;
  if (!we_refresh_) {
    spdlog::info("sip: session expired in {}: sending BYE", dialog_.id().to_string());
    send_bye(TerminationReason::SessionExpired);
    return;
  }
  if (our_reinvite_pending_ || ok_) {
    // An INVITE transaction is in progress: try again shortly (14.1 allows one at a time).
    session_timer_id_ =
        start_timer(4 * context_->timer_config().t1, &InviteSession::on_session_timer);
    return;
  }
  // Section 10: the refresh offers the SDP we last sent, unchanged, so o= keeps its version.
  send_reinvite(local_sdp_, /*refresh=*/true);
}

}  // namespace va::sip
