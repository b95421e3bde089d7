// TimerService: one-shot timers for the transaction state machines (RFC 3261 section 17).
// Two implementations: AsioTimerService (a shard's steady_timer) and ManualTimerService
// (tests, driven by core::SimulatedClock so Timer B's 32 s take microseconds).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace va::sip {

class TimerService {
 public:
  using TimerId = std::uint64_t;  // 0 is never a valid id
  using Callback = std::function<void()>;

  virtual ~TimerService() = default;
  // Runs `callback` once after `delay` on the owner's thread.
  virtual TimerId start(std::chrono::milliseconds delay, Callback callback) = 0;
  // After cancel returns the callback never runs; unknown or fired ids are ignored.
  virtual void cancel(TimerId id) = 0;
  // Timers started and not yet fired or cancelled.
  virtual std::size_t pending() const = 0;
};

}  // namespace va::sip
