// CallMedia: one call's media bridge: its RTP port and RtpSession, its AiSession, its greeting
// and recorder (DESIGN.md "Audio path and budget", "The isolation invariant"). Knows no SIP:
// call/ hands it the negotiated SDP result (sdp::NegotiatedMedia), nothing else.
//
// Rules:
//  1. prepare() (before our SDP is sent) leases a port from the PortPool and binds it, retrying
//     other ports when a bind fails; it opens no AI session. connect_ai() (after prepare(); the
//     call decides when: at once inbound, at the first 180/183 outbound) creates the AiSession
//     and starts it connecting, once per call, so it is ready at answer; start() connects it
//     itself, after the greeting's first packet, if nobody did (an outbound call answered
//     without ringing). An AI session holds one of its key's concurrent sessions: a dial that
//     fails before ringing never opens one. Nothing is sent to the AI and no RTP is sent or
//     accepted before start().
//  2. start() (at the ACK we send or receive) creates the RtpSession on the bound socket(s),
//     encodes the greeting up to its first packet, sends that at once, then queues the rest
//     and registers with the shard's pacer, which sends one per 20 ms tick. Greeting latency =
//     start() to that first packet (normally the same instant; on a send error, the first
//     packet the pacer gets out). Nothing else runs before that packet: the recording is
//     opened with the writer later (CallMediaRecording), and no thread is started.
//  3. Caller -> AI: accepted RTP audio is decoded (PCMU, PCMA, G722), losses of up to 5 frames
//     are concealed (spandsp PLC for G.711, silence for G.722), late packets are dropped, the
//     PCM is resampled to 16 kHz and sent with AiSession::send_audio.
//  4. AI -> caller: each media::AudioFrame is resampled from its own rate to the codec's (8 or 16
//  kHz),
//     cut into 20 ms frames, encoded and queued behind whatever is queued (the greeting first).
//     AI audio arriving before start() or while on hold is dropped (counted): the AI answers
//     the caller, and the caller is not heard before start().
//  5. interrupted (barge-in): the playout queue, the partial frame and any greeting still
//     queued are dropped at once.
//  6. renegotiate() (re-INVITE): a new remote address reopens learning (RtpSession); hold stops
//     sending and the inactivity check until the call is taken off hold; a new codec rebinds
//     the same port with a fresh RtpSession and a new SSRC.
//  8. bridge() (a transfer's fallback, call_bridge.cc): this leg's far-end audio (16 kHz,
//     decoded as in rule 3) goes to the tap instead of the AI; the AI session is stopped (or
//     never opened: a leg dialled only to be bridged) and its audio no longer reaches the far
//     end; push_audio() feeds the far end instead (rule 4's path). Each leg keeps its own
//     port, RtpSession, SSRC and source lock.
//  7. stop() releases everything exactly once, in order: pacer, RtpSession (RTCP BYE, sockets),
//     AiSession, port lease, recording (finished by the shared writer, never waited for here;
//     config.on_recording_finished reports it later, from the writer's thread).
//     Idempotent; the destructor calls it. No event fires after stop() or from inside it.
// Not thread-safe: every member function runs on the call's shard. Events are called on the
// shard; an event handler may call stop() (it then is the last event).
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "ai/ai_session.h"
#include "ai/greeting_cache.h"
#include "call/ai_watchdog.h"
#include "call/call_event.h"
#include "call/call_media_errc.h"
#include "core/clock.h"
#include "core/logging.h"
#include "core/result.h"
#include "core/shard.h"
#include "media/recording_writer.h"
#include "media/voicemail_detector.h"
#include "rtp/datagram_socket.h"
#include "rtp/pacer.h"
#include "rtp/port_pool.h"
#include "rtp/rtp_session.h"
#include "sip/sdp/negotiated_media.h"

namespace va::call {

// Seams for tests: binding a socket (default: real UDP on the shard) and creating the AI
// session (default: ai::AiSession::create, i.e. Gemini Live or the simulator by URL).
using RtpSocketFactory =
    std::function<core::Result<std::unique_ptr<rtp::DatagramSocket>>(const rtp::Endpoint& local)>;
using AiSessionFactory = std::function<std::unique_ptr<ai::AiSession>(
    boost::asio::any_io_executor executor, ai::AiSessionConfig config, ai::AiEvents events)>;

struct CallMediaConfig {
  core::LogContext log;                  // the call's identity on every line
  std::string bind_address = "0.0.0.0";  // local IP literal for the RTP socket(s)
  rtp::RtpSessionConfig rtp;             // learning, inactivity; PT/SSRC/seq are set per call
  bool rtcp_mux = false;                 // offered: no RTCP port is leased or bound when true
  ai::AiSessionConfig ai;                // with the owner's key
  std::string key_fingerprint;           // for facts(); derived from ai.api_key when empty
  std::shared_ptr<const ai::Greeting> greeting;  // 8 kHz 20 ms frames; may be null
  std::string recording_path;  // stereo WAV (caller L, AI R) at the codec's rate; "" = none
  std::size_t recorder_queue_frames = 500;  // pieces in the writer's queue before they drop
  // The process's one recording writer (must outlive the media); null = not recorded.
  media::RecordingWriter* recorder = nullptr;
  // The recording's end (media::RecordingWriter rule 4): on the writer's thread, possibly after
  // the media is gone; complete = the file is whole. Unset = not reported.
  std::function<void(const media::RecordingResult&)> on_recording_finished;
  // Answering-machine detection (call_media_amd.cc): the caller's audio from start() on goes
  // through a media::VoicemailDetector, and the AI's voicemail_detected tool is honoured.
  bool detect_voicemail = false;
  // Leaving a message (ai.voicemail_action = message): after a voicemail verdict the detector
  // keeps listening for the message cue (events.on_message_cue), up to kMessageCueListen.
  bool amd_until_message_cue = false;
  media::VoicemailDetectorConfig amd;
  // The audio watchdog (call_media_watchdog.cc, call/ai_watchdog.h); silence 0 = off.
  AiWatchdogConfig watchdog;
  AiWatchdogCounters* watchdog_counters = nullptr;          // the process's; null = not counted
  std::atomic<std::uint64_t>* srtp_dropped_auth = nullptr;  // the process's; null = not counted
  int bind_attempts = 8;  // ports tried (each from the pool) before prepare() fails
  // Seams; unset = the real thing. The clock times greeting latency and drives the RtpSession.
  RtpSocketFactory socket_factory;
  AiSessionFactory ai_factory;
  const core::Clock* clock = nullptr;  // default core::Clock::steady(); must outlive the media
};

// All called on the shard. Unset ones are skipped.
struct CallMediaEvents {
  std::function<void()> on_ai_ready;  // the AI's setupComplete (may come before start())
  std::function<void(std::chrono::microseconds latency)> on_greeting_started;
  // who: "caller" (input transcription) or "agent" (output transcription); fragments.
  std::function<void(const std::string& who, std::string_view text, bool finished)> on_transcript;
  // The AI's turn ended (generationComplete, turnComplete or interrupted): transcript
  // segments close here, since `finished` is optional on the wire.
  std::function<void()> on_ai_turn_end;
  std::function<void()> on_interrupted;  // after the queue was flushed
  std::function<void()> on_end_call;     // the AI called its end_call tool
  // The AI's transfer_call {to, reason, mode}: returns the tool's answer (JSON: accepted, or
  // the reason it was refused, e.g. a target outside the allowed list). mode "" = blind.
  std::function<std::string(const std::string& to, const std::string& reason,
                            const std::string& mode)>
      on_transfer;
  std::function<void()> on_rtp_inactive;  // no RTP for rtp.inactivity_timeout (not on hold)
  // A key press reached the AI (RFC 4733 from the RTP side, or dtmf_received() for INFO).
  std::function<void(char key)> on_dtmf;
  // The AI's send_dtmf when telephone-event was not negotiated: the call sends SIP INFO.
  // Returns false when it cannot (no confirmed dialog).
  std::function<bool(const std::string& digits)> on_send_dtmf_info;
  // The AI's send_sms (text already validated): the call sends SIP MESSAGE.
  std::function<void(const std::string& text)> on_send_sms;
  // Answering-machine verdict (detect_voicemail): first human/voicemail/unknown, and again
  // if a beep or the AI's voicemail_detected tool turns it into voicemail.
  std::function<void(const media::AmdResult& result)> on_voicemail_verdict;
  // After a voicemail verdict (amd_until_message_cue): beep = true once the beep is heard (at
  // once if it already was), else beep = false once the greeting ended without one (a beep may
  // still follow, reported then). Each at most once.
  std::function<void(bool beep)> on_message_cue;
  // Each step of the audio watchdog (AiWatchdog rules 2, 3): Nudge, Reconnect, Recovered, and
  // GiveUp (the AI stayed silent after a nudge and a reconnect: the call apologises and hangs
  // up). The call shows each on its transcript.
  std::function<void(WatchdogStep step)> on_watchdog_step;
  // The watchdog's Reconnect step found a session that cannot resume (OpenAI has none): true
  // when the call switched provider instead (switch_ai(); the watchdog starts over), false to
  // go on with the steps.
  std::function<bool()> on_reconnect_impossible;
  // The AI session ended with an error (it already tried to resume): code is an ai::Errc.
  std::function<void(std::error_code code, const std::string& reason)> on_ai_failed;
};

// Counters for the call record and tests, beyond MediaFacts.
struct CallMediaStats {
  std::optional<std::chrono::microseconds> greeting_latency;
  std::uint64_t greeting_frames = 0;        // greeting frames queued at start()
  std::uint64_t frames_to_ai = 0;           // 20 ms caller frames sent to the AI (incl. concealed)
  std::uint64_t frames_concealed = 0;       // lost caller frames filled in
  std::uint64_t frames_late = 0;            // caller packets behind the stream: dropped
  std::uint64_t frames_undecodable = 0;     // payload of the wrong size for the codec
  std::uint64_t frames_from_ai = 0;         // encoded 20 ms frames queued for the caller
  std::uint64_t frames_overflowed = 0;      // the playout queue was full
  std::uint64_t ai_audio_before_start = 0;  // AI samples dropped: before start() or on hold
  std::uint64_t interruptions = 0;
  std::uint64_t frames_flushed = 0;    // queued frames dropped by barge-in
  std::uint64_t dtmf_in = 0;           // key presses passed to the AI (RFC 4733 and INFO)
  std::uint64_t dtmf_ignored = 0;      // telephone-events ignored: unknown code, absurd duration
  std::uint64_t dtmf_out = 0;          // keys sent for the AI's send_dtmf (RFC 4733 or INFO)
  std::uint64_t recorder_dropped = 0;  // recorder frames dropped (writer queue full)
  std::uint64_t watchdog_nudges = 0;   // the watchdog's steps in this call (AiWatchdog)
  std::uint64_t watchdog_reconnects = 0;
  std::uint64_t watchdog_recoveries = 0;
  ai::UsageMetadata ai_usage;  // as last reported by the AI
  ai::AiSessionStats ai_stats;
  rtp::RtpSessionStats rtp;  // summed over the session(s) of the call
};

class CallMedia {
 public:
  // Checks the config (bind address); binds nothing yet. Errors: MediaErrc::BadBindAddress.
  static core::Result<std::unique_ptr<CallMedia>> create(core::Shard& shard, rtp::Pacer& pacer,
                                                         rtp::PortPool& ports,
                                                         CallMediaConfig config,
                                                         CallMediaEvents events);
  ~CallMedia();
  CallMedia(const CallMedia&) = delete;
  CallMedia& operator=(const CallMedia&) = delete;

  // Rule 1. Errors: rtp::Errc::PortsExhausted, the last bind error, MediaErrc::WrongPhase.
  std::error_code prepare();
  // Rule 1: the AI session starts connecting; a no-op once it has. Errors: MediaErrc::WrongPhase
  // (before prepare() or after stop()).
  std::error_code connect_ai();
  // Our RTP port for the SDP (0 before prepare()).
  std::uint16_t local_port() const;

  // What offer/answer settled (before start(), or renegotiate() after). Errors:
  // MediaErrc::UnsupportedCodec, MediaErrc::BadRemoteAddress (nothing is changed then).
  std::error_code set_remote(const sdp::NegotiatedMedia& media);
  // Rule 2; needs prepare() and set_remote(). Errors: MediaErrc::WrongPhase, a bind error.
  std::error_code start();
  std::error_code start(const sdp::NegotiatedMedia& media);
  // Rule 6 (re-INVITE). Before start() it is set_remote().
  std::error_code renegotiate(const sdp::NegotiatedMedia& media);
  // A key press from SIP INFO: passed to the AI as text, then events.on_dtmf. Ignored
  // before start() and after stop().
  void dtmf_received(char key);
  // Queues a prompt (e.g. an apology) behind what is queued; ignored before start().
  void play_prompt(const std::shared_ptr<const ai::Greeting>& prompt);
  // Tells the AI something it should act on (realtimeInput text), e.g. that a transfer
  // failed; ignored without a live AI session.
  void tell_ai(const std::string& text);
  // Provider failover (call/provider_failover.h): the AI session is replaced by a new one on
  // `session` (the old one stopped, its usage kept in stats), the watchdog starts over, and
  // `first_text` goes to the new session once it is ready (so it speaks without waiting for
  // the caller). Ignored after stop() or when bridged.
  void switch_ai(ai::AiSessionConfig session, std::string fingerprint, std::string first_text);
  // Closes the AI session for good (a voicemail message is played instead): what it queued is
  // dropped, nothing more of it is played, the watchdog stops. Idempotent.
  void close_ai();
  // Rule 8. The tap runs on the shard; it may not call stop().
  using AudioTap = std::function<void(media::AudioFrame frame)>;
  void bridge(AudioTap tap);
  // Rule 8: audio for the far end (any rate), queued behind what is queued; ignored before
  // start(), on hold and after stop().
  void push_audio(media::AudioFrame frame);
  bool bridged() const;
  // Rule 7.
  void stop();

  bool prepared() const;
  bool started() const;
  bool stopped() const;
  bool on_hold() const;
  // Encoded frames waiting for the pacer (0 before start()).
  std::size_t queued_frames() const;
  // The facts DESIGN.md shows on /api/calls/{id}; valid before, during and after the call.
  MediaFacts facts() const;
  std::optional<std::chrono::microseconds> greeting_latency() const;
  CallMediaStats stats() const;

 private:
  struct State;  // call_media.cc: sockets, sessions, audio bridge, counters
  explicit CallMedia(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace va::call
