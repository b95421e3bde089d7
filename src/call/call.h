// Call: one phone call on one shard: one dialog (IncomingCall or OutgoingCall, then an
// InviteSession), one CallMedia (RTP port + AI session + greeting + recorder), one record.
// Everything of a call lives on its shard and is touched only there (DESIGN.md threads);
// nothing is shared with any other call (the isolation invariant).
//
// Rules:
//  1. Media is prepared before the INVITE/200 names our port (the socket is bound), and
//     started at the ACK we receive (inbound) or send (outbound): the greeting's first packet
//     leaves at once, within one pacer tick. The AI session (one of its key's concurrent
//     sessions) connects when the call will be answered: inbound with our answer, outbound at
//     the first 180/183 or, with no provisional, at the 200 OK (after the greeting's first
//     packet); a dial that fails before ringing (busy, 404, no answer) never opens one.
//  2. A call ends once, for the first reason that happens (end()): BYE from the far end, our
//     hangup (API, end_call tool, max duration, RTP inactivity, AI failure), a failed dial.
//     Ending releases the port, socket, timers and WebSocket exactly once and writes the
//     record (status ended, end_reason, outcome, final media facts) in every case. The
//     recording's path joins the record once the writer reports the file whole (a moment
//     after the end), never for a file that failed.
//  3. An AI that fails mid-call is resumed by the AI session itself; if it cannot be, or it
//     fails at setup, or the audio watchdog gives up, the call goes on once with the other
//     provider (call_failover.cc, provider_failover.h); otherwise the caller hears a short
//     apology, then we hang up cleanly.
//  4. Transcript fragments are joined into lines; a line is published and stored when the
//     speaker's turn is finished.
#pragma once

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "call/ai_watchdog.h"
#include "call/call_event.h"
#include "call/call_plan.h"
#include "call/call_record_writer.h"
#include "call/call_settings.h"
#include "call/end_reason.h"
#include "call/failover_counters.h"
#include "call/live_calls.h"
#include "call/provider_failover.h"
#include "call/transcript_joiner.h"
#include "call/transfer_request.h"
#include "core/logging.h"
#include "core/shard.h"
#include "media/voicemail_detector.h"
#include "rtp/pacer.h"
#include "rtp/port_pool.h"
#include "sip/sdp/negotiator.h"

namespace va::sip {
class DialogRegistry;
class IncomingCall;
class InviteSession;
class OutgoingCall;
struct Message;
struct TransportAddress;
}  // namespace va::sip

namespace va::media {
class RecordingWriter;
}  // namespace va::media

namespace va::call {

class BridgeLeg;
class CallMedia;
struct CallMediaEvents;

// What a call borrows from its shard and node; all of it outlives the call.
struct CallEnv {
  core::Shard& shard;
  sip::DialogRegistry& dialogs;
  rtp::Pacer& pacer;
  rtp::PortPool& ports;
  LiveCalls& live;
  CallEventSink* events;
  const CallSettings& settings;
  crm::Store& store;
  boost::asio::any_io_executor db;
  media::RecordingWriter* recordings;                  // the process's writer; null = none
  const std::shared_ptr<const ai::Greeting>* apology;  // may point to null
  std::function<void(crm::Id)> on_finished;            // runs on the shard after the end
  // A fresh SIP Call-ID whose messages land on this shard (for requests outside the dialog,
  // e.g. the SMS MESSAGE); unset or "" = none could be made.
  std::function<std::string()> new_call_id;
  AiWatchdogCounters* watchdog_counters = nullptr;  // the process's (for /metrics); may be null
  // Pre-rendered prompts of a transfer (may point to null): "please hold" while it happens,
  // an apology when it fails and the AI goes on.
  const std::shared_ptr<const ai::Greeting>* transfer_hold = nullptr;
  const std::shared_ptr<const ai::Greeting>* transfer_apology = nullptr;
  FailoverCounters* failover_counters = nullptr;  // the process's (for /metrics); may be null
  // Renders a prompt (a warm transfer's briefing) like a greeting, never on a shard; `done`
  // runs on any thread with the rendering, or null when it failed. Unset = none is rendered.
  std::function<void(const std::string& text,
                     std::function<void(std::shared_ptr<const ai::Greeting>)> done)>
      render_prompt;
  // The process's count of SRTP packets dropped by authentication (for /metrics), added to
  // as each RtpSession retires; may be null.
  std::atomic<std::uint64_t>* srtp_dropped_auth = nullptr;
};

class Call : public std::enable_shared_from_this<Call> {
 public:
  static std::shared_ptr<Call> create(CallEnv env, CallPlan plan);
  ~Call();
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  // Outbound: binds media, sends the INVITE to plan.request_uri through the trunk.
  void dial();
  // Inbound: binds media, rings, answers with our SDP.
  void answer(std::shared_ptr<sip::IncomingCall> incoming);
  // Ends the call for `reason` (rule 2); no-op once ended.
  void end(EndReason reason);

  // SIP MESSAGE (RFC 3428) with `text` (validated by the caller: sms_text_error) through the
  // trunk to the other party's number; `done` runs on the shard with the final SIP status
  // (0 when it could not be sent) and reason. The result joins the transcript as a system line.
  void send_sms(const std::string& text, std::function<void(int status, std::string reason)> done);

  // call_transfer.cc: a transfer to a person: blind by REFER (RFC 3515), warm by a bridge
  // whose person hears a briefing first (call_warm_transfer.cc). `done` runs on the shard once
  // the asking is settled (TransferResult); the transfer's end is on the record
  // (transfer_status done -> the call ends `transferred`; failed -> the AI goes on).
  void transfer(TransferRequest request, std::function<void(TransferResult)> done);

  crm::Id id() const { return plan_.record.id; }
  crm::CallStatus status() const { return status_; }
  const core::LogContext& log() const { return log_; }

 private:
  Call(CallEnv env, CallPlan plan);

  // call_media_binding.cc: the media, prepared before our SDP names its port (rule 1).
  std::error_code prepare_media(const std::string& peer_host);
  CallMediaEvents media_events();
  void on_greeting_started(std::chrono::microseconds latency);
  sdp::LocalMedia local_media() const;
  std::string local_offer();
  // outbound_setup.cc
  void on_outgoing_progress(int status, const std::optional<std::string>& early_sdp);
  void on_outgoing_answered(const std::string& answer_sdp,
                            std::shared_ptr<sip::InviteSession> session);
  void on_outgoing_failed(EndReason reason, int status, const std::string& text);
  // Sends the INVITE with our current offer (dial, and the one plain retry below).
  void send_invite();
  // inbound_setup.cc
  void on_confirmed();
  // end_of_call_policy.cc (rules 2 and 3)
  void arm_max_duration();
  void on_rtp_inactive();
  void on_end_call_tool();
  void on_ai_failed(std::error_code code, const std::string& reason);
  void on_ai_stalled();
  void on_watchdog_step(WatchdogStep step);
  void hang_up_after_playout(EndReason reason, std::chrono::milliseconds max_wait);
  // call_failover.cc: the other provider, once (provider_failover.h); false = end as before.
  bool fail_over(const std::string& reason);
  bool on_watchdog_cannot_reconnect();
  void poll_playout();
  // call.cc: the answered call, its dialog, its facts and events.
  void start_media();
  void attach_session_events();
  core::Result<std::string> on_reoffer(const sdp::SessionDescription& offer);
  void add_transcript_line(const std::string& who, const std::string& text);
  // call_voicemail.cc: the answering-machine verdict on the record; a voicemail ends the call
  // at once, or after the message is left (voicemail_action message).
  void on_voicemail_verdict(const media::AmdResult& result);
  void on_message_cue(bool beep);
  void arm_voicemail_wait(std::chrono::seconds wait, std::string why);
  void leave_voicemail_message(const std::string& cue);
  void note_voicemail_end();  // from end(): whether the message played out whole
  // call_dtmf.cc: keys by SIP INFO both ways.
  int on_info(const sip::Message& request);
  bool send_dtmf_info(const std::string& digits);
  void send_next_dtmf_info();
  // call_transfer.cc
  std::string on_transfer_tool(const std::string& to, const std::string& reason,
                               const std::string& mode);
  int on_notify(const sip::Message& notify);
  void on_refer_answered(int status, const std::string& reason);
  void transfer_failed(const std::string& why);
  void save_transfer();
  void arm_transfer_timer();
  void arm_hold_music();
  // call_bridge.cc: the fallback when the far end refuses the REFER or reports a failure that
  // is not the person's (busy): we dial the person and bridge the two legs' media.
  void start_bridge(const std::string& why);
  void post_bridge(const std::string& why);  // start_bridge, after the current handler
  void on_bridge_answered();
  void on_bridge_failed(const std::string& why);
  void on_bridge_ended(const std::string& why);
  void connect_bridge();  // the two legs' media joined: the transfer is done
  // call_warm_transfer.cc: the briefing rendered while the person's phone rings, played to
  // them when they answer, then the legs joined.
  void start_warm_transfer();
  void on_briefing_rendered(std::uint64_t generation, std::shared_ptr<const ai::Greeting> g);
  void brief_person();
  void poll_briefing();
  void arm_facts_tick();
  void set_status(crm::CallStatus status, std::function<void(crm::Call&)> more = {});
  void publish(CallEventType type, const std::function<void(CallEvent&)>& fill = {});
  MediaFacts facts() const;
  std::int64_t now_ms() const;

  CallEnv env_;
  CallPlan plan_;
  core::LogContext log_;
  crm::CallStatus status_;  // as planned (dialing, or ringing inbound); set_status() moves it
  bool answered_ = false;
  bool ending_ = false;
  std::shared_ptr<CallRecordWriter> record_;
  std::unique_ptr<CallMedia> media_;
  sdp::SdpNegotiator negotiator_;
  std::string local_address_;
  // Our SDES keys (rtp.srtp), made once in prepare_media: every (re-)offer and answer of the
  // call carries the same ones. Never logged.
  std::vector<sdp::CryptoAttribute> local_crypto_;
  // rtp.srtp = offer: a 488 to our RTP/SAVP offer is retried once with plain RTP/AVP, and the
  // call stays plain from then on.
  bool plain_rtp_retry_ = false;
  std::shared_ptr<sip::IncomingCall> incoming_;
  std::shared_ptr<sip::OutgoingCall> outgoing_;
  std::shared_ptr<sip::InviteSession> session_;
  boost::asio::steady_timer max_duration_timer_;
  boost::asio::steady_timer facts_timer_;
  boost::asio::steady_timer playout_timer_;
  EndReason playout_reason_ = EndReason::AiEndCall;  // hang_up_after_playout()'s
  std::chrono::steady_clock::time_point playout_deadline_{};
  TranscriptJoiner transcript_;
  ProviderFailover failover_;  // the other provider's session, until used (rule 3)
  bool ai_ready_ = false;      // the current AI session was live (a failure is mid-call)
  std::optional<std::int64_t> greeting_latency_ms_;
  std::string dtmf_info_queue_;     // keys still to send by INFO, one INFO at a time
  bool dtmf_info_pending_ = false;  // an INFO of ours awaits its final response
  enum class VoicemailPhase { None, AwaitingBeep, Playing, Done };
  VoicemailPhase voicemail_phase_ = VoicemailPhase::None;
  boost::asio::steady_timer voicemail_timer_;  // the wait for the beep (call_voicemail.cc)
  // The transfer under way or last tried (crm::Call transfer_* fields); status "" = none.
  struct TransferState {
    std::string to, mode, method, status, reason;
    std::function<void(TransferResult)> done;  // the asker, until the REFER is answered
    std::string refer_failure;                 // why the REFER did not do it, when bridging
    // Warm: what the person hears first (text on the transcript, audio once rendered).
    std::string briefing_text;
    std::shared_ptr<const ai::Greeting> briefing;
    bool briefing_rendered = false;  // the render answered (briefing may still be null)
    bool briefing_played = false;    // queued to the person (or skipped): the join is next
    std::chrono::steady_clock::time_point briefing_deadline{};
    bool running() const {
      return status == "trying" || status == "accepted" || status == "dialing" ||
             status == "briefing";
    }
  } transfer_;
  std::uint64_t transfer_generation_ = 0;  // a late rendering of an earlier transfer is dropped
  // The last caller/agent lines, for a warm transfer's briefing.
  std::deque<std::pair<std::string, std::string>> recent_lines_;
  boost::asio::steady_timer transfer_timer_;
  boost::asio::steady_timer hold_timer_;  // the hold message again while the transfer runs
  std::shared_ptr<BridgeLeg> bridge_;     // the person's leg of a bridge (call_bridge.cc)
};

}  // namespace va::call
