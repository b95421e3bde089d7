// RTCP BYE parse and write (RFC 3550 6.6): the reason is length-prefixed and padded to 32 bits.
#include "rtp/rtcp/bye.h"

#include <cstring>

#include "rtp/byte_io.h"
#include "rtp/errc.h"

namespace va::rtp::rtcp {

core::Result<Bye> Bye::parse(const CommonHeader& h) {
  const auto b = h.body;
  if (b.size() < 4u * h.count) return Errc::RtcpBadLength;
  Bye bye;
  bye.ssrcs.reserve(h.count);
  for (std::size_t i = 0; i < h.count; ++i)
    bye.ssrcs.push_back(read_u32(&b[4 * i]));
  const std::size_t pos = 4u * h.count;
  if (pos < b.size()) {
    const std::uint8_t len = b[pos];
    if (pos + 1 + len > b.size()) return Errc::RtcpBadBye;
    bye.reason.assign(reinterpret_cast<const char*>(&b[pos + 1]), len);
  }
  return bye;
}

std::size_t Bye::size() const {
  std::size_t n = kCommonHeaderSize + 4 * ssrcs.size();
  if (!reason.empty()) n += (1 + reason.size() + 3) & ~std::size_t{3};
  return n;
}

void Bye::write(std::uint8_t* out) const {
  const std::size_t total = size();
  write_common_header(out, static_cast<std::uint8_t>(ssrcs.size()), kPtBye, total);
  std::size_t pos = kCommonHeaderSize;
  for (auto s : ssrcs) {
    write_u32(out + pos, s);
    pos += 4;
  }
  if (!reason.empty()) {
    out[pos] = static_cast<std::uint8_t>(reason.size());
    std::memcpy(out + pos + 1, reason.data(), reason.size());
    pos += 1 + reason.size();
    std::memset(out + pos, 0, total - pos);
  }
}

}  // namespace va::rtp::rtcp
