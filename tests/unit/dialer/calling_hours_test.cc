// CallingHours across zones and DST, through the system tz database.
#include "dialer/calling_hours.h"

#include <date/tz.h>
#include <gtest/gtest.h>

namespace va::dialer {
namespace {

using namespace std::chrono;

SysTime utc(int y, unsigned m, unsigned d, int h, int min) {
  return date::sys_days{date::year{y} / m / d} + hours(h) + minutes(min);
}

crm::DialingSettings nine_to_five() {
  crm::DialingSettings d;
  d.hours_from_min = 9 * 60;
  d.hours_to_min = 17 * 60;
  d.days = 0b0111110;  // Monday..Friday
  return d;
}

const date::time_zone& zone(const char* name) {
  return *date::locate_zone(name);
}

TEST(CallingHours, OpenInsideTheWindowInTheLeadsZone) {
  // Wednesday 2026-01-14 08:30 UTC = 10:30 in Sofia (UTC+2), 03:30 in New York (UTC-5).
  const auto now = utc(2026, 1, 14, 8, 30);
  EXPECT_TRUE(check_hours(nine_to_five(), zone("Europe/Sofia"), now).open);
  auto ny = check_hours(nine_to_five(), zone("America/New_York"), now);
  EXPECT_FALSE(ny.open);
  EXPECT_EQ(ny.opens_at, utc(2026, 1, 14, 14, 0));  // 09:00 EST
}

TEST(CallingHours, ClosedAtTheEndAndOverTheWeekend) {
  // Friday 2026-01-16 17:00 Sofia = 15:00 UTC: closed ([from, to)), next Monday 09:00.
  auto v = check_hours(nine_to_five(), zone("Europe/Sofia"), utc(2026, 1, 16, 15, 0));
  EXPECT_FALSE(v.open);
  EXPECT_EQ(v.opens_at, utc(2026, 1, 19, 7, 0));
}

TEST(CallingHours, FollowsDaylightSavingTime) {
  // Sofia is UTC+2 in winter, UTC+3 in summer (EU DST began 2026-03-29).
  auto winter = check_hours(nine_to_five(), zone("Europe/Sofia"), utc(2026, 3, 27, 6, 30));
  EXPECT_FALSE(winter.open);  // 08:30 local
  EXPECT_EQ(winter.opens_at, utc(2026, 3, 27, 7, 0));
  auto summer = check_hours(nine_to_five(), zone("Europe/Sofia"), utc(2026, 3, 30, 6, 30));
  EXPECT_TRUE(summer.open);  // 09:30 local
  auto before = check_hours(nine_to_five(), zone("Europe/Sofia"), utc(2026, 3, 30, 5, 30));
  EXPECT_FALSE(before.open);
  EXPECT_EQ(before.opens_at, utc(2026, 3, 30, 6, 0));  // 09:00 EEST
}

TEST(CallingHours, AStartTimeThatDstSkipsOpensWhenClocksJump) {
  // Europe/Berlin skips 02:00-03:00 on Sunday 2026-03-29.
  crm::DialingSettings d;
  d.hours_from_min = 2 * 60 + 30;
  d.hours_to_min = 4 * 60;
  d.days = 0b11111110;
  auto v = check_hours(d, zone("Europe/Berlin"), utc(2026, 3, 28, 23, 0));  // 00:00 local
  EXPECT_FALSE(v.open);
  EXPECT_EQ(v.opens_at, utc(2026, 3, 29, 1, 0));  // 03:00 CEST, the first valid instant
}

TEST(CallingHours, OvernightWindowBelongsToItsStartDay) {
  crm::DialingSettings d;
  d.hours_from_min = 22 * 60;
  d.hours_to_min = 2 * 60;
  d.days = 1 << 3;  // Wednesday only
  const auto& z = zone("UTC");
  EXPECT_TRUE(check_hours(d, z, utc(2026, 1, 14, 23, 0)).open);   // Wed 23:00
  EXPECT_TRUE(check_hours(d, z, utc(2026, 1, 15, 1, 0)).open);    // Thu 01:00, Wed's window
  EXPECT_FALSE(check_hours(d, z, utc(2026, 1, 15, 23, 0)).open);  // Thu 23:00
}

TEST(CallingHours, FormatsHours) {
  EXPECT_EQ(hhmm(9 * 60), "09:00");
  EXPECT_EQ(hhmm(17 * 60 + 5), "17:05");
}

}  // namespace
}  // namespace va::dialer
