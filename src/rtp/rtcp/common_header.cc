// RTCP common header parse and write (RFC 3550 6.4.1).
#include "rtp/rtcp/common_header.h"

#include "rtp/byte_io.h"
#include "rtp/errc.h"

namespace va::rtp::rtcp {

core::Result<CommonHeader> parse_common_header(std::span<const std::uint8_t> d) {
  if (d.size() < kCommonHeaderSize) return Errc::RtcpTooShort;
  if ((d[0] >> 6) != 2) return Errc::RtcpBadVersion;
  CommonHeader h;
  h.padding = (d[0] & 0x20) != 0;
  h.count = d[0] & 0x1f;
  h.packet_type = d[1];
  h.packet_size = (std::size_t{read_u16(&d[2])} + 1) * 4;
  if (h.packet_size > d.size()) return Errc::RtcpBadLength;
  std::size_t body_size = h.packet_size - kCommonHeaderSize;
  if (h.padding) {
    const std::uint8_t pad = d[h.packet_size - 1];
    if (pad == 0 || pad > body_size) return Errc::RtcpBadPadding;
    body_size -= pad;
  }
  h.body = d.subspan(kCommonHeaderSize, body_size);
  return h;
}

void write_common_header(std::uint8_t* out, std::uint8_t count, std::uint8_t packet_type,
                         std::size_t packet_size) {
  out[0] = static_cast<std::uint8_t>(0x80 | (count & 0x1f));
  out[1] = packet_type;
  write_u16(out + 2, static_cast<std::uint16_t>(packet_size / 4 - 1));
}

}  // namespace va::rtp::rtcp
