// IncomingCall: the UAS side of one INVITE before it is answered (RFC 3261 13.3.1): its
// request and SDP offer, provisional responses, the 2xx that creates the session, or a
// rejection. It wraps the INVITE server transaction (17.2.1 with RFC 6026).
//
// Rules:
//  1. Our To tag is chosen when the call is created and is the same in every response, so
//     the 180/183 early dialog and the 2xx name one dialog (12.1.1).
//  2. ring() -> 180 Ringing, or 183 Session Progress with the early SDP.
//  3. answer(sdp) -> 200 with Contact, Allow, Supported, the SDP and, when the INVITE asked
//     for a session timer we accept, Session-Expires (RFC 4028 9). The InviteSession it
//     returns resends the 200 until the ACK (invite_session.h rule 1).
//  4. reject(status) -> that 3xx-6xx final response (the transaction resends it, 17.2.1).
//  5. A CANCEL before the final response: the core has sent 487; on_cancelled runs once.
//  6. After a final response or a CANCEL, ring/answer/reject do nothing (return false/null).
//  7. RFC 3262: when the INVITE Requires 100rel, ring() sends the 180/183 reliably (Require:
//     100rel, RSeq from a random start, one unacknowledged at a time: a second ring() before
//     the PRACK returns false). It is resent at T1, 2*T1, 4*T1... until the PRACK; none
//     within 64*T1 -> 504 to the INVITE (3: "SHOULD reject with a 5xx"). A PRACK whose RAck
//     names it gets 200, any other 481. The final response stops the resends; a PRACK that
//     crosses our 2xx is answered by the session (invite_session.h rule 10).
// Lifetime: it may outlive the DialogRegistry, but it holds its server transaction, whose
// destructor touches the shard's SIP timers: drop every IncomingCall before the SipStack.
// Thread-compatible: use it on the shard that handed it over.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sip/dialog.h"
#include "sip/headers.h"
#include "sip/invite_session.h"
#include "sip/message.h"
#include "sip/reliable_provisional.h"
#include "sip/sdp/session_description.h"
#include "sip/server_transaction.h"
#include "sip/session_timer.h"
#include "sip/timer_service.h"

namespace va::sip {

class DialogContext;
class DialogRegistry;

class IncomingCall : public std::enable_shared_from_this<IncomingCall> {
 public:
  enum class State { Offered, Ringing, Answered, Rejected, Cancelled };

  ~IncomingCall();
  IncomingCall(const IncomingCall&) = delete;
  IncomingCall& operator=(const IncomingCall&) = delete;

  const Message& request() const { return transaction_->request(); }
  // The INVITE's SDP offer; nullopt when it had no body (we then offer in the 200 and the
  // ACK carries the answer: events.on_answer of the session).
  const std::optional<sdp::SessionDescription>& offer() const { return offer_; }
  // Where our responses go (the request's source, adjusted by Via received/rport, 18.2.2).
  const TransportAddress& peer() const { return transaction_->peer(); }
  const std::string& local_tag() const { return local_tag_; }
  // The session timer the 200 will carry, if the INVITE asked for one (RFC 4028 9).
  const std::optional<SessionTimer>& session_timer() const { return session_timer_; }
  State state() const { return state_; }

  // Rule 5; set it when the call is handed over.
  void set_on_cancelled(std::function<void()> handler) { on_cancelled_ = std::move(handler); }

  // Rule 2.
  bool ring(std::optional<std::string> early_sdp = std::nullopt);
  // Rule 3. `events` are installed before anything can fire. Null when the call is no
  // longer answerable or the INVITE has no usable Contact (then it is rejected with 400).
  std::shared_ptr<InviteSession> answer(std::string sdp, InviteSessionEvents events = {});
  // Rule 4; `extra` headers (Retry-After, Warning, ...) are added to the response.
  bool reject(int status, std::string_view reason = {}, const Headers& extra = {});

 private:
  friend class DialogRegistry;
  struct PrivateTag {};

 public:
  // Made by DialogRegistry.
  IncomingCall(PrivateTag, DialogContext& context, std::shared_ptr<ServerTransaction> t,
               std::optional<sdp::SessionDescription> offer,
               std::optional<SessionTimer> session_timer);

 private:
  // Called by the registry on CANCEL (rule 5).
  void cancelled();
  // Called by the registry: a PRACK in this call's early dialog (rule 7).
  void on_prack(const Message& prack, ServerTransaction& transaction);
  void resend_reliable();
  void stop_reliable();
  Message response(int status, std::string_view reason = {}) const;
  NameAddr our_contact() const;
  bool final_sent() const;
  void detach();

  DialogContext* context_;  // null after the final response, a CANCEL or the registry's end
  std::shared_ptr<ServerTransaction> transaction_;
  std::optional<sdp::SessionDescription> offer_;
  std::optional<SessionTimer> session_timer_;
  std::string local_tag_;
  State state_ = State::Offered;
  std::function<void()> on_cancelled_;

  // Rule 7.
  TimerService* timers_;
  bool reliable_ = false;
  std::uint32_t next_rseq_ = 1;
  std::optional<Message> unacked_;  // the reliable 1xx awaiting its PRACK
  std::optional<RAck> unacked_rack_;
  TimerService::TimerId resend_timer_ = 0;
  std::chrono::milliseconds resend_interval_{0}, resent_for_{0}, give_up_after_{0};
};

}  // namespace va::sip
