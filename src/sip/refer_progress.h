// ReferProgress: what a NOTIFY of a REFER's implicit subscription says (RFC 3515 2.4.4-2.4.7):
// Event "refer" (;id= allowed), Content-Type message/sipfrag (RFC 3420) whose first line is a
// SIP status line ("SIP/2.0 200 OK"), and whether Subscription-State ends the subscription.
// Rules:
//  1. The Event header's type must be "refer" (case-insensitive) -> else BadEvent (489,
//     RFC 6665 8.2.1: a NOTIFY for an event package we did not subscribe to).
//  2. The Content-Type must be message/sipfrag (parameters such as ;version=2.0 ignored) ->
//     else UnsupportedType (415).
//  3. The body's first line must be "SIP/2.0 " SP 3-digit status 100-699 [SP reason], at
//     most kMaxSipfragBody bytes of printable text -> else Malformed (400).
//  4. Subscription-State "terminated" (or a final status, which RFC 3515 2.4.5 requires to
//     end it) marks the last NOTIFY.
// Anything malformed is answered and dropped; the call goes on.
#pragma once

#include <string>
#include <string_view>

namespace va::sip {

inline constexpr std::size_t kMaxSipfragBody = 4096;

struct ReferProgress {
  enum class Verdict { Ok, BadEvent, UnsupportedType, Malformed };
  Verdict verdict = Verdict::Malformed;
  int status = 0;           // the sipfrag's status (100-699) when Ok
  std::string reason;       // its reason phrase ("" allowed)
  bool terminated = false;  // rule 4
  std::string error;        // what was wrong, when not Ok

  // The status the NOTIFY gets: 200, 489, 415 or 400.
  int response_status() const;
  bool final() const { return verdict == Verdict::Ok && status >= 200; }
};

// `event`, `content_type`, `subscription_state`: the header values ("" when absent).
ReferProgress parse_refer_notify(std::string_view event, std::string_view content_type,
                                 std::string_view subscription_state, std::string_view body);

// The status line of a message/sipfrag body (rule 3); Verdict is Ok or Malformed.
ReferProgress parse_sipfrag(std::string_view body);

}  // namespace va::sip
