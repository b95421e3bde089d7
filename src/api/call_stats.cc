// CallStats: day arithmetic on epoch milliseconds shifted by the client's UTC offset.
#include "api/call_stats.h"

#include <cstdio>

namespace va::api {
namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

std::string civil_date(std::int64_t z) {
  // Howard Hinnant's days_from_civil inverse.
  z += 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d));
  return buf;
}

CallStats compute_call_stats(const std::vector<crm::Call>& calls, std::int64_t now_ms, int days,
                             int tz_offset_min) {
  CallStats s;
  if (days < 1) days = 1;
  const std::int64_t shift = static_cast<std::int64_t>(tz_offset_min) * 60 * 1000;
  const std::int64_t today = floor_div(now_ms + shift, kDayMs);
  const std::int64_t first = today - days + 1;
  s.per_day.reserve(static_cast<std::size_t>(days));
  for (std::int64_t d = first; d <= today; ++d)
    s.per_day.push_back({civil_date(d), 0});
  for (const auto& c : calls) {
    if (crm::is_live(c.status)) ++s.active;
    const std::int64_t day = floor_div(c.created_at + shift, kDayMs);
    if (day < first || day > today) continue;
    ++s.total;
    ++s.per_day[static_cast<std::size_t>(day - first)].calls;
    if (day == today) ++s.today;
    if (crm::is_live(c.status)) continue;  // live calls have no outcome yet
    const std::string& key = !c.outcome.empty()      ? c.outcome
                             : !c.end_reason.empty() ? c.end_reason
                                                     : std::string(crm::to_string(c.status));
    ++s.outcomes[key];
  }
  return s;
}

}  // namespace va::api
