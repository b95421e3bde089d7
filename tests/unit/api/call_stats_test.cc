// CallStats: day buckets in the client's time zone, today's count, outcome mix, live calls.
#include "api/call_stats.h"

#include <gtest/gtest.h>

namespace va::api {
namespace {

constexpr std::int64_t kHour = 3600LL * 1000;
constexpr std::int64_t kDay = 24 * kHour;
// 2025-11-25T10:00:00Z
constexpr std::int64_t kNow = 20417LL * kDay + 10 * kHour;

crm::Call call(std::int64_t created, std::string status, std::string outcome = "",
               std::string end_reason = "") {
  crm::Call c;
  c.created_at = created;
  c.status = crm::call_status_from_string(status).value();
  c.outcome = std::move(outcome);
  c.end_reason = std::move(end_reason);
  return c;
}

TEST(CivilDate, FormatsDaysSinceTheEpoch) {
  EXPECT_EQ(civil_date(0), "1970-01-01");
  EXPECT_EQ(civil_date(20417), "2025-11-25");
  EXPECT_EQ(civil_date(-1), "1969-12-31");
  EXPECT_EQ(civil_date(11016), "2000-02-29");
}

TEST(ComputeCallStats, CountsTodayPerDayAndTheOutcomeMix) {
  std::vector<crm::Call> calls{
      call(kNow - kHour, "ended", "interested"),
      call(kNow - 2 * kHour, "ended", "", "remote_bye"),
      call(kNow - 5 * 60 * 1000, "active"),
      call(kNow - kDay, "ended", "interested"),
      call(kNow - 3 * kDay, "ended", "", "no_answer"),
      call(kNow - 30 * kDay, "ended", "old"),  // outside the window
  };
  const auto s = compute_call_stats(calls, kNow, 7, 0);
  EXPECT_EQ(s.active, 1);
  EXPECT_EQ(s.today, 3);
  EXPECT_EQ(s.total, 5);
  ASSERT_EQ(s.per_day.size(), 7u);
  EXPECT_EQ(s.per_day.back().date, civil_date(20417));
  EXPECT_EQ(s.per_day.back().calls, 3);
  EXPECT_EQ(s.per_day[5].calls, 1);
  EXPECT_EQ(s.per_day[3].calls, 1);
  EXPECT_EQ(s.per_day[0].calls, 0);
  EXPECT_EQ(s.outcomes.at("interested"), 2);
  EXPECT_EQ(s.outcomes.at("remote_bye"), 1);
  EXPECT_EQ(s.outcomes.at("no_answer"), 1);
  EXPECT_EQ(s.outcomes.count("active"), 0u);  // a live call has no outcome yet
  EXPECT_EQ(s.outcomes.count("old"), 0u);
}

TEST(ComputeCallStats, UsesTheClientsTimeZoneForDayBoundaries) {
  // A call at 09:00Z, now 10:00Z.
  std::vector<crm::Call> calls{call(kNow - kHour, "ended", "x")};
  EXPECT_EQ(compute_call_stats(calls, kNow, 3, 0).today, 1);
  const auto west = compute_call_stats(calls, kNow, 3, -11 * 60);
  EXPECT_EQ(west.today, 1);  // UTC-11: now 23:00 local, the call at 22:00 local: same day
  EXPECT_EQ(west.per_day.back().date, civil_date(20416));
  const auto late = compute_call_stats(calls, kNow, 3, -(9 * 60 + 30));
  // UTC-9:30: now 00:30 local on the 25th, the call at 23:30 local on the 24th.
  EXPECT_EQ(late.today, 0);
  EXPECT_EQ(late.per_day[1].calls, 1);
  const auto east = compute_call_stats({call(kNow - 11 * kHour, "ended", "x")}, kNow, 3, 120);
  // now 12:00 local, call at 01:00 local today.
  EXPECT_EQ(east.today, 1);
  const auto utc = compute_call_stats({call(kNow - 11 * kHour, "ended", "x")}, kNow, 3, 0);
  // UTC: the call was at 23:00 yesterday.
  EXPECT_EQ(utc.today, 0);
  EXPECT_EQ(utc.per_day[1].calls, 1);
}

TEST(ComputeCallStats, KeepsEmptyDaysAndClampsTheWindow) {
  const auto s = compute_call_stats({}, kNow, 0, 0);
  ASSERT_EQ(s.per_day.size(), 1u);
  EXPECT_EQ(s.per_day[0].calls, 0);
  EXPECT_TRUE(s.outcomes.empty());
}

}  // namespace
}  // namespace va::api
