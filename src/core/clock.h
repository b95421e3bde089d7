// Clock: monotonic time for protocol timers, real (steady) or simulated in tests.
#pragma once

#include <chrono>

namespace va::core {

class Clock {
 public:
  using Duration = std::chrono::nanoseconds;
  using TimePoint = std::chrono::time_point<std::chrono::steady_clock, Duration>;

  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;

  static Clock& steady();
};

// A clock that moves only when told: state machines under test see Timer B's 32 s pass in
// microseconds.
class SimulatedClock final : public Clock {
 public:
  // Clock
  TimePoint now() const override { return now_; }

  void advance(Duration d) { now_ += d; }

 private:
  TimePoint now_{Duration{1'000'000'000}};
};

}  // namespace va::core
