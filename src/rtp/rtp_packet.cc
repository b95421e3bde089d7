// RTP data packet parse and build (RFC 3550 5.1, 5.3.1, A.1 header validity checks).
#include "rtp/rtp_packet.h"

#include <cstring>

#include "rtp/byte_io.h"
#include "rtp/errc.h"

namespace va::rtp {

bool looks_like_rtcp(std::span<const std::uint8_t> datagram) {
  return datagram.size() >= 2 && datagram[1] >= 192 && datagram[1] <= 223;
}

core::Result<RtpPacketView> parse_rtp(std::span<const std::uint8_t> d) {
  if (d.size() < kRtpFixedHeaderSize) return Errc::TooShort;
  if ((d[0] >> 6) != 2) return Errc::BadVersion;
  if (looks_like_rtcp(d)) return Errc::NotRtp;
  RtpPacketView v;
  RtpHeader& h = v.header;
  const bool padding = (d[0] & 0x20) != 0;
  h.has_extension = (d[0] & 0x10) != 0;
  h.csrc_count = d[0] & 0x0f;
  h.marker = (d[1] & 0x80) != 0;
  h.payload_type = d[1] & 0x7f;
  h.sequence_number = read_u16(&d[2]);
  h.timestamp = read_u32(&d[4]);
  h.ssrc = read_u32(&d[8]);
  std::size_t pos = kRtpFixedHeaderSize;
  if (d.size() < pos + 4u * h.csrc_count) return Errc::CsrcTruncated;
  for (std::size_t i = 0; i < h.csrc_count; ++i, pos += 4)
    h.csrcs[i] = read_u32(&d[pos]);
  if (h.has_extension) {
    if (d.size() < pos + 4) return Errc::ExtensionTruncated;
    h.extension_profile = read_u16(&d[pos]);
    const std::size_t ext_len = 4u * read_u16(&d[pos + 2]);
    pos += 4;
    if (d.size() < pos + ext_len) return Errc::ExtensionTruncated;
    h.extension_data = d.subspan(pos, ext_len);
    pos += ext_len;
  }
  std::size_t end = d.size();
  if (padding) {
    // RFC 3550 5.1: the last octet counts the padding octets, itself included.
    const std::uint8_t count = d[end - 1];
    if (count == 0 || count > end - pos) return Errc::BadPadding;
    v.padding_size = count;
    end -= count;
  }
  v.payload = d.subspan(pos, end - pos);
  return v;
}

std::size_t rtp_header_size(const RtpHeader& h) {
  return kRtpFixedHeaderSize + 4u * h.csrc_count +
         (h.has_extension ? 4 + h.extension_data.size() : 0);
}

core::Result<std::size_t> build_rtp(const RtpHeader& h, std::span<const std::uint8_t> payload,
                                    std::span<std::uint8_t> out, std::uint8_t padding_size) {
  if (h.csrc_count > kMaxCsrcs || h.payload_type > 127) return Errc::BadField;
  if (h.has_extension && (h.extension_data.size() % 4 != 0 || h.extension_data.size() > 0x3fffc))
    return Errc::BadField;
  const std::size_t header_size = rtp_header_size(h);
  const std::size_t total = header_size + payload.size() + padding_size;
  if (out.size() < total) return Errc::BufferTooSmall;
  std::uint8_t* p = out.data();
  p[0] = static_cast<std::uint8_t>(0x80 | (padding_size ? 0x20 : 0) | (h.has_extension ? 0x10 : 0) |
                                   h.csrc_count);
  p[1] = static_cast<std::uint8_t>((h.marker ? 0x80 : 0) | h.payload_type);
  write_u16(p + 2, h.sequence_number);
  write_u32(p + 4, h.timestamp);
  write_u32(p + 8, h.ssrc);
  std::size_t pos = kRtpFixedHeaderSize;
  for (std::size_t i = 0; i < h.csrc_count; ++i, pos += 4)
    write_u32(p + pos, h.csrcs[i]);
  if (h.has_extension) {
    write_u16(p + pos, h.extension_profile);
    write_u16(p + pos + 2, static_cast<std::uint16_t>(h.extension_data.size() / 4));
    pos += 4;
    if (!h.extension_data.empty())
      std::memcpy(p + pos, h.extension_data.data(), h.extension_data.size());
    pos += h.extension_data.size();
  }
  if (!payload.empty()) std::memcpy(p + pos, payload.data(), payload.size());
  pos += payload.size();
  if (padding_size) {
    std::memset(p + pos, 0, padding_size - 1u);
    p[pos + padding_size - 1u] = padding_size;
    pos += padding_size;
  }
  return pos;
}

}  // namespace va::rtp
