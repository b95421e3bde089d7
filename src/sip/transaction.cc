// Transaction: shared timer plumbing and the single path into Terminated (RFC 3261 17).
#include "sip/transaction.h"

namespace va::sip {

const char* to_string(TransactionState s) {
  switch (s) {
    case TransactionState::Calling:
      return "Calling";
    case TransactionState::Trying:
      return "Trying";
    case TransactionState::Proceeding:
      return "Proceeding";
    case TransactionState::Completed:
      return "Completed";
    case TransactionState::Accepted:
      return "Accepted";
    case TransactionState::Confirmed:
      return "Confirmed";
    case TransactionState::Terminated:
      return "Terminated";
  }
  return "?";
}

Transaction::Transaction(const TransactionContext& context, TransactionKey key,
                         TransportAddress peer)
    : context_(context), key_(std::move(key)), peer_(std::move(peer)) {
  context_.counters.transactions_active.fetch_add(1, std::memory_order_relaxed);
}

Transaction::~Transaction() {
  cancel_all_timers();
  if (counted_active_)
    context_.counters.transactions_active.fetch_sub(1, std::memory_order_relaxed);
}

void Transaction::start_timer(std::size_t which, std::chrono::milliseconds delay,
                              std::function<void()> on_fire) {
  cancel_timer(which);
  timers_[which] = context_.timers.start(
      delay, [this, weak = weak_from_this(), which, on_fire = std::move(on_fire)] {
        auto self = weak.lock();
        if (!self) return;
        timers_[which] = 0;
        on_fire();
      });
}

void Transaction::cancel_timer(std::size_t which) {
  if (timers_[which] != 0) context_.timers.cancel(timers_[which]);
  timers_[which] = 0;
}

void Transaction::cancel_all_timers() {
  for (std::size_t i = 0; i < kMaxTimers; ++i)
    cancel_timer(i);
}

void Transaction::terminate() {
  if (state_ == TransactionState::Terminated) return;
  state_ = TransactionState::Terminated;
  cancel_all_timers();
  if (counted_active_) {
    counted_active_ = false;
    context_.counters.transactions_active.fetch_sub(1, std::memory_order_relaxed);
  }
  if (on_terminated_) {
    auto handler = std::move(on_terminated_);
    on_terminated_ = nullptr;
    handler(*this);
  }
}

bool Transaction::send(const Message& message, bool retransmission) {
  if (retransmission)
    context_.counters.retransmissions_sent.fetch_add(1, std::memory_order_relaxed);
  return context_.sender.send(message, peer_);
}

}  // namespace va::sip
