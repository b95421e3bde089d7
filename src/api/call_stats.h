// CallStats: the dashboard's numbers (GET /api/stats): live calls, today's calls, the outcome
// mix and calls per day over a window, from call records the actor may see.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "crm/entities.h"

namespace va::api {

struct DayCount {
  std::string date;  // YYYY-MM-DD in the requested time zone offset
  std::int64_t calls = 0;
};

struct CallStats {
  std::int64_t active = 0;                       // not ended (dialing, ringing, active)
  std::int64_t today = 0;                        // created since local midnight
  std::int64_t total = 0;                        // created within the window
  std::map<std::string, std::int64_t> outcomes;  // ended calls: outcome, else end_reason
  std::vector<DayCount> per_day;                 // oldest first, `days` entries, zeros kept
};

// Calls are any order; `now_ms` is the UTC epoch in ms; `tz_offset_min` is minutes east of
// UTC (the browser's -getTimezoneOffset()); `days` >= 1 is the window including today.
CallStats compute_call_stats(const std::vector<crm::Call>& calls, std::int64_t now_ms, int days,
                             int tz_offset_min);

// "YYYY-MM-DD" of a day number since 1970-01-01 (proleptic Gregorian).
std::string civil_date(std::int64_t days_since_epoch);

}  // namespace va::api
