// Fuzz target: a=crypto (RFC 4568 9.1): what parses formats and parses back the same, and
// redaction leaves no character of any inline key behind.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sip/sdp/sdp_crypto.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace va::sdp;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string redacted = redact_crypto_keys(input);
  // Every "inline:" of the output is followed by the marker, never by what followed it.
  for (auto at = redacted.find("inline:"); at != std::string::npos;
       at = redacted.find("inline:", at + 1)) {
    if (redacted.compare(at + 7, 10, "<redacted>") != 0) std::abort();
  }
  auto c = parse_crypto(input);
  if (!c) return 0;
  const std::string text = format_crypto(*c);
  auto again = parse_crypto(text);
  if (!again || !(*again == *c) || format_crypto(*again) != text) std::abort();
  if (redact_crypto_keys(text).find(text.substr(text.find("inline:") + 7)) != std::string::npos)
    std::abort();
  return 0;
}
