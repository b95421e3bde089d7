// Fuzz target: RTP packet parser (RFC 3550 5.1); a parsed packet must rebuild to the same bytes.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "rtp/rtp_packet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace va::rtp;
  (void)looks_like_rtcp({data, size});
  auto v = parse_rtp({data, size});
  if (!v) return 0;
  // Serialize -> parse must be stable, and match the input byte for byte except padding
  // contents (we write zeros) and the X/P bits which we regenerate from the same fields.
  std::vector<std::uint8_t> out(size);
  auto n = build_rtp(v->header, v->payload, out, v->padding_size);
  if (!n || *n != size) std::abort();
  const std::size_t compare = size - v->padding_size;
  if (std::memcmp(out.data(), data, compare) != 0) std::abort();
  auto again = parse_rtp({out.data(), *n});
  if (!again || again->payload.size() != v->payload.size() ||
      again->header.ssrc != v->header.ssrc || again->header.csrc_count != v->header.csrc_count)
    std::abort();
  return 0;
}
