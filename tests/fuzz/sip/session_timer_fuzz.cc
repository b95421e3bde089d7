// Fuzz target: Session-Expires and Min-SE parsing and the UAS negotiation (RFC 4028 4, 5, 9).
// The input's first line is a Session-Expires value, the rest a Min-SE value. A parsed
// Session-Expires round-trips; a negotiated interval is never below 90 s nor a 422 below it.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sip/message.h"
#include "sip/session_timer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace va::sip;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nl = input.find('\n');
  const std::string_view se_text = input.substr(0, nl);
  const std::string_view min_text = nl == std::string_view::npos ? "" : input.substr(nl + 1);

  if (auto se = parse_session_expires(se_text)) {
    auto again = parse_session_expires(se->to_string());
    if (!again || !(*again == *se)) std::abort();
  }
  (void)parse_min_se(min_text);

  Message invite;
  invite.method = Method::Invite;
  invite.headers.add("Session-Expires", se_text);
  if (nl != std::string_view::npos) invite.headers.add("Min-SE", min_text);
  invite.headers.add("Supported", "timer");
  auto decision = negotiate_as_uas(invite, SessionTimerConfig{});
  if (decision) {
    if (decision->timer && decision->timer->interval < kMinSessionExpires) std::abort();
    if (decision->reject_with_min_se && *decision->reject_with_min_se < kMinSessionExpires) {
      std::abort();
    }
    if (decision->timer && decision->timer->expire_after() > decision->timer->refresh_after() * 2)
      std::abort();
  }
  return 0;
}
