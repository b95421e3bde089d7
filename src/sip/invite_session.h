// InviteSession: the early or confirmed dialog of one INVITE session, for both the UAC and
// the UAS side (RFC 3261 sections 13.3.1.4, 14 and 15; RFC 4028 session timers; RFC 3311
// UPDATE; RFC 6086 INFO).
//
// Rules:
//  1. UAS: after answer() the 2xx is resent at T1, doubling up to T2, until the ACK arrives
//     (13.3.1.4). No ACK within 64*T1 -> BYE and on_terminated(AckTimeout).
//  2. UAC: acknowledge(2xx) confirms the dialog and sends the ACK; each retransmitted 2xx
//     gets the same ACK again (13.2.2.4).
//  3. hangup() sends BYE in a non-INVITE client transaction; any final response, a timeout
//     (408) or 481 ends the session with on_terminated(LocalBye, status). A UAS that has
//     not yet seen the ACK holds the BYE until the ACK or the ACK timeout (15).
//  4. A BYE from the peer (matched by dialog id, whatever its source address) -> 200 and
//     on_terminated(RemoteBye).
//  5. re-INVITE / UPDATE with an SDP offer -> events.on_offer; its answer goes in a 200, an
//     error from it -> 488. An offer identical to the peer's last SDP (a refresh) is answered
//     with our current SDP without calling on_offer. Without SDP -> 200 with our current SDP as the
//     offer; the ACK carries the answer (events.on_answer). A re-INVITE while one of ours is
//     pending -> 491; while one of theirs is pending -> 500 with Retry-After (14.2). Lower CSeq ->
//     500.
//  6. INFO -> events.on_info, whose return is the final status (200 when unset; RFC 6086
//     4.2.2: 415 for a body type we do not take, 400 for a body we cannot read); OPTIONS ->
//     200 with Allow. send_info() sends one INFO of ours (one at a time is the caller's job).
//  7. Session timer (session_timer.h): as refresher we send a re-INVITE with our unchanged
//     SDP at half the interval; otherwise no refresh before expiry -> BYE and
//     on_terminated(SessionExpired). Every accepted re-INVITE/UPDATE restarts the timer.
//  8. close() (and the destructor) cancel every timer and unregister from the registry; no
//     event runs after it, and an event handler may call it. A terminated session
//     unregisters itself too.
//  9. A re-INVITE of ours still pending when the session ends (BYE, close) is CANCELled if a
//     provisional response arrived (9.1: not before) and abandoned: its client transaction
//     ends at the latest 64*T1 after a provisional (invite_client_transaction.h rules 5, 6)
//     instead of outliving the call.
// 10. UAS, RFC 3262: a PRACK for the reliable provisional that was still unacknowledged when
//     we answered (it crossed our 2xx) gets 200; any other PRACK 481. UAC: prack() sends the
//     PRACK for a reliable provisional of the peer's in this (early) dialog.
// 11. RFC 3515: send_refer() sends a REFER with one Refer-To (and our Contact); the peer's
//     NOTIFYs of its implicit subscription (Event: refer, message/sipfrag) in this dialog go
//     to events.on_notify, whose return is the status (no handler: 481, RFC 6665 4.1.3).
// Thread-compatible: lives on its dialog's shard (chosen by Call-ID).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "sip/client_transaction.h"
#include "sip/dialog.h"
#include "sip/dialog_counters.h"
#include "sip/invite_client_transaction.h"
#include "sip/message.h"
#include "sip/reliable_provisional.h"
#include "sip/sdp/session_description.h"
#include "sip/server_transaction.h"
#include "sip/session_timer.h"
#include "sip/timer_service.h"

namespace va::sip {

class DialogContext;
class DialogRegistry;
class IncomingCall;

enum class TerminationReason {
  LocalBye,        // we sent BYE (hangup())
  RemoteBye,       // the peer sent BYE
  SessionExpired,  // RFC 4028: no refresh arrived in time; we sent BYE
  AckTimeout,      // UAS: no ACK for our 2xx within 64*T1; we sent BYE (13.3.1.4)
  PeerGone,        // an in-dialog request of ours got 408 or 481 (12.2.1.2); BYE sent on 408
};
const char* to_string(TerminationReason r);

struct InviteSessionEvents {
  // Once, when the session ends. `status`: the final status of our BYE when we sent one
  // (LocalBye, SessionExpired, AckTimeout, PeerGone after 408); 481 for PeerGone without
  // BYE; 0 for RemoteBye.
  std::function<void(TerminationReason reason, int status)> on_terminated;
  // The peer offers changed SDP in a re-INVITE or UPDATE (hold/unhold, new address or
  // port; an unchanged SDP, as in a session refresh, is answered without asking). Return
  // our answer SDP (sent in the 200) or an error (-> 488). Unset -> 488.
  std::function<core::Result<std::string>(const sdp::SessionDescription& offer)> on_offer;
  // The peer's SDP answer to an offer of ours: in the 2xx to our re-INVITE, or in the ACK
  // after an INVITE without SDP that we answered with an offer. Only when its text differs
  // from the last SDP the peer sent (a session refresh repeats it unchanged).
  std::function<void(const sdp::SessionDescription& answer)> on_answer;
  // Our re-INVITE (reinvite()) failed with this final status; the old SDP stays in force.
  std::function<void(int status)> on_reinvite_failed;
  // INFO in the dialog (e.g. application/dtmf-relay): returns the final status to answer
  // (200, 400, 415, ...); unset -> 200.
  std::function<int(const Message& info)> on_info;
  // UAS: the ACK for our 2xx arrived (the call is up; media can start).
  std::function<void()> on_confirmed;
  // NOTIFY in the dialog (RFC 3515 2.4.4: the progress of a REFER of ours): returns the final
  // status to answer (200, 489, 415, 400); unset -> 481 (we hold no subscription).
  std::function<int(const Message& notify)> on_notify;
};

class InviteSession : public std::enable_shared_from_this<InviteSession> {
 public:
  enum class Role { Uac, Uas };
  enum class State {
    Early,        // UAC: dialog from a 1xx with a To tag; no 2xx yet
    WaitingAck,   // UAS: 2xx sent, retransmitting it
    Confirmed,    // ACK sent (UAC) or received (UAS)
    Terminating,  // our BYE is out
    Terminated,
  };

  ~InviteSession();
  InviteSession(const InviteSession&) = delete;
  InviteSession& operator=(const InviteSession&) = delete;

  // Replaces the handlers; set them before returning to the event loop.
  void set_events(InviteSessionEvents events) { events_ = std::move(events); }

  const Dialog& dialog() const { return dialog_; }
  const DialogId& id() const { return dialog_.id(); }
  Role role() const { return role_; }
  State state() const { return state_; }
  bool terminated() const { return state_ == State::Terminated; }
  // The SDP we last sent (offer or answer); resent unchanged in session refreshes.
  const std::string& local_sdp() const { return local_sdp_; }
  const std::optional<SessionTimer>& session_timer() const { return session_timer_; }
  // UAC: the ACK last sent for a 2xx to an INVITE of ours (kept after the session ends, so
  // the outgoing call can still answer that 2xx's retransmissions, 13.2.2.4).
  const std::optional<Message>& last_ack() const { return ack_; }

  // UAC: a 2xx (first or retransmitted) to our INVITE for this dialog: rule 2. Also sets
  // the session timer from the 2xx's Session-Expires (RFC 4028 7.2). `ack_sdp` is the answer
  // to send in the ACK when the INVITE had no offer. Returns false for a 2xx of another dialog.
  bool acknowledge(const Message& response, std::optional<std::string> ack_sdp = {});

  // Rule 3. False when already terminating/terminated or when the dialog is still early
  // (an early UAC dialog is ended with CANCEL by the outgoing call).
  bool hangup();
  // Sends a re-INVITE offering `sdp` (hold, unhold, new port). The answer arrives through
  // events.on_answer, a failure through on_reinvite_failed. False if one is already pending
  // or the session is not confirmed.
  bool reinvite(std::string sdp);
  // Rule 6: an INFO of ours with this body; `done` gets the final status (408 on timeout).
  // False (and no INFO) unless the session is confirmed.
  bool send_info(std::string content_type, std::string body, std::function<void(int)> done);
  // Rule 11: a REFER (RFC 3515) asking the peer to call `refer_to` (a URI, sent as
  // Refer-To: <refer_to>); `done` gets the final status and reason (408 on timeout). The
  // progress NOTIFYs arrive through events.on_notify. False (and no REFER) unless confirmed.
  bool send_refer(const std::string& refer_to,
                  std::function<void(int status, const std::string& reason)> done);
  // Rule 8: silent end, no BYE, no more events.
  void close();
  // Rule 10, UAC: PRACK `provisional` (reliable, RSeq `rseq`) to our INVITE `invite_cseq`.
  bool prack(const Message& provisional, std::uint32_t rseq);

  // Called by DialogRegistry: a request inside this dialog (never an ACK).
  void on_request(const Message& request, const std::shared_ptr<ServerTransaction>& transaction);
  // Called by DialogRegistry: the ACK for our 2xx (UAS; or for a 2xx to a re-INVITE).
  void on_ack(const Message& ack);

 private:
  friend class DialogRegistry;
  friend class IncomingCall;
  struct PrivateTag {};

 public:
  // Use DialogRegistry::create_uac_session or IncomingCall::answer.
  InviteSession(PrivateTag, DialogContext& context, Dialog dialog, Role role, std::string local_sdp,
                TransportAddress peer);

 private:
  // UAS start (IncomingCall::answer): the 2xx was just sent through the INVITE transaction.
  void start_uas(Message ok, std::optional<SessionTimer> timer);
  void start_2xx_resends(Message ok);
  void resend_2xx();
  void on_ack_timeout();

  void on_bye(const Message& request, ServerTransaction& transaction);
  void on_reinvite(const Message& request, ServerTransaction& transaction);
  void on_update(const Message& request, ServerTransaction& transaction);
  void on_info(const Message& request, ServerTransaction& transaction);
  void on_notify(const Message& request, ServerTransaction& transaction);
  void on_prack(const Message& request, ServerTransaction& transaction);
  // Our answer to the SDP offer in `request`; nullopt once `transaction` was answered with
  // the refusal (400 unparsable, 488 refused, 481 closed by the offer handler).
  std::optional<std::string> answer_offer(const Message& request, ServerTransaction& transaction);
  // Session-timer negotiation for a refresh we receive; false if `transaction` was answered
  // (400 or 422).
  bool accept_refresh(const Message& request, ServerTransaction& transaction,
                      std::optional<SessionTimer>& timer);
  Message make_response(const Message& request, int status, std::string_view reason = {}) const;
  Message make_ok(const Message& request, const std::string& sdp) const;

  void send_bye(TerminationReason reason);
  std::shared_ptr<ClientTransaction> send_in_dialog(Message request,
                                                    ClientTransaction::ResponseHandler handler);
  // Rule 9.
  void abandon_reinvite();
  void send_reinvite(std::string sdp, bool refresh);
  void on_reinvite_response(const Message& response, bool refresh);
  void send_ack_for(const Message& response, std::optional<std::string> sdp);
  void deliver_answer(const Message& message);
  void set_session_timer(std::optional<SessionTimer> timer, bool we_are_uac);
  void start_session_timer();
  void on_session_timer();

  // Ends the session: cancels timers, unregisters, runs on_terminated once.
  void finish(TerminationReason reason, int status);
  void cancel_timers();
  void count(std::atomic<std::uint64_t> DialogCounters::*which);
  TimerService::TimerId start_timer(std::chrono::milliseconds delay, void (InviteSession::*fn)());
  TransportAddress destination() const;
  LocalContact local() const;  // context_ must be set

  DialogContext* context_;  // null once closed or after the registry is gone
  Dialog dialog_;
  Role role_;
  State state_;
  std::string local_sdp_;
  std::string remote_sdp_;  // the peer's last SDP body (to tell a refresh from a change)
  TransportAddress peer_;   // where the dialog began: fallback when the next hop is a name
  InviteSessionEvents events_;
  std::string origin_key_;  // UAS: Call-ID, From tag, CSeq of the INVITE (merged requests)
  std::optional<RAck> unacked_provisional_;  // UAS: rule 10

  // A 2xx to an INVITE of theirs, resent until its ACK (rule 1).
  std::optional<Message> ok_;
  std::chrono::milliseconds ok_interval_{0};
  TimerService::TimerId ok_timer_ = 0;
  TimerService::TimerId ack_timer_ = 0;
  bool offer_in_our_2xx_ = false;  // their INVITE had no SDP: the ACK carries the answer
  bool bye_after_ack_ = false;

  // The ACK we sent for the latest 2xx to an INVITE of ours, resent for retransmissions.
  std::optional<Message> ack_;
  // Our re-INVITE in flight and the SDP it offers (rule 5).
  bool our_reinvite_pending_ = false;
  std::string pending_sdp_;
  std::weak_ptr<InviteClientTransaction> reinvite_transaction_;  // rule 9

  std::optional<SessionTimer> session_timer_;
  bool we_refresh_ = false;
  TimerService::TimerId session_timer_id_ = 0;
  TerminationReason bye_reason_ = TerminationReason::LocalBye;
};

}  // namespace va::sip
