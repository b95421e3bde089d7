// Fuzz target: RSeq and RAck parsing (RFC 3262 7.1, 7.2). The input's first line is an RSeq
// value, the rest a RAck value. A parsed RAck round-trips through to_string(); a parsed RSeq
// is never 0; a 180 carrying the RSeq is reliable exactly when it parses.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sip/message.h"
#include "sip/reliable_provisional.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace va::sip;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nl = input.find('\n');
  const std::string_view rseq_text = input.substr(0, nl);
  const std::string_view rack_text = nl == std::string_view::npos ? "" : input.substr(nl + 1);

  const auto rseq = parse_rseq(rseq_text);
  if (rseq && *rseq == 0) std::abort();
  if (auto rack = parse_rack(rack_text)) {
    auto again = parse_rack(rack->to_string());
    if (!again || !(*again == *rack) || rack->rseq == 0) std::abort();
  }

  Message ringing;
  ringing.is_request = false;
  ringing.status = 180;
  ringing.headers.add("Require", "100rel");
  ringing.headers.add("RSeq", rseq_text);
  if (reliable_rseq(ringing).has_value() != rseq.has_value()) std::abort();
  return 0;
}
