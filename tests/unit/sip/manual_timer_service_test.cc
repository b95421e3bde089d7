// ManualTimerService: deadline order, cancellation, timers started from callbacks.
#include "sip/manual_timer_service.h"

#include <gtest/gtest.h>

namespace va::sip {
namespace {

using namespace std::chrono_literals;

TEST(ManualTimerServiceTest, FiresDueTimersInDeadlineOrderWithTheClockAtEachDeadline) {
  core::SimulatedClock clock;
  ManualTimerService timers(clock);
  const auto start = clock.now();
  std::vector<std::pair<int, std::chrono::nanoseconds>> fired;
  timers.start(300ms, [&] { fired.emplace_back(3, clock.now() - start); });
  timers.start(100ms, [&] { fired.emplace_back(1, clock.now() - start); });
  const auto cancelled = timers.start(200ms, [&] { fired.emplace_back(2, clock.now() - start); });
  timers.cancel(cancelled);
  timers.advance(250ms);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].second, std::chrono::nanoseconds(100ms));
  timers.advance(50ms);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[1].first, 3);
  EXPECT_EQ(clock.now() - start, std::chrono::nanoseconds(300ms));
  EXPECT_EQ(timers.pending(), 0u);
}

TEST(ManualTimerServiceTest, TimersStartedByACallbackFireWithinTheSameAdvance) {
  core::SimulatedClock clock;
  ManualTimerService timers(clock);
  int count = 0;
  std::function<void()> again = [&] {
    if (++count < 5) timers.start(10ms, again);
  };
  timers.start(10ms, again);
  timers.advance(45ms);
  EXPECT_EQ(count, 4);
  EXPECT_EQ(timers.next_delay(), std::chrono::milliseconds(5));
}

}  // namespace
}  // namespace va::sip
