// Fuzz target: Via header parser (RFC 3261 20.42, RFC 3581): each via-parm round-trips.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sip/via.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace va::sip;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto list = parse_via_list(input);
  if (!list) return 0;
  for (const Via& v : *list) {
    const std::string text = v.to_string();
    auto again = parse_via(text);
    if (!again || !(*again == v) || again->to_string() != text) std::abort();
    if (v.rfc3261_branch() && !v.branch().starts_with(kMagicCookie)) std::abort();
  }
  return 0;
}
