// Session timers (RFC 4028): the Session-Expires and Min-SE headers, and the negotiation of
// the interval and the refresher for one session.
//
// Rules (UAS, section 9; UAC, section 7.2):
//  1. We run a session timer only when the peer asks: the INVITE (UAS) or the 2xx (UAC)
//     carries Session-Expires.
//  2. UAS: an interval below our Min-SE -> 422 with our Min-SE (never below 90 s). Else the
//     interval is min(requested, our configured), not below the request's Min-SE.
//  3. UAS refresher: the one the request names; else "uac" when the UAC supports "timer",
//     else "uas". The 2xx carries Session-Expires;refresher=..., and Require: timer when the
//     UAC supports it.
//  4. The refresher sends a refresh (re-INVITE) at half the interval. The other side, if no
//     refresh arrives, ends the session with BYE at interval - min(32, interval/3) s.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sip/dialog_errc.h"
#include "sip/message.h"

namespace va::sip {

// RFC 4028 section 4: the smallest interval anyone may ask for.
inline constexpr std::uint32_t kMinSessionExpires = 90;

enum class Refresher { Uac, Uas };
std::string_view to_string(Refresher r);  // "uac" / "uas"

// Session-Expires: delta-seconds *(;se-params) with an optional refresher param.
struct SessionExpires {
  std::uint32_t seconds = 0;
  std::optional<Refresher> refresher;
  std::string to_string() const;  // "1800;refresher=uac"
  bool operator==(const SessionExpires&) const = default;
};

core::Result<SessionExpires> parse_session_expires(std::string_view value);
// Min-SE: delta-seconds *(;generic-param).
core::Result<std::uint32_t> parse_min_se(std::string_view value);

// True when an option tag appears in any Supported (or Require) header of `message`.
bool has_option_tag(const Message& message, std::string_view header, std::string_view tag);

struct SessionTimerConfig {
  bool enabled = true;
  std::uint32_t session_expires = 1800;       // s, what we allow at most
  std::uint32_t min_se = kMinSessionExpires;  // s, what we accept at least
};

// The agreed timer of one session.
struct SessionTimer {
  std::uint32_t interval = 0;  // s
  Refresher refresher = Refresher::Uac;
  bool peer_supports_timer = false;  // -> Require: timer in our 2xx

  // Whether the side playing `role` refreshes.
  bool we_refresh(bool we_are_uac) const { return (refresher == Refresher::Uac) == we_are_uac; }
  // When the refresher sends its refresh: half the interval (section 10).
  std::chrono::milliseconds refresh_after() const;
  // When the other side gives up (section 10): interval - min(32 s, interval / 3).
  std::chrono::milliseconds expire_after() const;
};

// The UAS outcome for a request (rule 2/3): no timer, a timer, or a 422 naming our Min-SE.
struct UasTimerDecision {
  std::optional<SessionTimer> timer;
  std::optional<std::uint32_t> reject_with_min_se;  // answer 422 with this Min-SE
};

// Malformed Session-Expires or Min-SE in `request` -> error (answer 400).
core::Result<UasTimerDecision> negotiate_as_uas(const Message& request,
                                                const SessionTimerConfig& config);
// UAC: the timer a 2xx sets (rule 1); nullopt when the 2xx has no Session-Expires.
// A missing refresher in the 2xx means the UAC (we) refreshes, as section 7.2 requires.
std::optional<SessionTimer> negotiate_as_uac(const Message& response);

// Adds Session-Expires, and Require: timer when the peer supports it, to a 2xx (rule 3).
void add_session_timer_headers(Message& response, const SessionTimer& timer);

}  // namespace va::sip
