// DTMF in SIP INFO bodies (the de-facto formats, no RFC): application/dtmf-relay
// ("Signal=5\r\nDuration=160", Cisco/Asterisk style) and application/dtmf ("5"). One INFO is
// one key press. A body that does not say exactly one key is malformed (the INFO gets 400),
// another Content-Type is unsupported (415); either way the call goes on.
#pragma once

#include <string>
#include <string_view>

namespace va::call {

inline constexpr std::size_t kMaxDtmfInfoBody = 256;  // longer bodies are malformed

struct DtmfInfo {
  enum class Verdict { Digit, Malformed, UnsupportedType };
  Verdict verdict = Verdict::Malformed;
  char digit = 0;     // '0'-'9', '*', '#', 'A'-'D' when verdict is Digit
  int duration = -1;  // ms from dtmf-relay's Duration, -1 when absent
  std::string error;  // what was wrong (Malformed, UnsupportedType)

  // The SIP status the INFO gets: 200, 400 or 415.
  int status() const;
};

// `content_type` is the header's value (parameters and case ignored).
DtmfInfo parse_dtmf_info(std::string_view content_type, std::string_view body);

// send_dtmf's digits: 1-kMaxDtmfDigits keys; "" when valid, else what is wrong.
inline constexpr std::size_t kMaxDtmfDigits = 32;
std::string dtmf_digits_error(std::string_view digits);

// An SMS text: 1-kMaxSmsBytes bytes of valid UTF-8 with no NUL; "" when valid, else what is
// wrong (the API names the field).
inline constexpr std::size_t kMaxSmsBytes = 1000;
std::string sms_text_error(std::string_view text);

// True for '0'-'9', '*', '#', 'A'-'D' (also lower-case a-d, which parse as upper-case).
bool is_dtmf_key(char c);
// 0-15 (RFC 4733 3.2 event code) for a key, -1 otherwise.
int dtmf_event_code(char c);

}  // namespace va::call
