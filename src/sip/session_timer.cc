// Session timers: Session-Expires / Min-SE parsing and negotiation (RFC 4028 sections 4, 5,
// 7, 9, 10; rules in the header).
#include "sip/session_timer.h"

#include <algorithm>
#include <charconv>

#include "sip/param.h"

namespace va::sip {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// delta-seconds followed by optional ;params; false on anything else.
bool parse_delta(std::string_view value, std::uint32_t& seconds, Params& params) {
  value = trim(value);
  std::size_t digits = 0;
  while (digits < value.size() && value[digits] >= '0' && value[digits] <= '9')
    ++digits;
  if (digits == 0 || digits > 10) return false;
  std::uint64_t n = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + digits, n);
  if (ec != std::errc{} || ptr != value.data() + digits || n > 0xffffffffULL) return false;
  seconds = static_cast<std::uint32_t>(n);
  return parse_generic_params(value.substr(digits), params);
}

bool equals_ci(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return (x | 0x20) == (y | 0x20); });
}

}  // namespace

std::string_view to_string(Refresher r) {
  return r == Refresher::Uac ? "uac" : "uas";
}

std::string SessionExpires::to_string() const {
  std::string out = std::to_string(seconds);
  if (refresher) {
    out += ";refresher=";
    out += sip::to_string(*refresher);
  }
  return out;
}

core::Result<SessionExpires> parse_session_expires(std::string_view value) {
  SessionExpires out;
  Params params;
  if (!parse_delta(value, out.seconds, params)) return DialogErrc::BadSessionExpires;
  if (const std::string* r = params.get("refresher")) {
    if (equals_ci(*r, "uac")) {
      out.refresher = Refresher::Uac;
    } else if (equals_ci(*r, "uas")) {
      out.refresher = Refresher::Uas;
    } else {
      return DialogErrc::BadSessionExpires;
    }
  }
  return out;
}

core::Result<std::uint32_t> parse_min_se(std::string_view value) {
  std::uint32_t seconds = 0;
  Params params;
  if (!parse_delta(value, seconds, params)) return DialogErrc::BadMinSe;
  return seconds;
}

bool has_option_tag(const Message& message, std::string_view header, std::string_view tag) {
  for (std::string_view value : message.headers.get_all(header)) {
    for (std::string_view item : split_header_list(value)) {
      if (equals_ci(item, tag)) return true;
    }
  }
  return false;
}

std::chrono::milliseconds SessionTimer::refresh_after() const {
  return std::chrono::milliseconds{std::uint64_t{interval} * 1000 / 2};
}

std::chrono::milliseconds SessionTimer::expire_after() const {
  const std::uint32_t margin = std::min<std::uint32_t>(32, interval / 3);
  return std::chrono::milliseconds{std::uint64_t{interval - margin} * 1000};
}

core::Result<UasTimerDecision> negotiate_as_uas(const Message& request,
                                                const SessionTimerConfig& config) {
  UasTimerDecision out;
  const std::string* se_text = request.headers.get("Session-Expires");
  std::uint32_t peer_min_se = kMinSessionExpires;
  if (const std::string* min_text = request.headers.get("Min-SE")) {
    auto min = parse_min_se(*min_text);
    if (!min) return min.error();
    peer_min_se = std::max(*min, kMinSessionExpires);
  }
  if (!config.enabled || se_text == nullptr) return out;
  auto se = parse_session_expires(*se_text);
  if (!se) return se.error();
  const std::uint32_t our_min = std::max(config.min_se, kMinSessionExpires);
  if (se->seconds < our_min) {
    out.reject_with_min_se = our_min;
    return out;
  }
  SessionTimer timer;
  timer.peer_supports_timer = has_option_tag(request, "Supported", "timer");
  // Section 9: the UAS may lower the interval, but not below the request's Min-SE.
  timer.interval = std::max(std::min(se->seconds, config.session_expires), peer_min_se);
  if (se->refresher) {
    timer.refresher = *se->refresher;
  } else {
    timer.refresher = timer.peer_supports_timer ? Refresher::Uac : Refresher::Uas;
  }
  out.timer = timer;
  return out;
}

std::optional<SessionTimer> negotiate_as_uac(const Message& response) {
  const std::string* se_text = response.headers.get("Session-Expires");
  if (se_text == nullptr) return std::nullopt;
  auto se = parse_session_expires(*se_text);
  if (!se || se->seconds == 0) return std::nullopt;
  SessionTimer timer;
  timer.interval = se->seconds;
  // Section 7.2: a 2xx without refresher (only possible when we did not ask) -> we refresh.
  timer.refresher = se->refresher.value_or(Refresher::Uac);
  timer.peer_supports_timer = true;
  return timer;
}

void add_session_timer_headers(Message& response, const SessionTimer& timer) {
  response.headers.set("Session-Expires",
                       SessionExpires{timer.interval, timer.refresher}.to_string());
  if (timer.peer_supports_timer) response.headers.add("Require", "timer");
}

}  // namespace va::sip
