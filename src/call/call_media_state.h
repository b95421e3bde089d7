// CallMedia::State: what one call's media bridge holds, private to the call_media*.cc files.
// Its member functions live by phase: call_media_lifecycle.cc (prepare, start, greeting,
// stop), call_media_ai.cc (the AI session and its events), call_media_rtp.cc (RTP events,
// re-INVITE, hold). Everything runs on the call's shard.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>

#include "call/audio_downlink.h"
#include "call/audio_uplink.h"
#include "call/call_media.h"
#include "call/call_media_recording.h"
#include "call/call_media_remote.h"
#include "call/call_srtp.h"
#include "call/dtmf_collector.h"

namespace va::call {

// The counters of the RTP sessions and uplinks a call has used and retired (a codec change
// replaces both; stop() retires the last), summed for facts() and stats().
struct RetiredMedia {
  rtp::RtpSessionStats rtp;
  std::uint64_t frames_to_ai = 0;
  std::uint64_t concealed = 0;
  std::uint64_t late = 0;
  std::uint64_t undecodable = 0;
  std::string last_remote;  // where the last session sent
  std::uint32_t last_ssrc_in = 0;
};

struct CallMedia::State {
  State(core::Shard& s, rtp::Pacer& p, rtp::PortPool& pp, CallMediaConfig c, CallMediaEvents e,
        boost::asio::ip::address ip);

  std::uint32_t random_u32() { return static_cast<std::uint32_t>(random()); }

  // call_media_lifecycle.cc (rules 1, 2, 7)
  core::Result<std::unique_ptr<rtp::DatagramSocket>> bind(std::uint16_t port);
  std::error_code prepare();
  std::error_code connect_ai();
  std::error_code start();
  // The SRTP contexts for r (null: plain RTP); made before anything changes, so a failure
  // leaves the media as it was.
  core::Result<std::unique_ptr<rtp::SrtpSession>> srtp_for(const RemoteAudio& r);
  void make_session(const RemoteAudio& r, std::unique_ptr<rtp::SrtpSession> srtp);
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

  // call_media_ai.cc (rules 3-5 on the AI's side)
  void start_ai();
  void on_ai_audio(media::AudioFrame chunk);
  void play_audio(const media::AudioFrame& chunk);  // rule 4's path, from the AI or a bridge
  void on_ai_tool(const ai::ToolCall& call);
  void tell_ai(const std::string& text);
  void on_ai_error(std::error_code code, const std::string& reason);
  // call_media_dtmf.cc: keys both ways and the AI's send_sms.
  void on_telephone_event(const rtp::TelephoneEventNotice& n);
  void on_dtmf_timer();
  void arm_dtmf_timer();
  void deliver_dtmf(char key);
  // The tool's JSON result ({"accepted":true,...} or {"accepted":false,"reason":...}).
  std::string send_dtmf(const std::string& args_json);
  std::string send_sms(const std::string& args_json);

  // call_media_amd.cc: caller audio through the voicemail detector; the AI's tool.
  void feed_amd(std::span<const std::int16_t> pcm16k);
  std::string on_voicemail_tool();
  void report_amd(const media::AmdResult& r);
  void report_message_cue();
  // The AI session stopped for good and what it queued dropped (bridge(), close_ai()).
  void close_ai();

  // call_media_watchdog.cc: the audio watchdog's ticks and steps.
  void arm_watchdog();
  void on_watchdog_tick();

  // call_media_rtp.cc (rules 3, 6)
  void on_rtp_audio(const rtp::RtpPacketView& packet);
  // The caller's decoded audio (a packet's, or comfort noise) to the recorder, watchdog,
  // voicemail detector and the AI (or a bridge).
  void deliver_caller_audio(const AudioUplink::Output& out);
  void arm_dtx_timer();  // AudioUplink rule 7, every 20 ms while the peer is in DTX
  void on_rtp_inactive();
  void retire_session();
  std::error_code renegotiate(const RemoteAudio& r);
  void set_hold(bool on);

  // Entries from RtpSession and AiSession callbacks, so stop() inside one defers destruction.
  struct InCallback {
    explicit InCallback(State& s) : state(s) { ++state.callback_depth; }
    ~InCallback() { --state.callback_depth; }
    State& state;
  };

  // What the call brought.
  core::Shard& shard;
  rtp::Pacer& pacer;
  rtp::PortPool& ports;
  CallMediaConfig config;
  CallMediaEvents events;
  const core::Clock& clock;
  boost::asio::ip::address bind_ip;
  std::mt19937 random;
  boost::asio::steady_timer timer;           // greeting send check, recorder sync
  boost::asio::steady_timer dtmf_timer;      // a key whose end packets were all lost
  boost::asio::steady_timer watchdog_timer;  // AiWatchdog ticks, every 200 ms from start()
  boost::asio::steady_timer dtx_timer;       // comfort noise through a G.729 DTX pause
  bool dtx_armed = false;
  std::optional<AiWatchdog> watchdog;
  DtmfCollector dtmf;
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);
  std::string key_fingerprint;
  std::uint32_t local_ssrc = 0;
  AudioDownlink::FrameSink frame_sink;

  // The port and its sockets (prepare() binds them; start() hands them to the session).
  std::optional<rtp::PortLease> lease;
  std::uint16_t local_port = 0;
  std::unique_ptr<rtp::DatagramSocket> rtp_socket;
  std::unique_ptr<rtp::DatagramSocket> rtcp_socket;  // null under rtcp-mux

  // The running media.
  std::optional<RemoteAudio> remote;  // the latest negotiated
  std::optional<RemoteAudio> active;  // what the running session uses
  std::unique_ptr<rtp::RtpSession> session;
  bool in_pacer = false;
  std::unique_ptr<ai::AiSession> ai;
  bool ai_opened = false;              // connect_ai() ran: the session is created once per call
  bool ai_done = false;                // on_error came: nothing more is sent to it
  std::string ai_text_at_ready;        // sent to the session at its on_ready (a failover's cue)
  ai::UsageMetadata ai_usage_retired;  // what sessions replaced by a failover used
  std::unique_ptr<AudioUplink> uplink;
  std::unique_ptr<AudioDownlink> downlink;
  std::unique_ptr<CallMediaRecording> recording;
  std::optional<std::uint32_t> uplink_ssrc;
  std::optional<media::VoicemailDetector> amd;  // detect_voicemail, until the verdict is final
  std::optional<media::AmdResult> amd_result;   // the latest verdict reported
  bool greeting_end_reported = false;           // on_message_cue(false) was sent
  bool beep_reported = false;                   // on_message_cue(true) was sent
  CallMedia::AudioTap bridge_tap;               // rule 8: set = bridged to another leg

  // Phase.
  bool started = false;
  bool stopped = false;
  bool hold = false;
  bool greeting_pending = false;
  int callback_depth = 0;
  core::Clock::TimePoint start_time{};

  // Counters.
  RetiredMedia retired;
  std::uint64_t recorder_dropped = 0;
  CallMediaStats stats;
};

template <class F>
void CallMedia::State::post(F f) {
  boost::asio::post(shard.context(), [weak = std::weak_ptr<bool>(alive), f = std::move(f)]() {
    if (auto a = weak.lock(); a && *a) f();
  });
}

// "host:port" ("[v6]:port") of an RTP endpoint, as MediaFacts shows it.
std::string endpoint_text(const rtp::Endpoint& e);
// The usage of a session replaced by a failover plus the current one's (call_media_failover.cc).
ai::UsageMetadata add_usage(const ai::UsageMetadata& a, const ai::UsageMetadata& b);
// Adds the counters of `s` to `sum` (jitter: the latest).
void add_rtp_stats(rtp::RtpSessionStats& sum, const rtp::RtpSessionStats& s);

}  // namespace va::call
