// Fuzz target: the NOTIFYs of a REFER (sip/refer_progress.h). The first byte picks the header
// values (well-formed, or taken from the input up to NULs), the rest is the sipfrag body. An
// Ok verdict must carry a status in 100-699 and a final one must end the subscription; any
// other verdict must say why and map to 400, 415 or 489.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sip/refer_progress.h"

namespace {

std::string_view take(std::string_view& rest) {
  const auto nul = rest.find('\0');
  const auto out = rest.substr(0, nul);
  rest = nul == std::string_view::npos ? std::string_view{} : rest.substr(nul + 1);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace va::sip;
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string_view event = "refer", type = "message/sipfrag", state = "active";
  if (data[0] & 1) event = take(rest);
  if (data[0] & 2) type = take(rest);
  if (data[0] & 4) state = take(rest);
  const auto p = parse_refer_notify(event, type, state, rest);
  if (p.verdict == ReferProgress::Verdict::Ok) {
    if (p.status < 100 || p.status > 699 || p.response_status() != 200) std::abort();
    if (p.final() && !p.terminated) std::abort();
  } else {
    const int s = p.response_status();
    if (p.error.empty() || (s != 400 && s != 415 && s != 489)) std::abort();
  }
  const auto f = parse_sipfrag(rest);
  if (f.verdict == ReferProgress::Verdict::Ok && (f.status < 100 || f.status > 699)) std::abort();
  return 0;
}
