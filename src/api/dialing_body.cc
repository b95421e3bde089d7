// Dialing settings: ranges chosen so a typo cannot flood a gateway (calls per minute up to
// 6000, 1000 concurrent) and a retry is at most 30 days away.
#include "api/dialing_body.h"

#include <algorithm>
#include <boost/json.hpp>

namespace va::api {
namespace {

namespace json = boost::json;

ApiError bad(const std::string& field, const std::string& why) {
  return bad_request("invalid_field", "field 'dialing." + field + "' " + why);
}

ApiResult<void> read_int(const json::object& o, const char* key, std::int64_t lo, std::int64_t hi,
                         std::int64_t& out, const std::string& prefix = "") {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return {};
  const auto range = std::to_string(lo) + ".." + std::to_string(hi);
  if (!v->is_int64() && !v->is_uint64()) return bad(prefix + key, "must be an integer " + range);
  const auto n = v->is_int64() ? v->get_int64() : static_cast<std::int64_t>(v->get_uint64());
  if (n < lo || n > hi) return bad(prefix + key, "must be " + range);
  out = n;
  return {};
}

ApiResult<void> read_retries(const json::value& v, crm::DialingSettings& d) {
  if (!v.is_object()) return bad("retry_after_s", "must be an object");
  const auto& o = v.get_object();
  constexpr std::int64_t kMax = 30 * 24 * 3600;
  const std::pair<const char*, std::int64_t*> fields[] = {{"busy", &d.retry_busy_s},
                                                          {"no_answer", &d.retry_no_answer_s},
                                                          {"rejected", &d.retry_rejected_s},
                                                          {"unreachable", &d.retry_unreachable_s},
                                                          {"failed", &d.retry_failed_s}};
  for (const auto& [name, field] : fields) {
    if (const auto* x = o.if_contains(name); x && x->is_null()) {
      *field = -1;  // null: that outcome is not retried
      continue;
    }
    if (auto r = read_int(o, name, 0, kMax, *field, "retry_after_s."); !r) return r;
  }
  return {};
}

ApiResult<void> read_time(const json::object& o, const char* key, std::int64_t& out) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return {};
  const auto m = v->is_string() ? parse_hhmm(std::string(v->get_string())) : -1;
  if (m < 0)
    return bad(std::string("calling_hours.") + key, "must be HH:MM between 00:00 and 24:00");
  out = m;
  return {};
}

ApiResult<void> read_hours(const json::value& v, crm::DialingSettings& d) {
  if (!v.is_object()) return bad("calling_hours", "must be an object {from, to, days}");
  const auto& o = v.get_object();
  if (auto r = read_time(o, "from", d.hours_from_min); !r) return r;
  if (auto r = read_time(o, "to", d.hours_to_min); !r) return r;
  if (d.hours_from_min == d.hours_to_min) return bad("calling_hours", "from and to must differ");
  if (const auto* days = o.if_contains("days"); days && !days->is_null()) {
    if (!days->is_array() || days->get_array().empty()) {
      return bad("calling_hours.days", "must be a non-empty list of ISO weekdays 1..7");
    }
    std::int64_t bits = 0;
    for (const auto& day : days->get_array()) {
      if (!day.is_int64() || day.get_int64() < 1 || day.get_int64() > 7) {
        return bad("calling_hours.days", "must hold ISO weekdays 1 (Monday) .. 7 (Sunday)");
      }
      bits |= std::int64_t{1} << day.get_int64();
    }
    d.days = bits;
  }
  return {};
}

}  // namespace

ApiResult<std::vector<std::string>> parse_line_names(const json::value& v, const std::string& field,
                                                     const std::vector<std::string>& known) {
  const auto bad_names = [&field](const std::string& why) {
    return bad_request("invalid_field", "field '" + field + "' " + why);
  };
  if (!v.is_array()) return bad_names("must be a list of line names");
  std::vector<std::string> out;
  for (const auto& x : v.get_array()) {
    if (!x.is_string()) return bad_names("must be a list of line names");
    std::string name(x.get_string());
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return bad_names("names an unknown line '" + name.substr(0, 64) +
                       "' (see [[sip.trunk.lines]])");
    }
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
  }
  return out;
}

std::int64_t parse_hhmm(const std::string& t) {
  if (t.size() != 5 || t[2] != ':') return -1;
  for (int i : {0, 1, 3, 4}) {
    if (t[i] < '0' || t[i] > '9') return -1;
  }
  const int h = (t[0] - '0') * 10 + (t[1] - '0');
  const int m = (t[3] - '0') * 10 + (t[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

ApiResult<void> apply_dialing(const json::value& v, crm::DialingSettings& d,
                              const std::vector<std::string>& lines) {
  if (!v.is_object()) return bad_request("invalid_field", "field 'dialing' must be an object");
  const auto& o = v.get_object();
  if (auto r = read_int(o, "max_concurrent", 1, 1000, d.max_concurrent); !r) return r;
  if (auto r = read_int(o, "calls_per_minute", 1, 6000, d.calls_per_minute); !r) return r;
  if (auto r = read_int(o, "max_attempts", 1, 100, d.max_attempts); !r) return r;
  if (const auto* x = o.if_contains("retry_after_s"); x && !x->is_null()) {
    if (auto r = read_retries(*x, d); !r) return r;
  }
  if (const auto* x = o.if_contains("calling_hours"); x && !x->is_null()) {
    if (auto r = read_hours(*x, d); !r) return r;
  }
  if (const auto* x = o.if_contains("lines"); x && !x->is_null()) {
    auto names = parse_line_names(*x, "dialing.lines", lines);
    if (!names) return names.error();
    d.lines = std::move(*names);
  }
  return {};
}

namespace {
json::value retry(std::int64_t s) {
  return s < 0 ? json::value(nullptr) : json::value(s);
}
std::string hhmm(std::int64_t m) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m / 60), static_cast<int>(m % 60));
  return buf;
}
}  // namespace

json::value dialing_view(const crm::DialingSettings& d) {
  json::array days;
  for (int day = 1; day <= 7; ++day) {
    if ((d.days >> day) & 1) days.push_back(day);
  }
  json::array lines;
  for (const auto& l : d.lines)
    lines.push_back(json::value(l));
  return json::object{{"max_concurrent", d.max_concurrent},
                      {"calls_per_minute", d.calls_per_minute},
                      {"max_attempts", d.max_attempts},
                      {"retry_after_s", json::object{{"busy", retry(d.retry_busy_s)},
                                                     {"no_answer", retry(d.retry_no_answer_s)},
                                                     {"rejected", retry(d.retry_rejected_s)},
                                                     {"unreachable", retry(d.retry_unreachable_s)},
                                                     {"failed", retry(d.retry_failed_s)}}},
                      {"calling_hours", json::object{{"from", hhmm(d.hours_from_min)},
                                                     {"to", hhmm(d.hours_to_min)},
                                                     {"days", std::move(days)}}},
                      {"lines", std::move(lines)}};
}

}  // namespace va::api
