// BridgeLeg: the person's leg of a transfer bridge: INVITE through the trunk, its own media,
// no AI (rules in bridge_leg.h).
#include "call/bridge_leg.h"

#include <chrono>

#include "call/call_media.h"
#include "call/codec_preference.h"
#include "call/media_address.h"
#include "sip/invite_session.h"
#include "sip/outgoing_call.h"
#include "sip/sdp/parser.h"
#include "sip/sdp/serializer.h"
#include "sip/uri.h"

namespace va::call {

std::shared_ptr<BridgeLeg> BridgeLeg::create(BridgeLegEnv env, core::LogContext log,
                                             std::string request_uri, BridgeLegEvents events) {
  return std::shared_ptr<BridgeLeg>(
      new BridgeLeg(std::move(env), std::move(log), std::move(request_uri), std::move(events)));
}

BridgeLeg::BridgeLeg(BridgeLegEnv env, core::LogContext log, std::string request_uri,
                     BridgeLegEvents events)
    : env_(std::move(env)),
      log_(std::move(log)),
      request_uri_(std::move(request_uri)),
      events_(std::move(events)),
      // A session id of its own (RFC 4566 o=): the wall clock in microseconds.
      negotiator_(std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count()),
                  1, "voiceagent") {}

BridgeLeg::~BridgeLeg() {
  hang_up();
}

std::error_code BridgeLeg::dial() {
  const std::string call_id = env_.new_call_id ? env_.new_call_id() : std::string();
  if (call_id.empty()) return std::make_error_code(std::errc::resource_unavailable_try_again);
  log_.sip_call_id = call_id;
  const auto target = sip::parse_uri(request_uri_);
  address_ = choose_media_address(env_.settings.public_address, env_.settings.sip_listen,
                                  target ? target->host : std::string());
  codecs_ = &env_.settings.codecs_for_peer(target ? target->host : std::string());
  CallMediaConfig config;
  config.log = log_;
  config.bind_address = host_of(env_.settings.sip_listen);
  config.rtp = env_.settings.rtp;
  config.rtcp_mux = env_.settings.rtcp_mux;
  CallMediaEvents media_events;
  auto weak = weak_from_this();
  media_events.on_rtp_inactive = [weak] {
    if (auto self = weak.lock()) self->ended("no RTP from the person");
  };
  auto media = CallMedia::create(env_.shard, env_.pacer, env_.ports, std::move(config),
                                 std::move(media_events));
  if (!media) return media.error();
  media_ = std::move(*media);
  if (auto ec = media_->prepare()) return ec;
  // Rule 2: bridged from the start, so no AI session is ever opened for this leg.
  media_->bridge([weak](media::AudioFrame frame) {
    auto self = weak.lock();
    if (self && !self->done_ && self->events_.on_audio) self->events_.on_audio(std::move(frame));
  });
  sip::OutgoingCallConfig oc;
  oc.call_id = call_id;
  oc.request_uri = request_uri_;
  oc.sdp_offer = sdp::serialize(negotiator_.create_offer(
      make_local_media(address_, media_->local_port(), *codecs_, env_.settings.rtcp_mux)));
  oc.username = env_.settings.trunk_username;
  oc.password = env_.settings.trunk_password;
  oc.dial_timeout = env_.settings.dial_timeout;
  oc.outbound_proxy = env_.settings.outbound_proxy;
  sip::OutgoingCallEvents events;
  events.on_progress = [weak](int status, const std::optional<std::string>&) {
    auto self = weak.lock();
    if (self && !self->done_ && status >= 180 && self->events_.on_ringing)
      self->events_.on_ringing();
  };
  events.on_answered = [weak](const std::string& sdp, std::shared_ptr<sip::InviteSession> s) {
    if (auto self = weak.lock()) self->on_answer(sdp, std::move(s));
  };
  events.on_failed = [weak](sip::CallOutcome, int status, const std::string& reason) {
    if (auto self = weak.lock()) self->fail(status, std::to_string(status) + " " + reason);
  };
  VA_LOG(log_, info, "bridge leg: INVITE {} from port {}", request_uri_, media_->local_port());
  outgoing_ = sip::OutgoingCall::start(env_.dialogs, std::move(oc), std::move(events));
  return {};
}

void BridgeLeg::on_answer(const std::string& answer_sdp,
                          std::shared_ptr<sip::InviteSession> session) {
  session_ = std::move(session);
  outgoing_.reset();
  if (done_) {
    session_->hangup();
    return;
  }
  auto weak = weak_from_this();
  sip::InviteSessionEvents ev;
  ev.on_terminated = [weak](sip::TerminationReason reason, int) {
    auto self = weak.lock();
    if (self && reason != sip::TerminationReason::LocalBye)
      self->ended(reason == sip::TerminationReason::RemoteBye ? "the person hung up"
                                                              : "the person's leg failed");
  };
  ev.on_offer = [weak](const sdp::SessionDescription& offer) -> core::Result<std::string> {
    auto self = weak.lock();
    if (!self || !self->media_) return std::make_error_code(std::errc::operation_canceled);
    auto local = make_local_media(self->address_, self->media_->local_port(), *self->codecs_,
                                  self->env_.settings.rtcp_mux);
    auto answer = self->negotiator_.create_answer(offer, local);
    if (!answer) return answer.error();
    if (auto ec = self->media_->renegotiate(answer->media)) return ec;
    return sdp::serialize(answer->sdp);
  };
  session_->set_events(std::move(ev));
  auto parsed = sdp::parse(answer_sdp);
  auto negotiated = parsed ? negotiator_.process_answer(*parsed)
                           : core::Result<sdp::NegotiatedMedia>(parsed.error());
  if (!negotiated) return fail(488, "unusable SDP answer: " + negotiated.error().message());
  if (auto ec = media_->start(*negotiated)) return fail(488, "media: " + ec.message());
  answered_ = true;
  const auto f = media_->facts();
  VA_LOG(log_, info, "bridge leg answered: local port {}, remote {}, ssrc out {:08x}",
         f.local_rtp_port, f.remote_rtp, f.ssrc_out);
  if (events_.on_answered) events_.on_answered();
}

void BridgeLeg::push_audio(media::AudioFrame frame) {
  if (!done_ && answered_ && media_) media_->push_audio(std::move(frame));
}

void BridgeLeg::play_prompt(const std::shared_ptr<const ai::Greeting>& prompt) {
  if (!done_ && answered_ && media_) media_->play_prompt(prompt);
}

std::size_t BridgeLeg::queued_frames() const {
  return media_ && !done_ ? media_->queued_frames() : 0;
}

void BridgeLeg::fail(int status, const std::string& why) {
  if (done_) return;
  auto on_failed = std::move(events_.on_failed);
  hang_up();
  if (on_failed) on_failed(status, why);
}

void BridgeLeg::ended(const std::string& why) {
  if (done_) return;
  auto on_ended = std::move(events_.on_ended);
  hang_up();
  if (on_ended) on_ended(why);
}

void BridgeLeg::hang_up() {
  if (done_) return;
  done_ = true;
  if (outgoing_) {
    outgoing_->cancel();
    outgoing_.reset();
  }
  if (session_ && !session_->terminated()) {
    if (!session_->hangup()) session_->close();
  }
  if (media_) media_->stop();
}

MediaFacts BridgeLeg::facts() const {
  return media_ ? media_->facts() : MediaFacts{};
}

}  // namespace va::call
