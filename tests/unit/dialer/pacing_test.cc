// Pacing: the sliding 60 s window and the trunk lines' capacity and back-off.
#include "dialer/pacing.h"

#include <gtest/gtest.h>

namespace va::dialer {
namespace {

using namespace std::chrono;

TEST(RateWindow, SlidesOverSixtySeconds) {
  RateWindow w;
  const Steady t0{};
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(w.allows(t0 + seconds(i * 10), 3));
    w.add(t0 + seconds(i * 10));
  }
  EXPECT_FALSE(w.allows(t0 + seconds(59), 3));  // 3 starts in the last 60 s
  EXPECT_EQ(w.next_slot(t0 + seconds(59), 3), t0 + seconds(60));
  EXPECT_TRUE(w.allows(t0 + seconds(60), 3));  // the first one left the window
  w.add(t0 + seconds(60));
  EXPECT_FALSE(w.allows(t0 + seconds(69), 3));
  EXPECT_EQ(w.count(t0 + seconds(121)), 0u);
}

TEST(LineTable, NeverMoreThanCapacity) {
  LineTable lines({{"gsm1", "91", 2}, {"gsm2", "92", 1}});
  const Steady now{};
  std::map<std::string, int> taken;
  for (int i = 0; i < 3; ++i) {
    auto l = lines.pick({}, now);
    ASSERT_TRUE(l);
    lines.take(l->name);
    ++taken[l->name];
  }
  EXPECT_EQ(taken["gsm1"], 2);
  EXPECT_EQ(taken["gsm2"], 1);
  EXPECT_FALSE(lines.pick({}, now));
  EXPECT_EQ(lines.blocked_reason({}, now), "all lines busy");
  lines.release("gsm2");
  EXPECT_EQ(lines.pick({}, now)->name, "gsm2");
}

TEST(LineTable, KeepsToTheCampaignsLines) {
  LineTable lines({{"gsm1", "91", 5}, {"gsm2", "92", 5}});
  EXPECT_EQ(lines.pick({"gsm2"}, Steady{})->prefix, "92");
  EXPECT_TRUE(lines.known("gsm1"));
  EXPECT_FALSE(lines.known("gsm9"));
}

TEST(LineTable, CandidatesAreTheOpenAllowedLinesMostFreeFirst) {
  LineTable lines({{"gsm1", "91", 2}, {"gsm2", "92", 3}, {"gsm3", "93", 1}});
  const Steady now{};
  auto names = [&](const std::vector<std::string>& allowed) {
    std::vector<std::string> out;
    for (const auto& l : lines.candidates(allowed, now))
      out.push_back(l.name);
    return out;
  };
  EXPECT_EQ(names({}), (std::vector<std::string>{"gsm2", "gsm1", "gsm3"}));
  lines.take("gsm2");
  lines.take("gsm2");
  lines.take("gsm3");
  EXPECT_EQ(names({}), (std::vector<std::string>{"gsm1", "gsm2"}));  // gsm3 is full
  EXPECT_EQ(names({"gsm3", "gsm2"}), (std::vector<std::string>{"gsm2"}));
  lines.congested("gsm1", now);
  EXPECT_EQ(names({"gsm1"}), std::vector<std::string>{});
  EXPECT_EQ(lines.config("gsm3")->prefix, "93");
  EXPECT_FALSE(lines.config("gsm9"));
  LineTable none({});
  EXPECT_TRUE(none.candidates({}, now).empty());  // no accounting without lines
  EXPECT_EQ(none.config("")->prefix, "");
}

TEST(LineTable, CongestionBacksTheLineOffAndDoubles) {
  LineTable lines({{"gsm1", "91", 5}});
  const Steady t0{};
  lines.congested("gsm1", t0);
  EXPECT_FALSE(lines.pick({}, t0 + milliseconds(1999)));
  EXPECT_TRUE(lines.pick({}, t0 + seconds(2)));
  lines.congested("gsm1", t0 + seconds(2));
  EXPECT_FALSE(lines.pick({}, t0 + seconds(5)));  // 4 s now
  EXPECT_TRUE(lines.pick({}, t0 + seconds(6)));
  lines.cleared("gsm1");
  lines.congested("gsm1", t0 + seconds(10));
  EXPECT_TRUE(lines.pick({}, t0 + seconds(12)));  // back to 2 s
}

TEST(LineTable, NoLinesMeansOneUnlimitedLine) {
  LineTable lines({});
  for (int i = 0; i < 1000; ++i) {
    auto l = lines.pick({}, Steady{});
    ASSERT_TRUE(l);
    EXPECT_EQ(l->prefix, "");
    lines.take(l->name);
  }
}

}  // namespace
}  // namespace va::dialer
