// PortPool tests: even ports, RTCP port+1, rest period under a simulated clock, exhaustion.
#include "rtp/port_pool.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "rtp/errc.h"

namespace va::rtp {
namespace {

using std::chrono::seconds;

TEST(PortPool, HandsOutEvenPortsInRangeWithRtcpOnNextPort) {
  core::SimulatedClock clock;
  PortPool pool({10001, 10010, seconds(30)}, clock);
  EXPECT_EQ(pool.capacity(), 4u);  // 10002 10004 10006 10008 (10010 has no 10011)
  std::set<int> seen;
  for (int i = 0; i < 4; ++i) {
    auto lease = pool.allocate(false);
    ASSERT_TRUE(lease.has_value());
    EXPECT_EQ(lease->rtp_port % 2, 0);
    EXPECT_GE(lease->rtp_port, 10002);
    EXPECT_LE(lease->rtcp_port, 10010);
    EXPECT_EQ(lease->rtcp_port, lease->rtp_port + 1);
    seen.insert(lease->rtp_port);
  }
  EXPECT_EQ(seen.size(), 4u);
}

TEST(PortPool, RtcpMuxUsesTheRtpPort) {
  core::SimulatedClock clock;
  PortPool pool({20000, 20001, seconds(30)}, clock);
  auto lease = pool.allocate(true);
  ASSERT_TRUE(lease.has_value());
  EXPECT_TRUE(lease->rtcp_mux);
  EXPECT_EQ(lease->rtcp_port, lease->rtp_port);
}

TEST(PortPool, ExhaustionReturnsErrorNotCrash) {
  core::SimulatedClock clock;
  PortPool pool({30000, 30003, seconds(30)}, clock);
  ASSERT_TRUE(pool.allocate(false).has_value());
  ASSERT_TRUE(pool.allocate(false).has_value());
  auto third = pool.allocate(false);
  ASSERT_FALSE(third.has_value());
  EXPECT_EQ(third.error(), make_error_code(Errc::PortsExhausted));
}

TEST(PortPool, ReleasedPortRestsBeforeReuse) {
  core::SimulatedClock clock;
  PortPool pool({40000, 40001, seconds(30)}, clock);
  auto lease = pool.allocate(false);
  ASSERT_TRUE(lease.has_value());
  pool.release(*lease);
  EXPECT_EQ(pool.resting(), 1u);
  EXPECT_FALSE(pool.allocate(false).has_value());
  clock.advance(seconds(29));
  EXPECT_FALSE(pool.allocate(false).has_value());
  clock.advance(seconds(1));
  auto again = pool.allocate(false);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->rtp_port, 40000);
}

TEST(PortPool, LeastRecentlyReleasedPortIsReusedFirst) {
  core::SimulatedClock clock;
  PortPool pool({50000, 50005, seconds(0)}, clock);
  auto a = *pool.allocate(false);
  auto b = *pool.allocate(false);
  auto c = *pool.allocate(false);
  pool.release(b);
  pool.release(a);
  EXPECT_EQ(pool.allocate(false)->rtp_port, b.rtp_port);
  EXPECT_EQ(pool.allocate(false)->rtp_port, a.rtp_port);
  (void)c;
}

TEST(PortPool, DoubleOrForeignReleaseIsIgnored) {
  core::SimulatedClock clock;
  PortPool pool({60000, 60003, seconds(0)}, clock);
  auto a = *pool.allocate(false);
  pool.release(a);
  pool.release(a);
  pool.release(PortLease{12345, 12346, false});
  EXPECT_EQ(pool.leased(), 0u);
  EXPECT_EQ(pool.resting(), 1u);
  EXPECT_TRUE(pool.allocate(false).has_value());
  EXPECT_TRUE(pool.allocate(false).has_value());
  EXPECT_FALSE(pool.allocate(false).has_value());
}

TEST(PortPool, ConcurrentAllocationsNeverShareAPort) {
  core::SimulatedClock clock;
  PortPool pool({10000, 11999, seconds(30)}, clock);
  std::vector<std::vector<int>> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        auto lease = pool.allocate(false);
        if (lease) got[t].push_back(lease->rtp_port);
      }
    });
  }
  for (auto& th : threads)
    th.join();
  std::set<int> all;
  std::size_t total = 0;
  for (const auto& v : got) {
    total += v.size();
    all.insert(v.begin(), v.end());
  }
  EXPECT_EQ(total, 1000u);  // capacity is 1000; the other 200 attempts fail cleanly
  EXPECT_EQ(all.size(), 1000u);
  EXPECT_EQ(pool.leased(), 1000u);
}

}  // namespace
}  // namespace va::rtp
