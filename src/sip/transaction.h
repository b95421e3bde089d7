// Transaction: what every RFC 3261 section 17 state machine shares: key, peer, state, timers,
// and the hand-back to its layer when it reaches Terminated.
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <memory>

#include "sip/message_sender.h"
#include "sip/sip_counters.h"
#include "sip/timer_config.h"
#include "sip/timer_service.h"
#include "sip/transaction_key.h"
#include "sip/transport_address.h"

namespace va::sip {

// RFC 3261 17 state names, with Accepted from RFC 6026.
enum class TransactionState {
  Calling,
  Trying,
  Proceeding,
  Completed,
  Accepted,
  Confirmed,
  Terminated
};
const char* to_string(TransactionState s);

// What a layer lends each of its transactions; all of it outlives them.
struct TransactionContext {
  MessageSender& sender;
  TimerService& timers;
  const TimerConfig& config;
  SipCounters& counters;
};

// Thread-compatible: a transaction lives on one shard. Always owned by a shared_ptr, so a
// timer callback can keep it alive while it terminates and its layer drops it.
class Transaction : public std::enable_shared_from_this<Transaction> {
 public:
  using TerminatedHandler = std::function<void(Transaction&)>;

  Transaction(const TransactionContext& context, TransactionKey key, TransportAddress peer);
  virtual ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  TransactionState state() const { return state_; }
  const TransactionKey& key() const { return key_; }
  // The far end: where requests go (client) or where responses go (server, 18.2.2).
  const TransportAddress& peer() const { return peer_; }
  bool reliable() const { return is_reliable(peer_.protocol); }
  // Called once when the transaction reaches Terminated (the layer forgets it there).
  void set_on_terminated(TerminatedHandler handler) { on_terminated_ = std::move(handler); }

 protected:
  // Each state machine names its timers by small indexes (kTimerA = 0, ...).
  static constexpr std::size_t kMaxTimers = 4;
  // (Re)starts timer `which`; `on_fire` runs with the transaction kept alive.
  void start_timer(std::size_t which, std::chrono::milliseconds delay,
                   std::function<void()> on_fire);
  void cancel_timer(std::size_t which);
  bool timer_running(std::size_t which) const { return timers_[which] != 0; }
  void cancel_all_timers();
  void set_state(TransactionState s) { state_ = s; }
  // Enters Terminated: cancels every timer and tells the layer. Idempotent.
  void terminate();
  // Sends and counts; `retransmission` marks timer- or request-driven resends.
  bool send(const Message& message, bool retransmission = false);

  TransactionContext context_;

 private:
  TransactionKey key_;
  TransportAddress peer_;
  TransactionState state_ = TransactionState::Trying;
  bool counted_active_ = true;
  TerminatedHandler on_terminated_;
  std::array<TimerService::TimerId, kMaxTimers> timers_{};
};

}  // namespace va::sip
