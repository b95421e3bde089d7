// RtpSession: inbound validation and statistics, outbound pacing, RTCP (RFC 3550, 4961, 4733).
#include "rtp/rtp_session.h"

#include <chrono>

#include "core/assert.h"
#include "rtp/errc.h"

// One call, one shard: nothing here is locked because nothing else may touch it.
#define VA_RTP_ON_SHARD() VA_ASSERT(shard_ == nullptr || shard_->is_current())

namespace va::rtp {

namespace {
// Seconds from 1900 (NTP era 0) to 1970 (Unix epoch).
constexpr std::uint64_t kNtpUnixOffset = 2208988800ull;

std::uint64_t ntp_now() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count();
  const std::uint64_t secs = static_cast<std::uint64_t>(us / 1000000) + kNtpUnixOffset;
  const std::uint64_t frac = (static_cast<std::uint64_t>(us % 1000000) << 32) / 1000000;
  return (secs << 32) | frac;
}
}  // namespace

RtpSession::RtpSession(std::unique_ptr<DatagramSocket> rtp_socket,
                       std::unique_ptr<DatagramSocket> rtcp_socket, const RemoteMedia& remote,
                       const RtpSessionConfig& config, const core::Clock& clock,
                       RtpSessionEvents events, const core::Shard* shard)
    : rtp_socket_(std::move(rtp_socket)),
      rtcp_socket_(std::move(rtcp_socket)),
      remote_(remote),
      config_(config),
      clock_(clock),
      events_(std::move(events)),
      shard_(shard),
      validator_(config.learning, clock),
      queue_(config.max_queued_frames),
      next_seq_(config.initial_seq),
      next_timestamp_(config.initial_timestamp) {}

RtpSession::~RtpSession() {
  if (rtp_socket_) rtp_socket_->close();
  if (rtcp_socket_) rtcp_socket_->close();
}

void RtpSession::start() {
  VA_RTP_ON_SHARD();
  started_ = clock_.now();
  last_activity_ = started_;
  next_rtcp_ = started_ + config_.rtcp_interval;
  validator_.start(remote_.rtp);
  rtp_socket_->start(
      [this](std::span<const std::uint8_t> d, const Endpoint& from) { on_rtp_datagram(d, from); });
  if (rtcp_socket_) {
    rtcp_socket_->start([this](std::span<const std::uint8_t> d, const Endpoint& from) {
      on_rtcp_datagram(d, from);
    });
  }
}

void RtpSession::renegotiate(const RemoteMedia& remote) {
  VA_RTP_ON_SHARD();
  remote_ = remote;
  validator_.renegotiate(remote.rtp);
}

void RtpSession::close() {
  VA_RTP_ON_SHARD();
  if (closed_) return;
  rtcp::Compound bye = make_rtcp_report();
  bye.byes.push_back(rtcp::Bye{{config_.local_ssrc}, {}});
  if (auto n = bye.serialize(send_buffer_)) send_rtcp_buffer(*n);
  closed_ = true;
  rtp_socket_->close();
  if (rtcp_socket_) rtcp_socket_->close();
}

std::uint32_t RtpSession::arrival_timestamp() const {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(clock_.now() - started_);
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(ns.count()) * config_.clock_rate /
                                    1'000'000'000ull);
}

void RtpSession::on_rtp_datagram(std::span<const std::uint8_t> data, const Endpoint& from) {
  VA_RTP_ON_SHARD();
  if (closed_) return;
  if (remote_.rtcp_mux && looks_like_rtcp(data)) return on_rtcp_datagram(data, from);
  if (srtp_) {
    // Authenticate first: nothing below (learning, SSRC lock, statistics) sees a forgery.
    auto plain = srtp_->unprotect_rtp(data);
    if (!plain) {
      ++(plain.error() == Errc::SrtpFailed ? stats_.packets_malformed
                                           : stats_.packets_dropped_auth);
      return;
    }
    data = *plain;
  }
  auto packet = parse_rtp(data);
  if (!packet) {
    ++stats_.packets_malformed;
    return;
  }
  const bool was_locked = validator_.locked();
  const Endpoint old_remote = validator_.remote();
  const std::uint32_t old_ssrc = validator_.ssrc();
  switch (validator_.on_packet(from, packet->header.ssrc, packet->header.sequence_number)) {
    case SourceVerdict::Foreign:
      ++stats_.packets_dropped_foreign;
      return;
    case SourceVerdict::Probation:
      ++stats_.packets_probation;
      return;
    case SourceVerdict::Accept:
      break;
  }
  if (!was_locked || old_ssrc != validator_.ssrc() || !(old_remote == validator_.remote())) {
    // A newly locked source: its sequence space starts here (probation was the validator's).
    if (was_locked) ++stats_.ssrc_changes;
    receive_.emplace(packet->header.sequence_number, 1);
  }
  accept_packet(*packet);
}

void RtpSession::accept_packet(const RtpPacketView& packet) {
  switch (receive_->update(packet.header.sequence_number)) {
    case SeqVerdict::Duplicate:
      ++stats_.packets_duplicate;
      return;
    case SeqVerdict::Bad:
    case SeqVerdict::Probation:
      ++stats_.packets_bad_seq;
      return;
    case SeqVerdict::Late:
      ++stats_.packets_late;
      break;
    case SeqVerdict::InOrder:
    case SeqVerdict::Restarted:
      break;
  }
  ++stats_.packets_received;
  stats_.packets_lost = receive_->lost();
  last_activity_ = clock_.now();
  inactive_reported_ = false;
  const std::uint8_t pt = packet.header.payload_type;
  if (config_.telephone_event_pt && pt == *config_.telephone_event_pt) {
    auto event = TelephoneEventPayload::parse(packet.payload);
    if (!event) {
      ++stats_.packets_malformed;
      return;
    }
    const auto notices = dtmf_in_.on_packet(packet.header.timestamp, *event);
    for (std::size_t i = 0; i < notices.count; ++i)
      if (events_.on_telephone_event) events_.on_telephone_event(notices.items[i]);
    return;
  }
  if (pt != config_.payload_type) {
    ++stats_.packets_wrong_payload;
    return;
  }
  receive_->update_jitter(arrival_timestamp(), packet.header.timestamp);
  stats_.jitter = receive_->jitter();
  if (events_.on_audio) events_.on_audio(packet);
}

void RtpSession::on_rtcp_datagram(std::span<const std::uint8_t> data, const Endpoint& from) {
  if (closed_) return;
  if (srtp_) {
    auto plain = srtp_->unprotect_rtcp(data);
    if (!plain) {
      ++(plain.error() == Errc::SrtpFailed ? stats_.packets_malformed
                                           : stats_.packets_dropped_auth);
      return;
    }
    data = *plain;
  }
  // RTCP is accepted from the media source's host only (its port may be RTP's + 1 or muxed).
  if (from.address() != validator_.remote().address()) {
    ++stats_.packets_dropped_foreign;
    return;
  }
  auto compound = rtcp::parse_compound(data);
  if (!compound) {
    ++stats_.packets_malformed;
    return;
  }
  ++stats_.rtcp_received;
  for (const auto& sr : compound->sender_reports) {
    if (validator_.locked() && sr.ssrc == validator_.ssrc()) {
      last_sr_ntp_middle_ = static_cast<std::uint32_t>(sr.ntp_timestamp >> 16);
      last_sr_arrival_ = clock_.now();
    }
  }
  if (events_.on_rtcp) events_.on_rtcp(*compound);
}

bool RtpSession::enqueue_frame(std::span<const std::uint8_t> payload) {
  VA_RTP_ON_SHARD();
  if (queue_.push(payload)) return true;
  ++stats_.frames_overflowed;
  return false;
}

void RtpSession::flush() {
  VA_RTP_ON_SHARD();
  queue_.clear();
  in_talk_spurt_ = false;
}

bool RtpSession::send_telephone_event(std::uint8_t event, std::uint16_t duration,
                                      std::uint8_t volume) {
  VA_RTP_ON_SHARD();
  if (!config_.telephone_event_pt || dtmf_queue_.size() >= kMaxQueuedTelephoneEvents) return false;
  dtmf_queue_.push_back({event, duration, volume});
  return true;
}

void RtpSession::send_packet(const RtpHeader& header, std::span<const std::uint8_t> payload) {
  auto n = build_rtp(header, payload, send_buffer_);
  if (!n) return;
  if (srtp_) {
    n = srtp_->protect_rtp(send_buffer_, *n);
    if (!n) return;
  }
  if (rtp_socket_->send_to({send_buffer_.data(), *n}, validator_.remote())) return;
  ++stats_.packets_sent;
  stats_.octets_sent += payload.size();
  last_sent_timestamp_ = header.timestamp;
}

void RtpSession::send_next_frame() {
  const auto frame = queue_.front();
  if (queue_.empty() && config_.send_silence && !config_.silence_payload.empty()) {
    RtpHeader h;
    h.marker = false;  // continuous: no gap, so no new talk spurt (RFC 3551 4.1)
    h.payload_type = config_.payload_type;
    h.sequence_number = next_seq_++;
    h.timestamp = next_timestamp_;
    h.ssrc = config_.local_ssrc;
    send_packet(h, config_.silence_payload);
    ++stats_.silence_sent;
    in_talk_spurt_ = true;
  } else if (queue_.empty()) {
    in_talk_spurt_ = false;  // silence: send nothing, but the clock (timestamp) runs on
  } else {
    RtpHeader h;
    h.marker = !in_talk_spurt_;
    h.payload_type = config_.payload_type;
    h.sequence_number = next_seq_++;
    h.timestamp = next_timestamp_;
    h.ssrc = config_.local_ssrc;
    send_packet(h, frame);
    queue_.pop();
    in_talk_spurt_ = true;
  }
  next_timestamp_ += config_.samples_per_frame;
}

void RtpSession::on_pacer_tick() {
  VA_RTP_ON_SHARD();
  if (closed_) return;
  if (!dtmf_out_ && !dtmf_queue_.empty() && dtmf_gap_ == 0) {
    const auto e = dtmf_queue_.front();
    dtmf_queue_.pop_front();
    dtmf_out_.emplace(e.event, e.duration, e.volume, next_timestamp_);
  }
  if (dtmf_out_ && config_.telephone_event_pt) {
    if (auto pkt = dtmf_out_->next(config_.samples_per_frame)) {
      RtpHeader h;
      h.marker = pkt->marker;
      h.payload_type = *config_.telephone_event_pt;
      h.sequence_number = next_seq_++;
      h.timestamp = pkt->rtp_timestamp;
      h.ssrc = config_.local_ssrc;
      std::array<std::uint8_t, kTelephoneEventSize> payload{};
      pkt->payload.write(payload.data());
      send_packet(h, payload);
    }
    if (dtmf_out_->done()) {
      dtmf_out_.reset();
      dtmf_gap_ = kTelephoneEventGapTicks;
    }
    next_timestamp_ += config_.samples_per_frame;
    in_talk_spurt_ = false;  // audio after the event starts a new talk spurt
  } else {
    send_next_frame();
    if (dtmf_gap_ > 0) --dtmf_gap_;
  }
  const auto now = clock_.now();
  if (!inactive_reported_ && now - last_activity_ >= config_.inactivity_timeout) {
    inactive_reported_ = true;
    if (events_.on_inactive) events_.on_inactive();
  }
  if (now >= next_rtcp_) {
    next_rtcp_ = now + config_.rtcp_interval;
    send_rtcp_report();
  }
}

rtcp::Compound RtpSession::make_rtcp_report() {
  rtcp::Compound c;
  std::vector<rtcp::ReportBlock> blocks;
  if (receive_ && validator_.locked()) {
    rtcp::ReportBlock b = receive_->make_report_block(validator_.ssrc());
    if (last_sr_ntp_middle_) {
      b.last_sr = *last_sr_ntp_middle_;
      const auto since = clock_.now() - last_sr_arrival_;
      b.delay_since_last_sr = static_cast<std::uint32_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(since).count() * 65536 / 1000000);
    }
    blocks.push_back(b);
  }
  if (stats_.packets_sent > 0) {
    rtcp::SenderReport sr;
    sr.ssrc = config_.local_ssrc;
    sr.ntp_timestamp = ntp_now();
    sr.rtp_timestamp = next_timestamp_;
    sr.packet_count = static_cast<std::uint32_t>(stats_.packets_sent);
    sr.octet_count = static_cast<std::uint32_t>(stats_.octets_sent);
    sr.report_blocks = std::move(blocks);
    c.sender_reports.push_back(std::move(sr));
  } else {
    c.receiver_reports.push_back(rtcp::ReceiverReport{config_.local_ssrc, std::move(blocks)});
  }
  c.sdes.push_back(rtcp::Sdes{
      {rtcp::SdesChunk{config_.local_ssrc, {{rtcp::kSdesCname, config_.cname.substr(0, 255)}}}}});
  return c;
}

std::error_code RtpSession::send_rtcp_report() {
  VA_RTP_ON_SHARD();
  if (closed_) return make_error_code(std::errc::bad_file_descriptor);
  auto n = make_rtcp_report().serialize(send_buffer_);
  if (!n) return n.error();
  return send_rtcp_buffer(*n);
}

std::error_code RtpSession::send_rtcp_buffer(std::size_t n) {
  if (srtp_) {
    auto protected_size = srtp_->protect_rtcp(send_buffer_, n);
    if (!protected_size) return protected_size.error();
    n = *protected_size;
  }
  DatagramSocket& s = rtcp_socket_ ? *rtcp_socket_ : *rtp_socket_;
  auto ec = s.send_to({send_buffer_.data(), n}, rtcp_destination());
  if (!ec) ++stats_.rtcp_sent;
  return ec;
}

Endpoint RtpSession::rtcp_destination() const {
  if (remote_.rtcp_mux) return validator_.remote();
  // Symmetric RTCP: a peer that sends RTP from a port other than its SDP's sends RTCP from the
  // next one up (RFC 4961 with RFC 3550 11).
  if (validator_.locked() && !(validator_.remote() == remote_.rtp)) {
    Endpoint e = validator_.remote();
    e.port(static_cast<unsigned short>(e.port() + 1));
    return e;
  }
  return remote_.rtcp;
}

}  // namespace va::rtp
