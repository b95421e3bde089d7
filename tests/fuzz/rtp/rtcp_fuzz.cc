// Fuzz target: RTCP compound parser (RFC 3550 6.4-6.6, A.2); serialize -> parse must round-trip.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "rtp/rtcp/compound.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace va::rtp::rtcp;
  auto c = parse_compound({data, size});
  if (!c) return 0;
  // APP/feedback packets and SR profile extensions are not re-serialized; compare the rest.
  Compound expected = *c;
  expected.other_packets = 0;
  std::vector<std::uint8_t> out(expected.size());
  auto n = expected.serialize(out);
  if (!n || *n != out.size()) std::abort();
  if (expected.sender_reports.empty() && expected.receiver_reports.empty()) return 0;
  auto again = parse_compound(out);
  if (!again || !(*again == expected)) std::abort();
  return 0;
}
