// OutgoingCall::Impl: the state of one outgoing INVITE, shared by outgoing_call.cc (responses,
// CANCEL, outcomes) and outgoing_call_start.cc (locating the targets, the first INVITE and the
// failover between targets). Private to those two files.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "sip/dialog.h"
#include "sip/dialog_registry.h"
#include "sip/digest_auth.h"
#include "sip/invite_session.h"
#include "sip/outgoing_call.h"
#include "sip/request_builder.h"

namespace va::sip {

// The state lives here, apart from the handle: the INVITE transaction keeps it alive (its
// handler holds a shared_ptr) so 2xx retransmissions and late forks are still ACKed after
// the caller dropped the handle. It never holds the transaction itself (no cycle).
class OutgoingCall::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(DialogRegistry& registry, OutgoingCallConfig config, OutgoingCallEvents events)
      : registry_(&registry),
        transactions_(registry.transactions()),
        sender_(registry.sender()),
        timers_(registry.timers()),
        local_(registry.config().local),
        user_agent_(registry.config().user_agent),
        config_(std::move(config)),
        events_(std::move(events)),
        digest_(config_.username, config_.password) {}

  ~Impl() {
    cancel_timers();
    if (deferred_timer_ != 0) timers_.cancel(deferred_timer_);
  }

  void start();
  void cancel();
  // The handle is gone: no more events; an unanswered call is cancelled.
  void detach();

  State state_ = State::Calling;
  Message invite_;

 private:
  void send_invite();
  // outgoing_call_start.cc: the first INVITE, after its targets are known (RFC 3263).
  void on_located(core::Result<std::vector<TransportAddress>> targets, const Uri& uri);
  void send_first_invite(const Uri& uri);
  bool fail_over(const Message& response);
  void on_response(const Message& response, const std::string& branch);
  void on_provisional(const Message& response);
  void on_success(const Message& response);
  void on_final(const Message& response);
  void on_dial_timeout();
  void send_cancel();
  void ack_and_bye(const Message& response);
  void close_early_sessions();
  void report_failure(CallOutcome outcome, int status, std::string reason);
  void cancel_timers();
  TransportAddress hop_for(const Dialog& dialog) const;

  DialogRegistry* registry_;  // null once detached (the registry may be gone then)
  TransactionLayer& transactions_;
  MessageSender& sender_;
  TimerService& timers_;
  LocalContact local_;
  std::string user_agent_;
  OutgoingCallConfig config_;
  OutgoingCallEvents events_;
  DigestClient digest_;
  TransportAddress hop_{};                 // the target in use
  std::vector<TransportAddress> targets_;  // RFC 3263 failover order (request_failover.h)
  std::size_t target_ = 0;

  std::string branch_;          // of the INVITE in force
  bool provisional_ = false;    // a 1xx arrived for it (CANCEL is allowed, 9.1)
  bool final_ = false;          // its transaction saw a final response
  bool cancel_wanted_ = false;  // by cancel(), the handle's end, or the dial timeout
  bool cancel_sent_ = false;
  bool timed_out_ = false;
  bool reported_ = false;  // on_answered or on_failed ran (or cancel() silenced us)
  bool starting_ = false;  // inside start(): events are deferred
  std::optional<std::string> early_sdp_;
  std::map<std::string, std::shared_ptr<InviteSession>> early_;  // by remote tag
  std::map<std::string, std::uint32_t> last_rseq_;  // RFC 3262: by remote tag, the last PRACKed
  std::string answered_tag_;
  struct SentAck {
    Message ack;
    TransportAddress to;
  };
  // By remote tag: the ACKs for 2xx we BYE (rule 4) and for the answer (rule 3), resent for
  // each retransmitted 2xx until the INVITE transaction ends (Timer M).
  std::map<std::string, SentAck> own_acks_;
  TimerService::TimerId dial_timer_ = 0;
  TimerService::TimerId deferred_timer_ = 0;
};

}  // namespace va::sip
