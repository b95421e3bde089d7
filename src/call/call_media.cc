// CallMedia: the public face of one call's media bridge (call_media.h); the work is done by
// CallMedia::State (call_media_state.h) in call_media_lifecycle.cc, call_media_ai.cc and
// call_media_rtp.cc.
#include "call/call_media.h"

#include "call/call_media_state.h"

namespace va::call {

core::Result<std::unique_ptr<CallMedia>> CallMedia::create(core::Shard& shard, rtp::Pacer& pacer,
                                                           rtp::PortPool& ports,
                                                           CallMediaConfig config,
                                                           CallMediaEvents events) {
  boost::system::error_code ec;
  const auto ip = boost::asio::ip::make_address(config.bind_address, ec);
  if (ec) return make_error_code(MediaErrc::BadBindAddress);
  auto state =
      std::make_unique<State>(shard, pacer, ports, std::move(config), std::move(events), ip);
  return std::unique_ptr<CallMedia>(new CallMedia(std::move(state)));
}

CallMedia::CallMedia(std::unique_ptr<State> state) : state_(std::move(state)) {}

CallMedia::~CallMedia() {
  stop();
}

std::error_code CallMedia::prepare() {
  return state_->prepare();
}

std::error_code CallMedia::connect_ai() {
  return state_->connect_ai();
}

std::uint16_t CallMedia::local_port() const {
  return state_->local_port;
}

std::error_code CallMedia::set_remote(const sdp::NegotiatedMedia& media) {
  if (state_->started) return renegotiate(media);
  auto r = remote_audio_from(media);
  if (!r) return r.error();
  if (state_->stopped) return make_error_code(MediaErrc::WrongPhase);
  state_->remote = *r;
  return {};
}

std::error_code CallMedia::start() {
  return state_->start();
}

std::error_code CallMedia::start(const sdp::NegotiatedMedia& media) {
  if (auto ec = set_remote(media)) return ec;
  return start();
}

std::error_code CallMedia::renegotiate(const sdp::NegotiatedMedia& media) {
  if (!state_->started) return set_remote(media);
  auto r = remote_audio_from(media);
  if (!r) return r.error();
  if (state_->stopped || !state_->session) return make_error_code(MediaErrc::WrongPhase);
  return state_->renegotiate(*r);
}

void CallMedia::play_prompt(const std::shared_ptr<const ai::Greeting>& prompt) {
  auto& s = *state_;
  if (!prompt || !s.started || s.stopped || s.hold || !s.session) return;
  s.queue_greeting(*prompt, 0, false);
}

void CallMedia::tell_ai(const std::string& text) {
  state_->tell_ai(text);
}

void CallMedia::dtmf_received(char key) {
  auto& s = *state_;
  if (!s.started || s.stopped) return;
  s.deliver_dtmf(key);
}

void CallMedia::stop() {
  state_->stop();
}

bool CallMedia::prepared() const {
  return state_->lease.has_value();
}
bool CallMedia::started() const {
  return state_->started;
}
bool CallMedia::stopped() const {
  return state_->stopped;
}
bool CallMedia::on_hold() const {
  return state_->hold;
}

std::size_t CallMedia::queued_frames() const {
  return state_->session && !state_->stopped ? state_->session->queued_frames() : 0;
}

std::optional<std::chrono::microseconds> CallMedia::greeting_latency() const {
  return state_->stats.greeting_latency;
}

MediaFacts CallMedia::facts() const {
  const auto& s = *state_;
  MediaFacts f;
  f.local_rtp_port = s.local_port;
  f.key_fingerprint = s.key_fingerprint;
  rtp::RtpSessionStats sum = s.retired.rtp;
  if (s.session && !s.stopped) {
    add_rtp_stats(sum, s.session->stats());
    f.remote_rtp = endpoint_text(s.session->remote_rtp());
    f.ssrc_in = s.session->remote_ssrc();
  } else {
    f.remote_rtp = !s.retired.last_remote.empty() ? s.retired.last_remote
                   : s.remote                     ? endpoint_text(s.remote->remote.rtp)
                                                  : std::string();
    f.ssrc_in = s.retired.last_ssrc_in;
  }
  if (s.started) f.ssrc_out = s.local_ssrc;
  f.packets_in = sum.packets_received;
  f.packets_out = sum.packets_sent;
  f.packets_dropped_foreign = sum.packets_dropped_foreign;
  f.packets_dropped_auth = sum.packets_dropped_auth;
  f.srtp = s.active && s.active->srtp.has_value();
  return f;
}

CallMediaStats CallMedia::stats() const {
  const auto& s = *state_;
  CallMediaStats out = s.stats;
  out.rtp = s.retired.rtp;
  out.frames_to_ai = s.retired.frames_to_ai;
  out.frames_concealed = s.retired.concealed;
  out.frames_late = s.retired.late;
  out.frames_undecodable = s.retired.undecodable;
  if (s.session && !s.stopped) {
    add_rtp_stats(out.rtp, s.session->stats());
    out.frames_to_ai += s.uplink->frames();
    out.frames_concealed += s.uplink->concealed();
    out.frames_late += s.uplink->late();
    out.frames_undecodable += s.uplink->undecodable();
  }
  if (s.ai && !s.stopped) out.ai_stats = s.ai->stats();
  out.recorder_dropped = s.recording ? s.recording->dropped() : s.recorder_dropped;
  out.dtmf_ignored = s.dtmf.stats().ignored_unknown + s.dtmf.stats().ignored_duration;
  return out;
}

}  // namespace va::call
