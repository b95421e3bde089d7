#include "core/clock.h"

#include <gtest/gtest.h>

namespace va::core {
namespace {

TEST(SimulatedClock, MovesOnlyWhenAdvanced) {
  SimulatedClock clock;
  const auto t0 = clock.now();
  EXPECT_EQ(clock.now(), t0);
  clock.advance(std::chrono::seconds(32));
  EXPECT_EQ(clock.now() - t0, std::chrono::seconds(32));
}

TEST(SteadyClock, NeverGoesBackwards) {
  auto& clock = Clock::steady();
  const auto a = clock.now();
  const auto b = clock.now();
  EXPECT_LE(a, b);
}

}  // namespace
}  // namespace va::core
