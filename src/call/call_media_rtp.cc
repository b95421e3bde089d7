// CallMedia::State and its RTP side: the caller's audio to the AI (call_media.h rule 3), RTP
// inactivity, and what a re-INVITE changes (rule 6: new remote, new codec, hold).
#include <fmt/format.h>

#include "call/call_media_state.h"

namespace va::call {

std::string endpoint_text(const rtp::Endpoint& e) {
  if (e.address().is_v6()) return fmt::format("[{}]:{}", e.address().to_string(), e.port());
  return fmt::format("{}:{}", e.address().to_string(), e.port());
}

void add_rtp_stats(rtp::RtpSessionStats& sum, const rtp::RtpSessionStats& s) {
  sum.packets_received += s.packets_received;
  sum.packets_sent += s.packets_sent;
  sum.octets_sent += s.octets_sent;
  sum.packets_lost += s.packets_lost;
  sum.packets_dropped_foreign += s.packets_dropped_foreign;
  sum.packets_dropped_auth += s.packets_dropped_auth;
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

void CallMedia::State::on_rtp_audio(const rtp::RtpPacketView& packet) {
  InCallback in(*this);
  if (stopped || hold) return;
  if (uplink_ssrc != packet.header.ssrc) {
    uplink_ssrc = packet.header.ssrc;
    uplink->reset();
  }
  const auto out = uplink->on_packet(packet.header.sequence_number, packet.payload);
  if (out.frames == 0) return;
  deliver_caller_audio(out);
  if (!stopped && uplink->in_dtx()) arm_dtx_timer();
}

void CallMedia::State::arm_dtx_timer() {
  if (dtx_armed) return;
  dtx_armed = true;
  dtx_timer.expires_after(std::chrono::milliseconds(20));
  dtx_timer.async_wait(
      [this, weak = std::weak_ptr<bool>(alive)](const boost::system::error_code& ec) {
        auto a = weak.lock();
        if (ec || !a || !*a) return;
        dtx_armed = false;
        if (stopped || hold || !uplink || !uplink->in_dtx()) return;
        InCallback in(*this);
        const auto out = uplink->on_dtx_tick();
        if (out.frames > 0) deliver_caller_audio(out);
        // Bounded by the pause: the next speech packet ends DTX, RTP inactivity ends the call.
        if (!stopped) arm_dtx_timer();
      });
}

void CallMedia::State::deliver_caller_audio(const AudioUplink::Output& out) {
  if (recording) {
    if (uplink->codec_rate() == recording->rate()) recording->caller(out.pcm);
    recording->sync(session->queued_frames());
  }
  if (watchdog) watchdog->on_caller_audio(out.pcm16k, clock.now());
  if (amd) feed_amd(out.pcm16k);  // may end the call (an event handler may stop us)
  if (stopped) return;
  if (bridge_tap) {
    bridge_tap(media::AudioFrame{16000, {out.pcm16k.begin(), out.pcm16k.end()}});
  } else if (ai && !ai_done) {
    ai->send_audio(out.pcm16k);
  }
}

void CallMedia::State::on_rtp_inactive() {
  InCallback in(*this);
  if (stopped || hold) return;
  VA_LOG(
      config.log, warn, "no RTP from {} for {} ms",
      retired.last_remote.empty() ? "the peer" : retired.last_remote,
      std::chrono::duration_cast<std::chrono::milliseconds>(config.rtp.inactivity_timeout).count());
  if (events.on_rtp_inactive) events.on_rtp_inactive();
}

void CallMedia::State::retire_session() {
  if (!session) return;
  if (in_pacer) pacer.remove(session.get());
  in_pacer = false;
  add_rtp_stats(retired.rtp, session->stats());
  if (config.srtp_dropped_auth) *config.srtp_dropped_auth += session->stats().packets_dropped_auth;
  retired.last_remote = endpoint_text(session->remote_rtp());
  retired.last_ssrc_in = session->remote_ssrc();
  if (uplink) {
    retired.frames_to_ai += uplink->frames();
    retired.concealed += uplink->concealed();
    retired.late += uplink->late();
    retired.undecodable += uplink->undecodable();
  }
  session->close();
}

std::error_code CallMedia::State::renegotiate(const RemoteAudio& r) {
  // New SDES keys (RFC 4568 7.1.4) are a new format too: a new session with new contexts.
  const bool same_format = r.codec == active->codec && r.payload_type == active->payload_type &&
                           r.telephone_event_pt == active->telephone_event_pt &&
                           r.srtp == active->srtp;
  remote = r;
  if (same_format) {
    session->renegotiate(r.remote);
    active = r;
    set_hold(r.hold);
    return {};
  }
  // Rule 6: a new format needs a new RtpSession; rebind the same port with a new SSRC.
  auto srtp = srtp_for(r);
  if (!srtp) return srtp.error();
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
  make_session(r, std::move(*srtp));
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

}  // namespace va::call
