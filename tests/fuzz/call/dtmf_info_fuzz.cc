// Fuzz target: SIP INFO DTMF bodies. The first byte picks the Content-Type (dtmf-relay, dtmf,
// or the next bytes up to a NUL as a type of its own), the rest is the body. A Digit verdict
// must name one key; any other verdict must say why; the SMS text and send_dtmf validators
// must hold up on the same bytes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "call/dtmf_info.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace va::call;
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string_view type;
  switch (data[0] % 3) {
    case 0:
      type = "application/dtmf-relay";
      break;
    case 1:
      type = "application/dtmf";
      break;
    default: {
      const auto nul = rest.find('\0');
      type = rest.substr(0, nul);
      rest = nul == std::string_view::npos ? std::string_view{} : rest.substr(nul + 1);
    }
  }
  const auto d = parse_dtmf_info(type, rest);
  if (d.verdict == DtmfInfo::Verdict::Digit) {
    if (!is_dtmf_key(d.digit) || dtmf_event_code(d.digit) < 0 || d.status() != 200) std::abort();
  } else if (d.error.empty() || (d.status() != 400 && d.status() != 415)) {
    std::abort();
  }
  (void)sms_text_error(rest);
  if (dtmf_digits_error(rest).empty()) {
    for (char c : rest)
      if (!is_dtmf_key(c)) std::abort();
  }
  return 0;
}
