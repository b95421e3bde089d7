// Fuzz target: TCP stream framing (RFC 3261 18.3). The first byte picks the read size, so the
// same bytes arrive in different splits; framed messages never exceed the limit and never
// account for more bytes than were fed.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sip/stream_framer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace va::sip;
  if (size == 0) return 0;
  const std::size_t chunk = data[0] % 64 + 1;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  StreamFramer framer(4096);
  std::size_t framed = 0;
  for (std::size_t at = 0; at < input.size(); at += chunk) {
    framer.feed(input.substr(at, chunk));
    while (true) {
      auto r = framer.next();
      if (!r) return 0;  // the connection would be closed
      if (!*r) break;
      if ((*r)->size() > 4096 || (*r)->empty()) std::abort();
      framed += (*r)->size();
    }
  }
  if (framed + framer.buffered() > input.size()) std::abort();
  return 0;
}
