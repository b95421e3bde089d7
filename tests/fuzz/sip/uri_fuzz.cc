// Fuzz target: URI parser (RFC 3261 19.1, RFC 3966): parse -> to_string -> parse is stable.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sip/uri.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace va::sip;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto uri = parse_uri(input);
  if (!uri) return 0;
  const std::string text = uri->to_string();
  auto again = parse_uri(text);
  if (!again || !(*again == *uri) || again->to_string() != text) std::abort();
  if (uri->is_sip() && (!uri_equivalent(*uri, *again) || uri->host_port().empty())) std::abort();
  for (const Param& p : uri->params.items()) {
    if (!uri->params.has(p.name)) std::abort();
  }
  return 0;
}
