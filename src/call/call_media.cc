// CallMedia: the lifecycle of one call's media (rules 1, 2, 6, 7 of call_media.h). The audio
// directions are AudioUplink and AudioDownlink; the AI's events and the RTP events meet here.
#include "call/call_media.h"

#include <fmt/format.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/parse.hpp>
#include <random>

#include "call/audio_downlink.h"
#include "call/audio_uplink.h"
#include "call/call_media_recording.h"
#include "call/call_media_remote.h"
#include "core/key_fingerprint.h"

namespace va::call {
namespace {

constexpr auto kGreetingPoll = std::chrono::milliseconds(20);

// 20 ms of digital silence in `codec`, as a steady-state encoder emits it (G.722's adaptive
// state settles within a few frames; G.711's is the same byte every time).
std::vector<std::uint8_t> encode_silence(media::CodecId codec) {
  auto encoder = media::AudioCodec::create(codec);
  const std::vector<std::int16_t> zeros(static_cast<std::size_t>(encoder->sample_rate() / 50), 0);
  std::vector<std::uint8_t> out(encoder->encoded_size(zeros.size()));
  for (int i = 0; i < 8; ++i)
    out.resize(encoder->encode(zeros, out.data()));
  return out;
}

// Encoded once per process (thread-safe static init), not on a call's way to its first packet.
const std::vector<std::uint8_t>& silence_frame(media::CodecId codec) {
  static const std::vector<std::uint8_t> pcmu = encode_silence(media::CodecId::Pcmu);
  static const std::vector<std::uint8_t> pcma = encode_silence(media::CodecId::Pcma);
  static const std::vector<std::uint8_t> g722 = encode_silence(media::CodecId::G722);
  switch (codec) {
    case media::CodecId::Pcmu:
      return pcmu;
    case media::CodecId::Pcma:
      return pcma;
    case media::CodecId::G722:
      return g722;
  }
  return pcmu;
}
constexpr auto kRecordingSync = std::chrono::milliseconds(200);

std::string endpoint_text(const rtp::Endpoint& e) {
  if (e.address().is_v6()) return fmt::format("[{}]:{}", e.address().to_string(), e.port());
  return fmt::format("{}:{}", e.address().to_string(), e.port());
}

void add(rtp::RtpSessionStats& sum, const rtp::RtpSessionStats& s) {
  sum.packets_received += s.packets_received;
  sum.packets_sent += s.packets_sent;
  sum.octets_sent += s.octets_sent;
  sum.packets_lost += s.packets_lost;
  sum.packets_dropped_foreign += s.packets_dropped_foreign;
  sum.packets_probation += s.packets_probation;
  sum.packets_late += s.packets_late;
  sum.packets_duplicate += s.packets_duplicate;
  sum.packets_bad_seq += s.packets_bad_seq;
  sum.packets_malformed += s.packets_malformed;
  sum.packets_wrong_payload += s.packets_wrong_payload;
  sum.frames_overflowed += s.frames_overflowed;
  sum.rtcp_received += s.rtcp_received;
  sum.rtcp_sent += s.rtcp_sent;
  sum.ssrc_changes += s.ssrc_changes;
  sum.jitter = s.jitter;
}

std::string transfer_target(const std::string& args_json) {
  boost::system::error_code ec;
  auto v = boost::json::parse(args_json, ec);
  if (ec || !v.is_object()) return {};
  const auto* t = v.as_object().if_contains("target");
  return t && t->is_string() ? std::string(t->as_string()) : std::string();
}

}  // namespace

struct CallMedia::State {
  State(core::Shard& s, rtp::Pacer& p, rtp::PortPool& pp, CallMediaConfig c, CallMediaEvents e,
        boost::asio::ip::address ip)
      : shard(s),
        pacer(p),
        ports(pp),
        config(std::move(c)),
        events(std::move(e)),
        clock(config.clock ? *config.clock : core::Clock::steady()),
        bind_ip(ip),
        random(std::random_device{}()),
        timer(s.context()) {
    key_fingerprint = !config.key_fingerprint.empty() ? config.key_fingerprint
                      : config.ai.api_key.empty()     ? std::string()
                                                      : core::key_fingerprint(config.ai.api_key);
    local_ssrc = random_u32();
    frame_sink = [this](std::span<const std::uint8_t> encoded, std::span<const std::int16_t> pcm) {
      enqueue(encoded, pcm);
    };
  }

  std::uint32_t random_u32() { return static_cast<std::uint32_t>(random()); }
  core::Result<std::unique_ptr<rtp::DatagramSocket>> bind(std::uint16_t port);
  std::error_code prepare();
  void start_ai();
  std::error_code start();
  std::error_code make_session(const RemoteAudio& r);
  void retire_session();
  std::error_code renegotiate(const RemoteAudio& r);
  void set_hold(bool on);
  // Frames of `g` from `from` on (until one packet is queued, if asked); returns the next.
  std::size_t queue_greeting(const ai::Greeting& g, std::size_t from, bool until_first_packet);
  void enqueue(std::span<const std::uint8_t> encoded, std::span<const std::int16_t> pcm);
  void flush();
  void check_greeting_sent();
  void arm_timer();
  void stop();
  void dispose(std::unique_ptr<rtp::RtpSession> session, std::unique_ptr<ai::AiSession> ai);
  template <class F>
  void post(F f);

  // Entries from RtpSession and AiSession callbacks, so stop() inside one defers destruction.
  struct InCallback {
    explicit InCallback(State& s) : state(s) { ++state.callback_depth; }
    ~InCallback() { --state.callback_depth; }
    State& state;
  };
  void on_rtp_audio(const rtp::RtpPacketView& packet);
  void on_rtp_inactive();
  void on_ai_audio(media::AudioFrame chunk);
  void on_ai_tool(const ai::ToolCall& call);
  void on_ai_error(std::error_code code, const std::string& reason);

  core::Shard& shard;
  rtp::Pacer& pacer;
  rtp::PortPool& ports;
  CallMediaConfig config;
  CallMediaEvents events;
  const core::Clock& clock;
  boost::asio::ip::address bind_ip;
  std::mt19937 random;
  boost::asio::steady_timer timer;  // greeting send check, recorder sync
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);
  std::string key_fingerprint;
  std::uint32_t local_ssrc = 0;
  AudioDownlink::FrameSink frame_sink;

  std::optional<rtp::PortLease> lease;
  std::uint16_t local_port = 0;
  std::unique_ptr<rtp::DatagramSocket> rtp_socket;   // bound by prepare(), until start()
  std::unique_ptr<rtp::DatagramSocket> rtcp_socket;  // idem; null under rtcp-mux
  std::optional<RemoteAudio> remote;                 // the latest negotiated
  std::optional<RemoteAudio> active;                 // what the running session uses
  std::unique_ptr<rtp::RtpSession> session;
  bool in_pacer = false;
  std::unique_ptr<ai::AiSession> ai;
  bool ai_done = false;  // on_error came: nothing more is sent to it
  std::unique_ptr<AudioUplink> uplink;
  std::unique_ptr<AudioDownlink> downlink;
  std::unique_ptr<CallMediaRecording> recording;
  std::optional<std::uint32_t> uplink_ssrc;
  bool started = false;
  bool stopped = false;
  bool hold = false;
  bool greeting_pending = false;
  int callback_depth = 0;
  core::Clock::TimePoint start_time{};
  // Counters of sessions and uplinks replaced by a codec change, and the last session's view.
  rtp::RtpSessionStats retired_rtp;
  std::uint64_t retired_frames_to_ai = 0, retired_concealed = 0, retired_late = 0,
                retired_undecodable = 0;
  std::string last_remote;
  std::uint32_t last_ssrc_in = 0;
  std::uint64_t recorder_dropped = 0;
  CallMediaStats stats;
};

template <class F>
void CallMedia::State::post(F f) {
  boost::asio::post(shard.context(), [weak = std::weak_ptr<bool>(alive), f = std::move(f)]() {
    if (auto a = weak.lock(); a && *a) f();
  });
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
  start_ai();
  return {};
}

void CallMedia::State::start_ai() {
  ai::AiEvents e;
  e.on_ready = [this] {
    InCallback in(*this);
    if (events.on_ai_ready) events.on_ai_ready();
  };
  e.on_audio = [this](media::AudioFrame chunk) { on_ai_audio(std::move(chunk)); };
  e.on_input_transcript = [this](std::string_view text, bool finished) {
    InCallback in(*this);
    if (events.on_transcript) events.on_transcript("caller", text, finished);
  };
  e.on_output_transcript = [this](std::string_view text, bool finished) {
    InCallback in(*this);
    if (events.on_transcript) events.on_transcript("agent", text, finished);
  };
  e.on_interrupted = [this] {
    InCallback in(*this);
    flush();
    if (events.on_ai_turn_end) events.on_ai_turn_end();
    if (events.on_interrupted) events.on_interrupted();
  };
  e.on_generation_complete = [this] {
    InCallback in(*this);
    if (events.on_ai_turn_end) events.on_ai_turn_end();
  };
  e.on_turn_complete = [this] {
    InCallback in(*this);
    if (events.on_ai_turn_end) events.on_ai_turn_end();
  };
  e.on_tool_call = [this](const ai::ToolCall& call) { on_ai_tool(call); };
  e.on_usage = [this](const ai::UsageMetadata& u) { stats.ai_usage = u; };
  e.on_error = [this](std::error_code code, const std::string& reason) {
    on_ai_error(code, reason);
  };
  auto cfg = config.ai;
  cfg.log = config.log;
  auto executor = shard.executor();
  ai = config.ai_factory ? config.ai_factory(executor, std::move(cfg), std::move(e))
                         : ai::AiSession::create(executor, std::move(cfg), std::move(e));
  if (ai) ai->start();
}

std::error_code CallMedia::State::make_session(const RemoteAudio& r) {
  rtp::RtpSessionConfig c = config.rtp;
  c.payload_type = r.payload_type;
  c.clock_rate = 8000;  // G.722 too (RFC 3551 4.5.2)
  c.samples_per_frame = 160;
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
  session = std::make_unique<rtp::RtpSession>(std::move(rtp_socket), std::move(rtcp), r.remote, c,
                                              clock, std::move(e), &shard);
  session->start();
  uplink = std::make_unique<AudioUplink>(r.codec);
  downlink = std::make_unique<AudioDownlink>(r.codec);
  uplink_ssrc.reset();
  active = r;
  return {};
}

std::error_code CallMedia::State::start() {
  if (stopped || started || !lease || !remote) return make_error_code(MediaErrc::WrongPhase);
  started = true;
  start_time = clock.now();
  make_session(*remote);
  if (!config.recording_path.empty() && config.recorder) {
    // No lock, disk or thread here: the recording is opened with the writer at its first audio.
    media::RecordingConfig rc;
    rc.path = config.recording_path;
    rc.sample_rate = downlink->codec_rate();
    rc.queue_pieces = config.recorder_queue_frames;
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
  VA_LOG(config.log, info, "media started: {} pt {} to {}{}, ssrc {:08x}, greeting {} frames",
         active->codec == media::CodecId::G722   ? "G722"
         : active->codec == media::CodecId::Pcma ? "PCMA"
                                                 : "PCMU",
         active->payload_type, endpoint_text(active->remote.rtp), hold ? " (hold)" : "", local_ssrc,
         stats.greeting_frames);
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

void CallMedia::State::on_rtp_audio(const rtp::RtpPacketView& packet) {
  InCallback in(*this);
  if (stopped || hold) return;
  if (uplink_ssrc != packet.header.ssrc) {
    uplink_ssrc = packet.header.ssrc;
    uplink->reset();
  }
  const auto out = uplink->on_packet(packet.header.sequence_number, packet.payload);
  if (out.frames == 0) return;
  if (recording) {
    if (uplink->codec_rate() == recording->rate()) recording->caller(out.pcm);
    recording->sync(session->queued_frames());
  }
  if (ai && !ai_done) ai->send_audio(out.pcm16k);
}

void CallMedia::State::on_rtp_inactive() {
  InCallback in(*this);
  if (stopped || hold) return;
  VA_LOG(
      config.log, warn, "no RTP from {} for {} ms", last_remote.empty() ? "the peer" : last_remote,
      std::chrono::duration_cast<std::chrono::milliseconds>(config.rtp.inactivity_timeout).count());
  if (events.on_rtp_inactive) events.on_rtp_inactive();
}

void CallMedia::State::on_ai_audio(media::AudioFrame chunk) {
  InCallback in(*this);
  if (stopped) return;
  if (!started || hold || !downlink) {
    stats.ai_audio_before_start += chunk.samples.size();
    return;
  }
  downlink->push(chunk.sample_rate, chunk.samples, frame_sink);
  if (recording) recording->sync(session->queued_frames());
}

void CallMedia::State::on_ai_tool(const ai::ToolCall& call) {
  InCallback in(*this);
  if (stopped) return;
  VA_LOG(config.log, info, "AI tool call {} {}", call.name, call.args_json);
  bool handled = false;
  if (call.name == "end_call" && events.on_end_call) {
    handled = true;
  } else if (call.name == "transfer" && events.on_transfer) {
    handled = true;
  }
  if (ai && !ai_done) {
    ai->send_tool_response(
        call.id, call.name,
        handled ? R"({"accepted":true})" : R"({"accepted":false,"reason":"not supported"})");
  }
  if (!handled) return;
  if (call.name == "end_call") {
    events.on_end_call();
  } else {
    events.on_transfer(transfer_target(call.args_json));
  }
}

void CallMedia::State::on_ai_error(std::error_code code, const std::string& reason) {
  InCallback in(*this);
  if (stopped) return;
  ai_done = true;
  VA_LOG(config.log, warn, "AI session failed: {} ({})", code.message(), reason);
  if (events.on_ai_failed) events.on_ai_failed(code, reason);
}

void CallMedia::State::retire_session() {
  if (!session) return;
  if (in_pacer) pacer.remove(session.get());
  in_pacer = false;
  add(retired_rtp, session->stats());
  last_remote = endpoint_text(session->remote_rtp());
  last_ssrc_in = session->remote_ssrc();
  if (uplink) {
    retired_frames_to_ai += uplink->frames();
    retired_concealed += uplink->concealed();
    retired_late += uplink->late();
    retired_undecodable += uplink->undecodable();
  }
  session->close();
}

std::error_code CallMedia::State::renegotiate(const RemoteAudio& r) {
  const bool same_format = r.codec == active->codec && r.payload_type == active->payload_type &&
                           r.telephone_event_pt == active->telephone_event_pt;
  remote = r;
  if (same_format) {
    session->renegotiate(r.remote);
    active = r;
    set_hold(r.hold);
    return {};
  }
  // Rule 6: a new format needs a new RtpSession; rebind the same port with a new SSRC.
  const bool was_hold = hold;
  if (recording) {
    recording->sync(session->queued_frames());
    recording->ai_flushed();  // what the old session had queued is never sent
  }
  retire_session();
  dispose(std::move(session), nullptr);
  auto rtp_sock = bind(lease->rtp_port);
  core::Result<std::unique_ptr<rtp::DatagramSocket>> rtcp_sock{nullptr};
  if (rtp_sock && !lease->rtcp_mux) rtcp_sock = bind(lease->rtcp_port);
  if (!rtp_sock || !rtcp_sock) {
    const auto ec = rtp_sock ? rtcp_sock.error() : rtp_sock.error();
    VA_LOG(config.log, error, "re-INVITE: cannot rebind port {}: {}", lease->rtp_port,
           ec.message());
    uplink.reset();
    downlink.reset();
    return ec;
  }
  rtp_socket = std::move(*rtp_sock);
  rtcp_socket = std::move(*rtcp_sock);
  local_ssrc = random_u32();
  make_session(r);
  if (recording && recording->rate() != downlink->codec_rate()) {
    recording->close(0);  // one rate per file: the recording ends at a change of rate
    recorder_dropped = recording->dropped();
    recording.reset();
  }
  hold = true;  // the new session is not in the pacer yet
  set_hold(r.hold);
  VA_LOG(config.log, info, "re-INVITE: new format pt {}, new ssrc {:08x}{}", r.payload_type,
         local_ssrc, was_hold ? " (was on hold)" : "");
  return {};
}

void CallMedia::State::set_hold(bool on) {
  if (on == hold || !session) return;
  hold = on;
  if (on) {
    if (in_pacer) pacer.remove(session.get());
    in_pacer = false;
    session->flush();
    downlink->drop_partial();
    if (recording) recording->ai_flushed();
    VA_LOG(config.log, info, "call on hold: not sending");
  } else {
    pacer.add(session.get());
    in_pacer = true;
    VA_LOG(config.log, info, "call off hold");
  }
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
         "media stopped: packets in {} out {} dropped foreign {}, frames to AI {} (concealed "
         "{}, late {}), from AI {}, flushed {}",
         retired_rtp.packets_received, retired_rtp.packets_sent,
         retired_rtp.packets_dropped_foreign, retired_frames_to_ai, retired_concealed, retired_late,
         stats.frames_from_ai, stats.frames_flushed);
  dispose(std::move(session), std::move(ai));
}

// ---- CallMedia ----

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
  rtp::RtpSessionStats sum = s.retired_rtp;
  if (s.session && !s.stopped) {
    add(sum, s.session->stats());
    f.remote_rtp = endpoint_text(s.session->remote_rtp());
    f.ssrc_in = s.session->remote_ssrc();
  } else {
    f.remote_rtp = !s.last_remote.empty() ? s.last_remote
                   : s.remote             ? endpoint_text(s.remote->remote.rtp)
                                          : std::string();
    f.ssrc_in = s.last_ssrc_in;
  }
  if (s.started) f.ssrc_out = s.local_ssrc;
  f.packets_in = sum.packets_received;
  f.packets_out = sum.packets_sent;
  f.packets_dropped_foreign = sum.packets_dropped_foreign;
  return f;
}

CallMediaStats CallMedia::stats() const {
  const auto& s = *state_;
  CallMediaStats out = s.stats;
  out.rtp = s.retired_rtp;
  out.frames_to_ai = s.retired_frames_to_ai;
  out.frames_concealed = s.retired_concealed;
  out.frames_late = s.retired_late;
  out.frames_undecodable = s.retired_undecodable;
  if (s.session && !s.stopped) {
    add(out.rtp, s.session->stats());
    out.frames_to_ai += s.uplink->frames();
    out.frames_concealed += s.uplink->concealed();
    out.frames_late += s.uplink->late();
    out.frames_undecodable += s.uplink->undecodable();
  }
  if (s.ai && !s.stopped) out.ai_stats = s.ai->stats();
  out.recorder_dropped = s.recording ? s.recording->dropped() : s.recorder_dropped;
  return out;
}

}  // namespace va::call
