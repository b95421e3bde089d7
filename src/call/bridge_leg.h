// BridgeLeg: the second leg of a transfer's fallback (issue 15): when the far end refuses the
// REFER, the server itself dials the person and connects the two legs' media through our RTP
// engine (call_bridge.cc). The leg is an outbound INVITE through the trunk with its own
// CallMedia (its own port, RtpSession, SSRC and source lock) and no AI session.
//
// Rules:
//  1. dial() binds the leg's port, then sends the INVITE (Call-ID on the call's shard, so
//     responses and in-dialog requests land there). on_ringing at the first 180/183.
//  2. The 200 OK's SDP starts the media; the leg is bridged at once (CallMedia rule 8): what
//     the person says goes to on_audio (16 kHz), push_audio() plays to them. on_answered.
//  3. A dial that fails (busy, no answer, rejected, unusable SDP, no port) -> on_failed(status,
//     why) once; no other event after it.
//  4. After the answer, the person's BYE or RTP silence for the inactivity timeout ->
//     on_ended(why) once.
//  5. hang_up() (the caller left, or the call ends): CANCEL or BYE, media stopped; no event
//     runs after it. Idempotent; the destructor does it too.
// Everything runs on the call's shard.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "ai/greeting_cache.h"
#include "call/call_event.h"
#include "call/call_settings.h"
#include "core/logging.h"
#include "core/shard.h"
#include "media/audio_frame.h"
#include "rtp/pacer.h"
#include "rtp/port_pool.h"
#include "sip/sdp/negotiator.h"

namespace va::sip {
class DialogRegistry;
class InviteSession;
class OutgoingCall;
}  // namespace va::sip

namespace va::call {

class CallMedia;

// What the leg borrows from the call's shard and node (the call's CallEnv); all of it outlives
// the leg.
struct BridgeLegEnv {
  core::Shard& shard;
  sip::DialogRegistry& dialogs;
  rtp::Pacer& pacer;
  rtp::PortPool& ports;
  const CallSettings& settings;
  std::function<std::string()> new_call_id;  // a Call-ID that lands on this shard
};

struct BridgeLegEvents {
  std::function<void()> on_ringing;
  std::function<void()> on_answered;
  std::function<void(int status, const std::string& why)> on_failed;
  std::function<void(const std::string& why)> on_ended;
  std::function<void(media::AudioFrame frame)> on_audio;
};

class BridgeLeg : public std::enable_shared_from_this<BridgeLeg> {
 public:
  // `request_uri`: the target (transfer_uri()).
  static std::shared_ptr<BridgeLeg> create(BridgeLegEnv env, core::LogContext log,
                                           std::string request_uri, BridgeLegEvents events);
  ~BridgeLeg();
  BridgeLeg(const BridgeLeg&) = delete;
  BridgeLeg& operator=(const BridgeLeg&) = delete;

  // Rule 1. Errors: no port, no Call-ID on this shard (nothing is sent then).
  std::error_code dial();
  // Rule 2.
  void push_audio(media::AudioFrame frame);
  // A prompt for the person (a warm transfer's briefing), queued behind what is queued; after
  // the answer only. queued_frames(): what still waits to be sent to them.
  void play_prompt(const std::shared_ptr<const ai::Greeting>& prompt);
  std::size_t queued_frames() const;
  // Rule 5.
  void hang_up();
  bool answered() const { return answered_; }
  // The leg's media facts (port, remote, SSRCs, packets) for the record and the log.
  MediaFacts facts() const;

 private:
  BridgeLeg(BridgeLegEnv env, core::LogContext log, std::string request_uri,
            BridgeLegEvents events);
  void on_answer(const std::string& answer_sdp, std::shared_ptr<sip::InviteSession> session);
  void fail(int status, const std::string& why);
  void ended(const std::string& why);

  BridgeLegEnv env_;
  core::LogContext log_;
  std::string request_uri_;
  std::string address_;  // our media address in the SDP
  // The trunk's codec order (sip.trunk.codecs) when the person is reached through the trunk.
  const std::vector<sdp::Codec>* codecs_ = nullptr;
  BridgeLegEvents events_;
  std::unique_ptr<CallMedia> media_;
  sdp::SdpNegotiator negotiator_;
  std::shared_ptr<sip::OutgoingCall> outgoing_;
  std::shared_ptr<sip::InviteSession> session_;
  bool answered_ = false;
  bool done_ = false;  // failed, ended or hung up: no more events
};

}  // namespace va::call
