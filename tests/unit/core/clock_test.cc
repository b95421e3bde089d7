#include "core/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace va::core {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

TEST(SimulatedClock, StartsAtOneSecondAndMovesOnlyWhenAdvanced) {
  SimulatedClock clock;
  // The documented origin: one second after the epoch, so "now - 1 s" is never negative.
  EXPECT_EQ(clock.now().time_since_epoch(), seconds(1));
  EXPECT_EQ(clock.now(), clock.now());
  clock.advance(seconds(32));  // Timer B (64 * T1)
  EXPECT_EQ(clock.now().time_since_epoch(), seconds(33));
  clock.advance(milliseconds(500));
  clock.advance(nanoseconds(1));  // nanosecond resolution, nothing rounded away
  EXPECT_EQ(clock.now().time_since_epoch(), nanoseconds(33'500'000'001));
}

// Clock::steady() is std::chrono::steady_clock itself (same epoch, same unit): a reading taken
// between two readings of steady_clock lies between them. A system clock, a clock counted from
// the process start or a clock in another unit falls outside.
TEST(SteadyClock, ReadsStdSteadyClock) {
  auto& clock = Clock::steady();
  for (int i = 0; i < 100; ++i) {
    const auto before = std::chrono::steady_clock::now();
    const auto read = clock.now();
    const auto after = std::chrono::steady_clock::now();
    EXPECT_LE(before.time_since_epoch(), read.time_since_epoch());
    EXPECT_LE(read.time_since_epoch(), after.time_since_epoch());
  }
}

// Real time passes on it: a 30 ms sleep shows as at least 30 ms (and not as minutes).
TEST(SteadyClock, MeasuresASleep) {
  auto& clock = Clock::steady();
  const auto start = clock.now();
  std::this_thread::sleep_for(milliseconds(30));
  const auto elapsed = clock.now() - start;
  EXPECT_GE(elapsed, milliseconds(30));
  EXPECT_LT(elapsed, seconds(10));
}

TEST(SteadyClock, IsOneProcessWideInstance) {
  EXPECT_EQ(&Clock::steady(), &Clock::steady());
}

}  // namespace
}  // namespace va::core
