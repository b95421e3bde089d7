// CallingHours: local days through the tz database (date::zoned_time), never by offsets.
#include "dialer/calling_hours.h"

#include <date/tz.h>

#include <cstdio>

namespace va::dialer {
namespace {

using date::local_days;
using std::chrono::minutes;

unsigned iso_weekday(local_days day) {
  return date::weekday(day).iso_encoding();  // 1 = Monday .. 7 = Sunday
}

bool day_allowed(const crm::DialingSettings& d, local_days day) {
  return (d.days >> iso_weekday(day)) & 1;
}

// The instant of local `day` + `m` minutes in `zone`; a skipped local time (spring forward)
// maps to the instant the clocks jumped to, an ambiguous one to the earlier instant.
SysTime instant(const date::time_zone& zone, local_days day, std::int64_t m) {
  const auto local = day + minutes(m);
  const auto info = zone.get_info(local);
  if (info.result == date::local_info::nonexistent) {
    return std::chrono::time_point_cast<SysTime::duration>(info.second.begin);
  }
  return std::chrono::time_point_cast<SysTime::duration>(
      zone.to_sys(local, date::choose::earliest));
}

}  // namespace

std::string hhmm(std::int64_t m) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m / 60 % 24),
                static_cast<int>(m % 60));
  return buf;
}

HoursVerdict check_hours(const crm::DialingSettings& d, const date::time_zone& zone, SysTime now) {
  const auto local = zone.to_local(std::chrono::time_point_cast<std::chrono::seconds>(now));
  const auto today = std::chrono::time_point_cast<date::days>(local);
  const auto minute =
      std::chrono::duration_cast<minutes>(local - today).count();  // minutes after midnight
  const bool overnight = d.hours_from_min > d.hours_to_min;
  if (!overnight) {
    if (day_allowed(d, today) && minute >= d.hours_from_min && minute < d.hours_to_min) {
      return {true, {}};
    }
  } else {
    if (day_allowed(d, today) && minute >= d.hours_from_min) return {true, {}};
    if (day_allowed(d, today - date::days(1)) && minute < d.hours_to_min) return {true, {}};
  }
  // The next window start: today's if it is still ahead, else the next allowed day's.
  for (int ahead = 0; ahead <= 7; ++ahead) {
    const auto day = today + date::days(ahead);
    if (!day_allowed(d, day)) continue;
    const auto start = instant(zone, day, d.hours_from_min);
    if (start > now) return {false, start};
  }
  return {false, now + std::chrono::hours(24 * 8)};  // no day allowed at all
}

}  // namespace va::dialer
