// order_srv: RFC 2782 priority order and weighted draws.
#include "sip/dns/srv_order.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace va::sip {
namespace {

SrvData srv(std::uint16_t priority, std::uint16_t weight, std::string target) {
  return SrvData{priority, weight, 5060, std::move(target)};
}

TEST(SrvOrder, LowerPriorityComesFirstWhateverTheWeights) {
  auto out = order_srv({srv(20, 100, "c"), srv(10, 0, "a"), srv(30, 1, "d"), srv(10, 0, "b")},
                       [] { return 0.99; });
  ASSERT_EQ(out.size(), 4U);
  EXPECT_EQ(out[0].priority, 10);
  EXPECT_EQ(out[1].priority, 10);
  EXPECT_EQ(out[2].target, "c");
  EXPECT_EQ(out[3].target, "d");
}

TEST(SrvOrder, DropsTheNoServiceTarget) {
  auto out = order_srv({srv(0, 0, ""), srv(1, 0, "a")}, [] { return 0.5; });
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].target, "a");
}

TEST(SrvOrder, TheDrawFollowsTheRunningSum) {
  // Weights 75 and 25, sum 100: r = floor(u * 101); r <= 75 picks the first.
  const std::vector<SrvData> group{srv(10, 75, "heavy"), srv(10, 25, "light")};
  EXPECT_EQ(order_srv(group, [] { return 0.70; })[0].target, "heavy");  // r = 70
  EXPECT_EQ(order_srv(group, [] { return 0.76; })[0].target, "light");  // r = 76
  auto both = order_srv(group, [] { return 0.0; });
  EXPECT_EQ(both[1].target, "light");  // the one left is always taken last
}

TEST(SrvOrder, AZeroWeightGoesFirstOnlyWhenTheDrawIsZero) {
  const std::vector<SrvData> group{srv(1, 10, "w"), srv(1, 0, "zero")};
  EXPECT_EQ(order_srv(group, [] { return 0.0; })[0].target, "zero");
  EXPECT_EQ(order_srv(group, [] { return 0.1; })[0].target, "w");
}

TEST(SrvOrder, TenThousandDrawsSplitByWeightWithinBounds) {
  std::mt19937_64 engine(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::map<std::string, int> first;
  const int n = 10000;
  for (int i = 0; i < n; ++i) {
    auto out = order_srv({srv(10, 60, "a"), srv(10, 30, "b"), srv(10, 10, "c"), srv(20, 50, "z")},
                         [&] { return unit(engine); });
    ASSERT_EQ(out.size(), 4U);
    ASSERT_EQ(out[3].target, "z");
    ++first[out[0].target];
  }
  // Expected shares 60/30/10 % of 101 draw values (~59.4, 29.7, 10.9 %); 5 sigma is ~2.5 %.
  EXPECT_NEAR(first["a"] / double(n), 0.594, 0.025);
  EXPECT_NEAR(first["b"] / double(n), 0.297, 0.025);
  EXPECT_NEAR(first["c"] / double(n), 0.109, 0.025);
}

}  // namespace
}  // namespace va::sip
