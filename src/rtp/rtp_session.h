// RtpSession: one call's RTP/RTCP on its own local port (RFC 3550, RFC 4961 symmetric RTP).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/shard.h"
#include "rtp/datagram_socket.h"
#include "rtp/playout_queue.h"
#include "rtp/receive_statistics.h"
#include "rtp/rtcp/compound.h"
#include "rtp/rtp_packet.h"
#include "rtp/source_validator.h"
#include "rtp/srtp_session.h"
#include "rtp/telephone_event.h"

namespace va::rtp {

// Where the peer's SDP says to send (call/ fills it from the negotiated SDP; rtp/ knows no SDP).
struct RemoteMedia {
  Endpoint rtp;
  Endpoint rtcp;  // ignored under rtcp_mux
  bool rtcp_mux = false;
};

struct RtpSessionConfig {
  LearningConfig learning;
  std::uint8_t payload_type = 0;          // negotiated audio payload type (0 PCMU, 8 PCMA, 9 G722)
  std::uint32_t clock_rate = 8000;        // RTP timestamp rate (8000 for G.722 too, RFC 3551 4.5.2)
  std::uint16_t samples_per_frame = 160;  // timestamp units per 20 ms frame
  std::optional<std::uint8_t> telephone_event_pt = 101;
  std::chrono::nanoseconds inactivity_timeout{std::chrono::seconds(30)};
  std::chrono::nanoseconds rtcp_interval{std::chrono::seconds(5)};
  std::size_t max_queued_frames = 1500;  // 30 s of outbound audio
  // With send_silence, silence_payload (the negotiated codec's 20 ms of silence, set per call
  // like payload_type) goes out on ticks with nothing queued, so the stream never pauses:
  // gateways and PBXs hang up on silent media (e.g. Asterisk's rtptimeout) and NAT bindings
  // expire. Otherwise silence suppression: nothing is sent, the next packet has the marker bit.
  bool send_silence = true;
  std::vector<std::uint8_t> silence_payload;
  std::uint32_t local_ssrc = 0;         // chosen at random by the caller
  std::uint16_t initial_seq = 0;        // random by the caller (RFC 3550 5.1)
  std::uint32_t initial_timestamp = 0;  // random by the caller
  std::string cname = "voiceagent";
};

// Counters asserted by tests and shown on /api/calls/{id}; reasons, not log lines.
struct RtpSessionStats {
  std::uint64_t packets_received = 0;         // accepted RTP (audio and telephone-event)
  std::uint64_t packets_sent = 0;             // including silence_sent
  std::uint64_t silence_sent = 0;             // silence_payload packets (nothing queued)
  std::uint64_t octets_sent = 0;              // payload octets, for the SR
  std::int64_t packets_lost = 0;              // RFC 3550 A.3 cumulative lost of the current source
  std::uint64_t packets_dropped_foreign = 0;  // other address or SSRC (learning rule 3)
  std::uint64_t packets_dropped_auth = 0;     // SRTP/SRTCP tag or replay check failed
  std::uint64_t packets_probation = 0;        // from candidates still proving themselves
  std::uint64_t packets_late = 0;
  std::uint64_t packets_duplicate = 0;
  std::uint64_t packets_bad_seq = 0;        // A.1 large jumps not (yet) confirmed
  std::uint64_t packets_malformed = 0;      // RTP or RTCP that does not parse
  std::uint64_t packets_wrong_payload = 0;  // payload type not negotiated
  std::uint64_t frames_overflowed = 0;      // playout queue full
  std::uint64_t rtcp_received = 0;
  std::uint64_t rtcp_sent = 0;
  std::uint64_t ssrc_changes = 0;
  std::uint32_t jitter = 0;  // RFC 3550 A.8, timestamp units
};

struct RtpSessionEvents {
  // An accepted audio packet (payload type as negotiated), late ones included, in arrival order.
  std::function<void(const RtpPacketView&)> on_audio;
  std::function<void(const TelephoneEventNotice&)> on_telephone_event;
  // No accepted packet for inactivity_timeout; reported once until packets flow again.
  std::function<void()> on_inactive;
  std::function<void(const rtcp::Compound&)> on_rtcp;
};

// Lives on its call's shard and is not thread-safe (nothing else touches it). Inbound: every
// datagram on its socket goes through SourceValidator (see the numbered rules there), then the
// RFC 3550 A.1 sequence check, then to the events. Outbound: frames queue in a PlayoutQueue and
// leave one per on_pacer_tick() (the shard's 20 ms pacer): timestamps advance every tick, also
// in silence, and the first packet after silence carries the marker bit (RFC 3551 4.1).
class RtpSession {
 public:
  // rtcp_socket is null under rtcp-mux (RTCP then shares the RTP socket, RFC 5761). With a
  // shard given, debug builds assert every entry point runs on it. Events must not destroy the
  // session from inside the callback (post the teardown to the shard instead).
  RtpSession(std::unique_ptr<DatagramSocket> rtp_socket,
             std::unique_ptr<DatagramSocket> rtcp_socket, const RemoteMedia& remote,
             const RtpSessionConfig& config, const core::Clock& clock, RtpSessionEvents events,
             const core::Shard* shard = nullptr);
  ~RtpSession();
  RtpSession(const RtpSession&) = delete;
  RtpSession& operator=(const RtpSession&) = delete;

  // SRTP (RFC 3711): from now on every packet in is authenticated before anything reads it
  // (before source learning, so a forged packet never moves the source) and every packet out,
  // telephone-events and RTCP included, is protected. Set before start().
  void protect_with(std::unique_ptr<SrtpSession> srtp) { srtp_ = std::move(srtp); }
  bool protected_by_srtp() const { return srtp_ != nullptr; }

  void start();
  // A new offer/answer (re-INVITE): new SDP address, learning window opens again.
  void renegotiate(const RemoteMedia& remote);
  // Sends RTCP BYE and closes the sockets; no event fires afterwards.
  void close();

  // Queues one encoded 20 ms frame; false when the queue is full (counted).
  bool enqueue_frame(std::span<const std::uint8_t> payload);
  // Barge-in: drops every queued frame at once; the next frame starts a talk spurt.
  void flush();
  std::size_t queued_frames() const { return queue_.size(); }
  // Sends an RFC 4733 event in place of audio for `duration` timestamp units (audio waits).
  // Events queue (up to kMaxQueuedTelephoneEvents; false beyond) and leave one after the
  // other, kTelephoneEventGapTicks pacer ticks of audio apart, each with its own timestamp.
  bool send_telephone_event(std::uint8_t event, std::uint16_t duration, std::uint8_t volume = 10);
  static constexpr std::size_t kMaxQueuedTelephoneEvents = 64;
  static constexpr int kTelephoneEventGapTicks = 3;
  // Events queued or being sent.
  std::size_t telephone_events_pending() const { return dtmf_queue_.size() + (dtmf_out_ ? 1 : 0); }

  // The pacer's 20 ms tick: sends the next frame, checks inactivity, sends RTCP when due.
  void on_pacer_tick();
  // Builds and sends SR (when we have sent) or RR, plus SDES CNAME (RFC 3550 6.1).
  std::error_code send_rtcp_report();
  rtcp::Compound make_rtcp_report();

  const RtpSessionStats& stats() const { return stats_; }
  Endpoint local_endpoint() const { return rtp_socket_->local_endpoint(); }
  // Where we send: the locked source when learned, else the SDP address.
  Endpoint remote_rtp() const { return validator_.remote(); }
  bool source_locked() const { return validator_.locked(); }
  std::uint32_t remote_ssrc() const { return validator_.ssrc(); }
  std::uint32_t local_ssrc() const { return config_.local_ssrc; }

 private:
  void on_rtp_datagram(std::span<const std::uint8_t> data, const Endpoint& from);
  void on_rtcp_datagram(std::span<const std::uint8_t> data, const Endpoint& from);
  void accept_packet(const RtpPacketView& packet);
  void send_packet(const RtpHeader& header, std::span<const std::uint8_t> payload);
  // Sends n serialized RTCP bytes of send_buffer_ (SRTCP-protected under SRTP).
  std::error_code send_rtcp_buffer(std::size_t n);
  void send_next_frame();
  Endpoint rtcp_destination() const;
  std::uint32_t arrival_timestamp() const;

  std::unique_ptr<DatagramSocket> rtp_socket_;
  std::unique_ptr<DatagramSocket> rtcp_socket_;
  RemoteMedia remote_;
  const RtpSessionConfig config_;
  const core::Clock& clock_;
  RtpSessionEvents events_;
  [[maybe_unused]] const core::Shard* shard_;  // checked by VA_ASSERT in debug builds
  SourceValidator validator_;
  std::unique_ptr<SrtpSession> srtp_;         // null: plain RTP
  std::optional<ReceiveStatistics> receive_;  // of the locked SSRC
  TelephoneEventReceiver dtmf_in_;
  std::optional<TelephoneEventSender> dtmf_out_;
  struct QueuedEvent {
    std::uint8_t event;
    std::uint16_t duration;
    std::uint8_t volume;
  };
  std::deque<QueuedEvent> dtmf_queue_;
  int dtmf_gap_ = 0;  // ticks of audio still owed before the next queued event
  PlayoutQueue queue_;
  RtpSessionStats stats_;
  core::Clock::TimePoint started_{};
  core::Clock::TimePoint last_activity_{};
  core::Clock::TimePoint next_rtcp_{};
  bool inactive_reported_ = false;
  bool in_talk_spurt_ = false;
  bool closed_ = false;
  std::uint16_t next_seq_;
  std::uint32_t next_timestamp_;
  std::uint32_t last_sent_timestamp_ = 0;
  std::optional<std::uint32_t> last_sr_ntp_middle_;  // LSR (RFC 3550 6.4.1)
  core::Clock::TimePoint last_sr_arrival_{};
  std::array<std::uint8_t, 1500> send_buffer_{};
};

}  // namespace va::rtp
