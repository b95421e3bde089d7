// CallMedia::State, its life: prepare (port, sockets), connect_ai, start (RtpSession,
// greeting's first packet at once), the playout queue, stop (call_media.h rules 1, 2, 5, 7).
#include <fmt/format.h>

#include <array>

#include "call/call_media_state.h"
#include "core/key_fingerprint.h"

namespace va::call {
namespace {

constexpr auto kGreetingPoll = std::chrono::milliseconds(20);
constexpr auto kRecordingSync = std::chrono::milliseconds(200);
// A channel lands at most one sync period late (the AI's frames are written at the sync after
// they left; the caller's as they arrive): three periods of margin. The writer keeps this much
// of both channels per call in memory, 32 KB a second at 8 kHz, so not the 2 s default.
constexpr auto kRecordingHoldBack = 3 * kRecordingSync;

// 20 ms of digital silence in `codec`, as a steady-state encoder emits it (G.722's, G.729's
// and Opus's adaptive state settles within a few frames; G.711's is the same byte every time).
std::vector<std::uint8_t> encode_silence(media::CodecId codec) {
  auto encoder = media::AudioCodec::create(codec);
  const std::vector<std::int16_t> zeros(static_cast<std::size_t>(encoder->sample_rate() / 50), 0);
  std::vector<std::uint8_t> out(encoder->encoded_size(zeros.size()));
  for (int i = 0; i < 8; ++i) {
    out.resize(encoder->encoded_size(zeros.size()));
    out.resize(encoder->encode(zeros, out.data()));
  }
  return out;
}

// Encoded once per process (thread-safe static init), not on a call's way to its first packet.
const std::vector<std::uint8_t>& silence_frame(media::CodecId codec) {
  static const std::array<std::vector<std::uint8_t>, 5> frames = {
      encode_silence(media::CodecId::Pcmu), encode_silence(media::CodecId::Pcma),
      encode_silence(media::CodecId::G722), encode_silence(media::CodecId::G729),
      encode_silence(media::CodecId::Opus)};
  return frames.at(static_cast<std::size_t>(codec));
}

const char* codec_name(media::CodecId codec) {
  switch (codec) {
    case media::CodecId::Pcmu:
      return "PCMU";
    case media::CodecId::Pcma:
      return "PCMA";
    case media::CodecId::G722:
      return "G722";
    case media::CodecId::G729:
      return "G729";
    case media::CodecId::Opus:
      return "opus";
  }
  return "?";
}
}  // namespace

CallMedia::State::State(core::Shard& s, rtp::Pacer& p, rtp::PortPool& pp, CallMediaConfig c,
                        CallMediaEvents e, boost::asio::ip::address ip)
    : shard(s),
      pacer(p),
      ports(pp),
      config(std::move(c)),
      events(std::move(e)),
      clock(config.clock ? *config.clock : core::Clock::steady()),
      bind_ip(ip),
      random(std::random_device{}()),
      timer(s.context()),
      dtmf_timer(s.context()),
      watchdog_timer(s.context()),
      dtx_timer(s.context()) {
  key_fingerprint = !config.key_fingerprint.empty() ? config.key_fingerprint
                    : config.ai.api_key.empty()     ? std::string()
                                                    : core::key_fingerprint(config.ai.api_key);
  local_ssrc = random_u32();
  frame_sink = [this](std::span<const std::uint8_t> encoded, std::span<const std::int16_t> pcm) {
    enqueue(encoded, pcm);
  };
}

core::Result<std::unique_ptr<rtp::DatagramSocket>> CallMedia::State::bind(std::uint16_t port) {
  const rtp::Endpoint local(bind_ip, port);
  if (config.socket_factory) return config.socket_factory(local);
  return rtp::DatagramSocket::create_udp(shard.context(), local);
}

std::error_code CallMedia::State::prepare() {
  if (stopped || lease) return make_error_code(MediaErrc::WrongPhase);
  std::error_code last = make_error_code(MediaErrc::WrongPhase);
  for (int attempt = 0; attempt < std::max(1, config.bind_attempts) && !lease; ++attempt) {
    auto l = ports.allocate(config.rtcp_mux);
    if (!l) return l.error();
    auto rtp_sock = bind(l->rtp_port);
    core::Result<std::unique_ptr<rtp::DatagramSocket>> rtcp_sock{nullptr};
    if (rtp_sock && !l->rtcp_mux) rtcp_sock = bind(l->rtcp_port);
    if (!rtp_sock || !rtcp_sock) {
      last = rtp_sock ? rtcp_sock.error() : rtp_sock.error();
      VA_LOG(config.log, warn, "RTP port {} not bindable ({}); trying another", l->rtp_port,
             last.message());
      if (rtp_sock && *rtp_sock) (*rtp_sock)->close();
      ports.release(*l);
      continue;
    }
    rtp_socket = std::move(*rtp_sock);
    rtcp_socket = std::move(*rtcp_sock);
    lease = *l;
    local_port = l->rtp_port;
  }
  if (!lease) return last;
  VA_LOG(config.log, info, "media prepared: local RTP port {}{}, key {}", local_port,
         lease->rtcp_mux ? " (rtcp-mux)" : "", key_fingerprint);
  if (!config.recording_path.empty() && !config.recorder) {
    VA_LOG(config.log, warn, "no recording writer: {} is not recorded", config.recording_path);
  }
  return {};
}

std::error_code CallMedia::State::connect_ai() {
  if (stopped || !lease) return make_error_code(MediaErrc::WrongPhase);
  if (ai_opened) return {};
  ai_opened = true;
  start_ai();
  return {};
}

core::Result<std::unique_ptr<rtp::SrtpSession>> CallMedia::State::srtp_for(const RemoteAudio& r) {
  auto srtp = make_srtp_session(r.srtp);
  if (!srtp) VA_LOG(config.log, error, "SRTP context refused: {}", srtp.error().message());
  return srtp;
}

void CallMedia::State::make_session(const RemoteAudio& r, std::unique_ptr<rtp::SrtpSession> srtp) {
  rtp::RtpSessionConfig c = config.rtp;
  c.payload_type = r.payload_type;
  // 8000 for G.722 too (RFC 3551 4.5.2); 48000 for Opus whatever it samples at (RFC 7587 4.1).
  c.clock_rate = r.codec == media::CodecId::Opus ? 48000 : 8000;
  c.samples_per_frame = static_cast<std::uint16_t>(c.clock_rate / 50);
  c.telephone_event_pt = r.telephone_event_pt;
  if (c.send_silence) c.silence_payload = silence_frame(r.codec);
  c.local_ssrc = local_ssrc;
  c.initial_seq = static_cast<std::uint16_t>(random_u32());
  c.initial_timestamp = random_u32();
  std::unique_ptr<rtp::DatagramSocket> rtcp;
  if (!r.remote.rtcp_mux) rtcp = std::move(rtcp_socket);
  if (rtcp_socket) rtcp_socket->close();  // muxed: the RTCP port stays leased, unused
  rtcp_socket.reset();
  rtp::RtpSessionEvents e;
  e.on_audio = [this](const rtp::RtpPacketView& p) { on_rtp_audio(p); };
  e.on_inactive = [this] { on_rtp_inactive(); };
  e.on_telephone_event = [this](const rtp::TelephoneEventNotice& n) { on_telephone_event(n); };
  session = std::make_unique<rtp::RtpSession>(std::move(rtp_socket), std::move(rtcp), r.remote, c,
                                              clock, std::move(e), &shard);
  // Before start: with SRTP agreed, not one packet goes in or out in the clear.
  if (srtp) session->protect_with(std::move(srtp));
  session->start();
  uplink = std::make_unique<AudioUplink>(r.codec);
  downlink = std::make_unique<AudioDownlink>(r.codec, r.codec_options);
  uplink_ssrc.reset();
  active = r;
}

std::error_code CallMedia::State::start() {
  if (stopped || started || !lease || !remote) return make_error_code(MediaErrc::WrongPhase);
  auto srtp = srtp_for(*remote);
  if (!srtp) return srtp.error();
  started = true;
  start_time = clock.now();
  if (config.detect_voicemail) amd.emplace(16000, config.amd);  // the uplink's 16 kHz
  if (config.watchdog.silence.count() > 0) {
    watchdog.emplace(config.watchdog);
    arm_watchdog();
  }
  make_session(*remote, std::move(*srtp));
  if (!config.recording_path.empty() && config.recorder) {
    // No lock, disk or thread here: the recording is opened with the writer at its first audio.
    media::RecordingConfig rc;
    rc.path = config.recording_path;
    rc.sample_rate = downlink->codec_rate();
    rc.queue_pieces = config.recorder_queue_frames;
    rc.hold_back = kRecordingHoldBack;
    rc.log = config.log;
    rc.on_finished = config.on_recording_finished;
    recording = std::make_unique<CallMediaRecording>(*config.recorder, std::move(rc), clock);
  }
  hold = active->hold;
  if (!hold) {
    if (config.greeting && !config.greeting->frames.empty()) {
      stats.greeting_frames = config.greeting->frames.size();
      greeting_pending = true;
      // Rule 2: encode up to the first packet and send it now, not at the next tick (up to
      // 20 ms later); the rest of the greeting is encoded once it has left.
      const auto next = queue_greeting(*config.greeting, 0, true);
      session->on_pacer_tick();
      check_greeting_sent();
      queue_greeting(*config.greeting, next, false);
    }
    pacer.add(session.get());
    in_pacer = true;
  }
  // Rule 1: a call answered before anyone connected its AI connects it now, after the
  // greeting's first packet (the greeting covers the AI's setup).
  if (!ai_opened) connect_ai();
  VA_LOG(config.log, info, "media started: {} pt {} to {}{}, ssrc {:08x}, greeting {} frames",
         codec_name(active->codec), active->payload_type, endpoint_text(active->remote.rtp),
         hold ? " (hold)" : "", local_ssrc, stats.greeting_frames);
  arm_timer();
  return {};
}

std::size_t CallMedia::State::queue_greeting(const ai::Greeting& g, std::size_t from,
                                             bool until_first_packet) {
  std::size_t i = from;
  for (; i < g.frames.size(); ++i) {
    if (until_first_packet && session->queued_frames() > 0) break;
    downlink->push(ai::Greeting::kRate, g.frames[i], frame_sink);
  }
  return i;
}

void CallMedia::State::enqueue(std::span<const std::uint8_t> encoded,
                               std::span<const std::int16_t> pcm) {
  if (!session->enqueue_frame(encoded)) {
    ++stats.frames_overflowed;
    return;
  }
  ++stats.frames_from_ai;
  if (recording && static_cast<int>(pcm.size()) == recording->rate() / 50) {
    recording->ai_queued(pcm);
  }
}

void CallMedia::State::flush() {
  ++stats.interruptions;
  if (!session) return;
  stats.frames_flushed += session->queued_frames();
  session->flush();
  downlink->drop_partial();
  if (recording) recording->ai_flushed();
}

// Greeting latency (rule 2): from start() to the first packet out. Reported by a posted
// handler so the caller of start() sees its own return before the event.
void CallMedia::State::check_greeting_sent() {
  if (!greeting_pending || !session || session->stats().packets_sent == 0) return;
  greeting_pending = false;
  const auto latency =
      std::chrono::duration_cast<std::chrono::microseconds>(clock.now() - start_time);
  stats.greeting_latency = latency;
  post([this, latency] {
    if (events.on_greeting_started) events.on_greeting_started(latency);
  });
}

void CallMedia::State::arm_timer() {
  if (stopped || (!greeting_pending && !recording)) return;
  timer.expires_after(greeting_pending ? kGreetingPoll : kRecordingSync);
  timer.async_wait([this, weak = std::weak_ptr<bool>(alive)](const boost::system::error_code& ec) {
    auto a = weak.lock();
    if (ec || !a || !*a) return;
    check_greeting_sent();
    if (recording && session) recording->sync(session->queued_frames());
    arm_timer();
  });
}

void CallMedia::State::dispose(std::unique_ptr<rtp::RtpSession> s,
                               std::unique_ptr<ai::AiSession> a) {
  if (callback_depth == 0) return;  // destroyed here, on return
  // Inside one of their callbacks: destroy them once it has returned (RtpSession contract).
  boost::asio::post(shard.context(), [s = std::move(s), a = std::move(a)]() {});
}

void CallMedia::State::stop() {
  if (stopped) return;
  stopped = true;
  *alive = false;
  timer.cancel();
  dtmf_timer.cancel();
  watchdog_timer.cancel();
  dtx_timer.cancel();
  if (recording) recording->close(session ? session->queued_frames() : 0);
  retire_session();
  if (ai) ai->stop();
  if (ai) stats.ai_stats = ai->stats();
  if (rtp_socket) rtp_socket->close();
  if (rtcp_socket) rtcp_socket->close();
  rtp_socket.reset();
  rtcp_socket.reset();
  if (lease) ports.release(*lease);
  lease.reset();
  if (recording) recorder_dropped = recording->dropped();
  recording.reset();
  VA_LOG(config.log, info,
         "media stopped: packets in {} out {} dropped foreign {} auth {}, frames to AI {} "
         "(concealed {}, late {}), from AI {}, flushed {}",
         retired.rtp.packets_received, retired.rtp.packets_sent,
         retired.rtp.packets_dropped_foreign, retired.rtp.packets_dropped_auth,
         retired.frames_to_ai, retired.concealed, retired.late, stats.frames_from_ai,
         stats.frames_flushed);
  dispose(std::move(session), std::move(ai));
}

}  // namespace va::call
