// DialogContext: what one shard lends the dialogs on it (RFC 3261 12-15): its transaction
// layer, sender and timers, the dialog configuration and counters, and the table that must
// learn when a session starts or ends. DialogRegistry is the implementation; InviteSession and
// IncomingCall see only this, so the sessions do not depend on the registry that routes
// requests to them. Thread-compatible: on its shard only.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "sip/dialog_counters.h"
#include "sip/dialog_local_contact.h"
#include "sip/message_sender.h"
#include "sip/session_timer.h"
#include "sip/timer_config.h"
#include "sip/timer_service.h"
#include "sip/transaction_layer.h"

namespace va::sip {

class IncomingCall;
class InviteSession;
struct Message;

struct DialogConfig {
  LocalContact local;  // our Contact and Via sent-by
  SessionTimerConfig session_timer;
  std::string user_agent = "voiceagent";  // Server / User-Agent header value
};

// Methods we accept inside a dialog, as sent in Allow.
inline constexpr std::string_view kDialogAllow =
    "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK, NOTIFY";

class DialogContext {
 public:
  DialogContext(TransactionLayer& transactions, MessageSender& sender, TimerService& timers,
                const TimerConfig& timer_config, DialogConfig config)
      : transactions_(transactions),
        sender_(sender),
        timers_(timers),
        timer_config_(timer_config),
        config_(std::move(config)) {}
  virtual ~DialogContext() = default;
  DialogContext(const DialogContext&) = delete;
  DialogContext& operator=(const DialogContext&) = delete;

  TransactionLayer& transactions() { return transactions_; }
  MessageSender& sender() { return sender_; }
  TimerService& timers() { return timers_; }
  const TimerConfig& timer_config() const { return timer_config_; }
  const DialogConfig& config() const { return config_; }
  const DialogCounters& counters() const { return counters_; }

 protected:
  friend class InviteSession;
  friend class IncomingCall;

  // Call-ID, From tag and CSeq number of an INVITE (8.2.2.2); a CANCEL has the same.
  // (Defined in dialog_registry.cc, beside the tables keyed by it.)
  static std::string origin_key(const Message& invite);

  void count(DialogCounters::Counter DialogCounters::*which) {
    (counters_.*which).fetch_add(1, std::memory_order_relaxed);
  }
  // The session table: a session joins when its dialog exists and leaves when it closes; a
  // pending incoming call is forgotten once answered, rejected or cancelled.
  virtual void add(InviteSession& session) = 0;
  virtual void remove(InviteSession& session) = 0;
  virtual void forget_pending(const IncomingCall& call) = 0;

  TransactionLayer& transactions_;
  MessageSender& sender_;
  TimerService& timers_;
  const TimerConfig& timer_config_;
  DialogConfig config_;
  DialogCounters counters_;
};

}  // namespace va::sip
