// Call and its CallMedia: the media is prepared (port bound) before our SDP names the port
// (call.h rule 1; the AI connects later), and its events come back to the call on its shard.
#include "call/call.h"
#include "call/call_media.h"
#include "call/call_srtp.h"
#include "call/codec_preference.h"
#include "call/media_address.h"
#include "sip/incoming_call.h"
#include "sip/sdp/serializer.h"
#include "sip/uri.h"

namespace va::call {

std::error_code Call::prepare_media(const std::string& peer_host) {
  local_address_ =
      choose_media_address(env_.settings.public_address, env_.settings.sip_listen, peer_host);
  local_crypto_ = make_local_crypto(env_.settings.srtp);
  CallMediaConfig config;
  config.log = log_;
  config.bind_address = host_of(env_.settings.sip_listen);
  config.rtp = env_.settings.rtp;
  config.rtcp_mux = env_.settings.rtcp_mux;
  config.ai = plan_.ai;
  config.ai.log = log_;
  // Answering-machine detection: outbound calls only (nobody's voicemail calls us).
  // The action is the campaign's, else ai.voicemail_action (CallPlan).
  config.detect_voicemail =
      !incoming_ && plan_.voicemail_action != "off" && !plan_.voicemail_action.empty();
  config.amd_until_message_cue = config.detect_voicemail && plan_.voicemail_action == "message";
  config.ai.tool_voicemail_detected = config.detect_voicemail;
  config.watchdog.silence = env_.settings.watchdog_silence;
  config.watchdog_counters = env_.watchdog_counters;
  config.srtp_dropped_auth = env_.srtp_dropped_auth;
  config.key_fingerprint = plan_.key_fingerprint;
  config.greeting = plan_.greeting;
  config.recording_path = plan_.recording_path;
  config.recorder = env_.recordings;
  // On the writer's thread, maybe after this call is gone: the record writer outlives both.
  config.on_recording_finished = [record = record_](const media::RecordingResult& r) {
    if (r.complete) record->update([path = r.path](crm::Call& c) { c.recording_path = path; });
  };
  auto media =
      CallMedia::create(env_.shard, env_.pacer, env_.ports, std::move(config), media_events());
  if (!media) return media.error();
  media_ = std::move(*media);
  if (auto ec = media_->prepare()) return ec;
  const auto port = media_->local_port();
  env_.live.update(id(), [port](LiveCall& c) { c.media.local_rtp_port = port; });
  return {};
}

sdp::LocalMedia Call::local_media() const {
  // The trunk gets its own codec order (sip.trunk.codecs): inbound by the INVITE's source,
  // outbound by where the INVITE goes.
  std::string peer;
  if (incoming_) {
    peer = incoming_->peer().address.to_string();
  } else if (auto target = sip::parse_uri(plan_.request_uri)) {
    peer = target->host;
  }
  const bool trunk = env_.settings.is_trunk_peer(peer);
  auto local = make_local_media(local_address_, media_->local_port(),
                                trunk ? env_.settings.trunk_codecs : env_.settings.codecs,
                                env_.settings.rtcp_mux);
  local.answer_in_local_order = trunk && env_.settings.trunk_codec_order;
  apply_srtp(local, plain_rtp_retry_ ? SrtpMode::Off : env_.settings.srtp, local_crypto_);
  return local;
}

std::string Call::local_offer() {
  return sdp::serialize(negotiator_.create_offer(local_media()));
}

// Every handler holds the call weakly: the media never keeps a call alive.
CallMediaEvents Call::media_events() {
  CallMediaEvents events;
  auto weak = weak_from_this();
  events.on_greeting_started = [weak](std::chrono::microseconds latency) {
    if (auto self = weak.lock()) self->on_greeting_started(latency);
  };
  events.on_transcript = [weak](const std::string& who, std::string_view text, bool finished) {
    if (auto self = weak.lock()) self->transcript_.add(who, text, finished);
  };
  events.on_ai_turn_end = [weak] {
    if (auto self = weak.lock()) self->transcript_.close_all();
  };
  events.on_interrupted = [weak] {
    if (auto self = weak.lock()) self->publish(CallEventType::Interrupted);
  };
  events.on_end_call = [weak] {
    if (auto self = weak.lock()) self->on_end_call_tool();
  };
  events.on_rtp_inactive = [weak] {
    if (auto self = weak.lock()) self->on_rtp_inactive();
  };
  events.on_dtmf = [weak](char key) {
    if (auto self = weak.lock()) self->add_transcript_line("dtmf", std::string(1, key));
  };
  events.on_send_dtmf_info = [weak](const std::string& digits) {
    auto self = weak.lock();
    return self && self->send_dtmf_info(digits);
  };
  events.on_send_sms = [weak](const std::string& text) {
    if (auto self = weak.lock()) self->send_sms(text, {});
  };
  events.on_voicemail_verdict = [weak](const media::AmdResult& r) {
    if (auto self = weak.lock()) self->on_voicemail_verdict(r);
  };
  events.on_message_cue = [weak](bool beep) {
    if (auto self = weak.lock()) self->on_message_cue(beep);
  };
  events.on_watchdog_step = [weak](WatchdogStep step) {
    if (auto self = weak.lock()) self->on_watchdog_step(step);
  };
  events.on_transfer = [weak](const std::string& to, const std::string& reason,
                              const std::string& mode) {
    auto self = weak.lock();
    return self ? self->on_transfer_tool(to, reason, mode)
                : std::string(R"({"accepted":false,"reason":"the call ended"})");
  };
  events.on_ai_failed = [weak](std::error_code code, const std::string& reason) {
    if (auto self = weak.lock()) self->on_ai_failed(code, reason);
  };
  events.on_reconnect_impossible = [weak] {
    auto self = weak.lock();
    return self && self->on_watchdog_cannot_reconnect();
  };
  events.on_ai_ready = [weak] {
    if (auto self = weak.lock()) self->ai_ready_ = true;
  };
  return events;
}

void Call::on_greeting_started(std::chrono::microseconds latency) {
  greeting_latency_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(latency).count();
  const auto ms = *greeting_latency_ms_;
  env_.live.update(id(), [ms](LiveCall& c) { c.greeting_latency_ms = ms; });
  record_->update([ms](crm::Call& c) { c.greeting_latency_ms = ms; });
  publish(CallEventType::GreetingStarted, [ms](CallEvent& e) { e.greeting_latency_ms = ms; });
  // The greeting is played from our own rendering, not spoken by the AI session, so no
  // transcription comes back for it: the transcript gets its text from the plan.
  add_transcript_line("agent", plan_.agent.greeting);
}

}  // namespace va::call
