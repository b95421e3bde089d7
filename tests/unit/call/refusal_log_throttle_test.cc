// Issue 20: INVITEs refused by the inbound ACL are logged at most once per source address per
// minute (the count of the ones in between goes with the next line), with a bounded table.
#include "call/refusal_log_throttle.h"

#include <gtest/gtest.h>

namespace va::call {
namespace {

using namespace std::chrono_literals;
using Clock = RefusalLogThrottle::Clock;

TEST(RefusalLogThrottle, OneLinePerSourcePerMinuteWithTheCountInBetween) {
  RefusalLogThrottle t;
  const auto t0 = Clock::time_point{} + 1000s;
  EXPECT_EQ(t.admit("203.0.113.5", t0), 0u);
  for (int i = 1; i <= 99; ++i)
    EXPECT_FALSE(t.admit("203.0.113.5", t0 + i * 500ms));  // 100 INVITEs in 50 s
  EXPECT_EQ(t.admit("198.51.100.7", t0 + 10s), 0u);        // another source: its own line
  EXPECT_FALSE(t.admit("203.0.113.5", t0 + 59s));
  EXPECT_EQ(t.admit("203.0.113.5", t0 + 60s), 100u);  // 99 + the one at 59 s
  EXPECT_FALSE(t.admit("203.0.113.5", t0 + 61s));
}

TEST(RefusalLogThrottle, ATableFullOfFreshSourcesLogsNoNewOneUntilEntriesExpire) {
  RefusalLogThrottle t(60s, 2);
  const auto t0 = Clock::time_point{} + 1000s;
  EXPECT_TRUE(t.admit("a", t0));
  EXPECT_TRUE(t.admit("b", t0 + 1s));
  EXPECT_FALSE(t.admit("c", t0 + 2s));  // full: counted only
  EXPECT_TRUE(t.admit("c", t0 + 60s));  // "a" expired
  EXPECT_FALSE(t.admit("d", t0 + 60s));
}

}  // namespace
}  // namespace va::call
