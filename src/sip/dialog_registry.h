// DialogRegistry: one shard's table of dialogs (RFC 3261 12.2.2): it takes the requests the
// UserAgentCore hands to its DialogHandler and routes each to the InviteSession or pending
// IncomingCall it belongs to, and lends sessions the shard's transaction layer, sender and
// timers.
//
// Rules:
//  1. A request with a To tag goes to the session whose DialogId (Call-ID, To tag, From tag)
//     matches; the source address plays no part. None -> false (the core answers 481).
//  1a. A Require with an option tag other than "timer" (e.g. 100rel) -> 420 with Unsupported
//     (8.2.2.3), for new INVITEs and in-dialog requests alike (BYE excepted).
//  2. An INVITE without a To tag becomes an IncomingCall handed to the incoming-call handler.
//     No handler -> false (the core answers 480). An SDP body that does not parse, or no
//     From tag or sip Contact (no dialog could be formed) -> 400.
//     Call-ID, From tag and CSeq equal to a call we already have, in a new transaction -> 482
//     (8.2.2.2 merged request: a late retransmission or a fork arriving twice).
//  3. CANCEL (already answered 200/487 by the core) -> the pending IncomingCall is cancelled.
//  4. An ACK (one no transaction took: the ACK for a 2xx) goes to its session, else false.
// Thread-compatible: lives on its shard, like the TransactionLayer it sits above; create
// sessions and call its functions on that shard only. Destroy it before the SipStack.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "sip/dialog.h"
#include "sip/dialog_context.h"
#include "sip/dialog_handler.h"
#include "sip/invite_session.h"

namespace va::sip {

class IncomingCall;
class UserAgentCore;

class DialogRegistry final : public DialogHandler, public DialogContext {
 public:
  using IncomingCallHandler = std::function<void(std::shared_ptr<IncomingCall>)>;

  DialogRegistry(TransactionLayer& transactions, MessageSender& sender, TimerService& timers,
                 const TimerConfig& timer_config, DialogConfig config);
  // Closes every session and pending call still registered: none of their events runs after.
  ~DialogRegistry() override;
  DialogRegistry(const DialogRegistry&) = delete;
  DialogRegistry& operator=(const DialogRegistry&) = delete;

  // Becomes `core`'s DialogHandler (on this shard).
  void attach(UserAgentCore& core);
  // Rule 2. The handler must answer, ring or reject the call (or keep it and do so later).
  void set_incoming_call_handler(IncomingCallHandler handler) { on_incoming_ = std::move(handler); }

  // UAC: a session for the dialog our INVITE created (Dialog::as_uac from a 1xx with a To tag
  // or a 2xx); registered at once. `peer` is where the INVITE went (used when the dialog's
  // next hop is a host name). For a 2xx, call session->acknowledge(response) next.
  std::shared_ptr<InviteSession> create_uac_session(Dialog dialog, std::string local_sdp,
                                                    TransportAddress peer,
                                                    InviteSessionEvents events = {});

  InviteSession* find(const DialogId& id) const;
  std::size_t session_count() const { return sessions_.size(); }
  std::size_t pending_call_count() const { return pending_.size(); }

  // DialogHandler
  bool on_dialog_request(const Message& request,
                         const std::shared_ptr<ServerTransaction>& transaction) override;
  bool on_in_dialog_request(const Message& request,
                            const std::shared_ptr<ServerTransaction>& transaction) override;
  void on_cancelled(const Message& invite) override;
  bool on_ack(const Message& ack, const TransportAddress& source) override;

 private:
  // DialogContext
  void add(InviteSession& session) override;
  void remove(InviteSession& session) override;
  void forget_pending(const IncomingCall& call) override;

  void reply(ServerTransaction& transaction, int status, std::string_view reason = {});
  // 8.2.2.3: a Require naming an extension we lack -> 420 with Unsupported; true if sent.
  bool refuse_unsupported(const Message& request, ServerTransaction& transaction);

  IncomingCallHandler on_incoming_;
  std::unordered_map<DialogId, InviteSession*, DialogIdHash> sessions_;
  // Unanswered incoming INVITEs by origin_key (rules 2 and 3).
  std::unordered_map<std::string, IncomingCall*> pending_;
  // origin_key of the INVITE of each UAS session (rule 2).
  std::unordered_set<std::string> origins_;
};

}  // namespace va::sip
