// CallingHours: may a lead be called now, in its own local time, and if not, from when.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "crm/entities.h"

namespace date {
class time_zone;
}

namespace va::dialer {

using SysTime = std::chrono::system_clock::time_point;

struct HoursVerdict {
  bool open = false;
  SysTime opens_at{};  // when closed: the next opening (the window's start, local time)
};

// The window [from, to) on the ISO weekdays of `d.days`, read in `zone` at `now`. A window
// with from > to runs over midnight (it belongs to the day it starts on). A local start time
// that DST skips opens at the first valid instant after it.
HoursVerdict check_hours(const crm::DialingSettings& d, const date::time_zone& zone, SysTime now);

// "HH:MM" of minutes after midnight.
std::string hhmm(std::int64_t minutes);

}  // namespace va::dialer
