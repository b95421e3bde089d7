// Call, outbound setup: the INVITE through the trunk, ringing, the answer's SDP, a failed dial
// (call.h rules 1 and 2).
#include "call/call.h"
#include "call/call_media.h"
#include "call/end_reason_sip.h"
#include "sip/outgoing_call.h"
#include "sip/sdp/parser.h"
#include "sip/uri.h"

namespace va::call {

void Call::dial() {
  publish(CallEventType::Created);
  // The media address must be reachable from where the INVITE goes.
  const auto target = sip::parse_uri(plan_.request_uri);
  if (auto ec = prepare_media(target ? target->host : std::string())) {
    VA_LOG(log_, warn, "no media for the call: {}", ec.message());
    end(EndReason::NoMedia);
    return;
  }
  send_invite();
  arm_max_duration();
}

void Call::send_invite() {
  sip::OutgoingCallConfig config;
  config.call_id = plan_.record.sip_call_id;
  config.request_uri = plan_.request_uri;
  config.sdp_offer = local_offer();
  config.username = env_.settings.trunk_username;
  config.password = env_.settings.trunk_password;
  config.dial_timeout = env_.settings.dial_timeout;
  config.outbound_proxy = env_.settings.outbound_proxy;
  sip::OutgoingCallEvents events;
  auto weak = weak_from_this();
  events.on_progress = [weak](int status, const std::optional<std::string>& early_sdp) {
    if (auto self = weak.lock()) self->on_outgoing_progress(status, early_sdp);
  };
  events.on_answered = [weak](const std::string& sdp, std::shared_ptr<sip::InviteSession> s) {
    if (auto self = weak.lock()) self->on_outgoing_answered(sdp, std::move(s));
  };
  events.on_failed = [weak](sip::CallOutcome outcome, int status, const std::string& reason) {
    if (auto self = weak.lock()) {
      self->on_outgoing_failed(end_reason_for(outcome), status, reason);
    }
  };
  outgoing_ = sip::OutgoingCall::start(env_.dialogs, std::move(config), std::move(events));
}

void Call::on_outgoing_progress(int status, const std::optional<std::string>&) {
  if (status < 180 || status_ != crm::CallStatus::Dialing) return;
  // Rule 1: the AI session opens at the first 180/183, not with the INVITE: a dial that fails
  // before ringing never holds one of the key's concurrent sessions.
  if (auto ec = media_->connect_ai()) {
    VA_LOG(log_, warn, "AI session not connected at ringing: {}", ec.message());
  }
  const auto at = now_ms();
  set_status(crm::CallStatus::Ringing, [at](crm::Call& c) { c.ringing_at = at; });
  publish(CallEventType::Ringing);
}

void Call::on_outgoing_answered(const std::string& answer_sdp,
                                std::shared_ptr<sip::InviteSession> session) {
  session_ = std::move(session);
  outgoing_.reset();
  auto parsed = sdp::parse(answer_sdp);
  auto negotiated = parsed ? negotiator_.process_answer(*parsed)
                           : core::Result<sdp::NegotiatedMedia>(parsed.error());
  if (!negotiated) {
    VA_LOG(log_, warn, "unusable SDP answer: {}", negotiated.error().message());
    attach_session_events();
    end(EndReason::NoMedia);
    return;
  }
  attach_session_events();
  if (auto ec = media_->set_remote(*negotiated)) {
    VA_LOG(log_, warn, "cannot use the answered media: {}", ec.message());
    end(EndReason::NoMedia);
    return;
  }
  // Rule 1: our ACK is out, the call is up (start() connects the AI if no 180/183 did).
  start_media();
}

void Call::on_outgoing_failed(EndReason reason, int status, const std::string& text) {
  outgoing_.reset();
  VA_LOG(log_, info, "dial failed: {} {} ({})", status, text, to_string(reason));
  // rtp.srtp = offer (call_srtp.h): a peer without SRTP refuses RTP/SAVP with 488 (RFC 3264
  // 6 lets it reject the profile); one new INVITE offers plain RTP/AVP instead.
  if (status == 488 && env_.settings.srtp == SrtpMode::Offer && !plain_rtp_retry_ && !ending_) {
    plain_rtp_retry_ = true;
    VA_LOG(log_, info, "488 to our RTP/SAVP offer: retrying once with plain RTP/AVP");
    send_invite();
    return;
  }
  end(reason);
}

}  // namespace va::call
