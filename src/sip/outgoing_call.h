// OutgoingCall: our INVITE to the trunk or a direct URI as a user-agent client (RFC 3261
// 13.2), up to the answer (then an InviteSession owns the dialog) or a failure outcome.
//
// Rules:
//  1. start() sends the INVITE with the caller's SDP offer through an INVITE client
//     transaction towards the Request-URI's numeric host (no DNS, request_builder.h rule 3).
//     Call it on the shard ShardPool::by_key(config.call_id): responses arrive there.
//  2. 1xx -> on_progress(status, SDP of a 180/183 if it has one). A 101-199 with a To tag
//     creates an early dialog (an InviteSession in the registry) when it has a Contact.
//  3. The first 2xx -> the dialog (Dialog::as_uac, or the early one with that To tag) becomes an
//     InviteSession that sends the ACK itself (13.2.2.4; not part of the transaction), then
//     on_answered(answer SDP, session). Each retransmitted 2xx gets the ACK again, also after
//     the session has ended (its BYE is not repeated).
//  4. A 2xx from another fork (another To tag), or a 2xx after we cancelled or gave up ->
//     ACK, then BYE (13.2.2.4); no event.
//  5. 401/407 -> the INVITE again with credentials (new branch, CSeq + 1) once per challenge;
//     refused credentials or none configured -> on_failed(Rejected, 401/407).
//  6. Other finals -> on_failed(outcome_for_status(...)) (call_outcome.h): 486/600 busy;
//     408/480 no answer; other 3xx-6xx rejected; a transaction timeout or transport error
//     (no response at all) unreachable. A bad target or non-numeric hop -> unreachable, 0.
//  7. Dial timeout: after a provisional, CANCEL (9.1) and on the 487 (or, when the INVITE
//     transaction gives up 64*T1 after the CANCEL, on its 408) on_failed(NoAnswer); before any
//     provisional, on_failed(NoAnswer, 408) at once and CANCEL when a provisional arrives.
//  8. cancel(): CANCEL once a provisional has arrived (9.1: not before); no event runs after
//     it. Whatever the far end does, the INVITE transaction (which holds this call's state)
//     ends at the latest 64*T1 after the CANCEL, or at Timer B if no provisional ever came. After
//     on_answered it does nothing: hang up the InviteSession instead. Destroying the OutgoingCall
//     before an answer cancels too; after on_answered it only stops the events (the session lives
//     on; rule 3's ACK resends continue until the INVITE transaction ends).
//  9. RFC 3262: the INVITE says Supported: 100rel. A reliable provisional (Require: 100rel,
//     RSeq) is PRACKed in its early dialog (RAck: RSeq, CSeq, INVITE) and passed up once; its
//     retransmissions, and one whose RSeq is not the next of its dialog, are discarded.
// Events run on the shard, never from inside start() or cancel().
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "sip/call_outcome.h"
#include "sip/message.h"
#include "sip/name_addr.h"

namespace va::sip {

class DialogRegistry;
class InviteSession;

struct OutgoingCallConfig {
  std::string call_id;      // "" = a fresh one (then the caller must already be on its shard)
  std::string request_uri;  // "sip:0123@192.0.2.7:5060" (see dial_uri in request_builder.h)
  std::string sdp_offer;    // our offer (application/sdp)
  std::string username;     // digest credentials for 401/407 ("" = none)
  std::string password;
  std::string realm;  // "" = answer any realm
  std::chrono::milliseconds dial_timeout{60000};
  // From: default <sip:username@request-uri host> (local user when no username).
  std::optional<NameAddr> from;
  // To: default <request-uri>.
  std::optional<NameAddr> to;
  // sip.trunk.outbound_proxy (parse_outbound_proxy): the INVITE's first Route and next hop;
  // the Request-URI stays request_uri (RFC 3261 8.1.2).
  std::optional<Uri> outbound_proxy;
};

struct OutgoingCallEvents {
  std::function<void(int status, const std::optional<std::string>& early_sdp)> on_progress;
  std::function<void(const std::string& answer_sdp, std::shared_ptr<InviteSession> session)>
      on_answered;
  std::function<void(CallOutcome outcome, int status, const std::string& reason)> on_failed;
};

class OutgoingCall {
 public:
  enum class State {
    Calling,     // INVITE sent, no response yet
    Proceeding,  // a provisional arrived
    Answered,    // on_answered ran
    Failed,      // on_failed ran
    Cancelled,   // cancel() was called before an answer
  };

  // Rule 1. Uses `registry`'s TransactionLayer, MessageSender, TimerService, timer values,
  // local contact and user agent. The registry must outlive the returned object.
  static std::shared_ptr<OutgoingCall> start(DialogRegistry& registry, OutgoingCallConfig config,
                                             OutgoingCallEvents events);
  ~OutgoingCall();
  OutgoingCall(const OutgoingCall&) = delete;
  OutgoingCall& operator=(const OutgoingCall&) = delete;

  // Rule 8.
  void cancel();

  State state() const;
  const std::string& call_id() const;
  // The INVITE last sent (after a challenge: the one with credentials).
  const Message& invite() const;

  class Impl;

 private:
  explicit OutgoingCall(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

const char* to_string(OutgoingCall::State s);

}  // namespace va::sip
