// ManualTimerService: TimerService driven by a core::SimulatedClock, for state-machine tests.
#pragma once

#include <map>
#include <optional>
#include <utility>

#include "core/clock.h"
#include "sip/timer_service.h"

namespace va::sip {

class ManualTimerService final : public TimerService {
 public:
  explicit ManualTimerService(core::SimulatedClock& clock) : clock_(clock) {}

  // TimerService
  TimerId start(std::chrono::milliseconds delay, Callback callback) override;
  void cancel(TimerId id) override;
  std::size_t pending() const override { return timers_.size(); }

  // Moves the clock forward by `d`, firing every timer that falls due, in deadline order, with
  // the clock set to each timer's deadline while its callback runs.
  void advance(std::chrono::milliseconds d);
  // Time until the next timer fires, or nullopt when none is pending.
  std::optional<std::chrono::milliseconds> next_delay() const;

 private:
  using Key = std::pair<core::Clock::TimePoint, TimerId>;  // deadline, then start order
  core::SimulatedClock& clock_;
  TimerId next_id_ = 1;
  std::map<Key, Callback> timers_;
};

}  // namespace va::sip
