// RTCP report block parse and write (RFC 3550 6.4.1).
#include "rtp/rtcp/report_block.h"

#include <algorithm>

#include "rtp/byte_io.h"

namespace va::rtp::rtcp {

ReportBlock ReportBlock::parse(const std::uint8_t* in) {
  ReportBlock b;
  b.ssrc = read_u32(in);
  b.fraction_lost = in[4];
  const std::uint32_t raw = read_u24(in + 5);
  // Sign-extend the 24-bit two's complement count.
  b.cumulative_lost = static_cast<std::int32_t>(raw << 8) >> 8;
  b.extended_highest_seq = read_u32(in + 8);
  b.jitter = read_u32(in + 12);
  b.last_sr = read_u32(in + 16);
  b.delay_since_last_sr = read_u32(in + 20);
  return b;
}

void ReportBlock::write(std::uint8_t* out) const {
  write_u32(out, ssrc);
  out[4] = fraction_lost;
  // RFC 3550 6.4.1: clamp to the 24-bit signed range rather than wrap.
  const std::int32_t lost = std::clamp(cumulative_lost, -0x800000, 0x7fffff);
  write_u24(out + 5, static_cast<std::uint32_t>(lost) & 0xffffff);
  write_u32(out + 8, extended_highest_seq);
  write_u32(out + 12, jitter);
  write_u32(out + 16, last_sr);
  write_u32(out + 20, delay_since_last_sr);
}

}  // namespace va::rtp::rtcp
