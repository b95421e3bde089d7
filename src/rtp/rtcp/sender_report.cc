// RTCP sender report parse and write (RFC 3550 6.4.1).
#include "rtp/rtcp/sender_report.h"

#include "rtp/byte_io.h"
#include "rtp/errc.h"

namespace va::rtp::rtcp {

core::Result<SenderReport> SenderReport::parse(const CommonHeader& h) {
  // Sender info is 24 bytes after the header; profile extensions may follow the blocks.
  if (h.body.size() < 24 + kReportBlockSize * h.count) return Errc::RtcpBadLength;
  const std::uint8_t* p = h.body.data();
  SenderReport sr;
  sr.ssrc = read_u32(p);
  sr.ntp_timestamp = (std::uint64_t{read_u32(p + 4)} << 32) | read_u32(p + 8);
  sr.rtp_timestamp = read_u32(p + 12);
  sr.packet_count = read_u32(p + 16);
  sr.octet_count = read_u32(p + 20);
  sr.report_blocks.reserve(h.count);
  for (std::size_t i = 0; i < h.count; ++i)
    sr.report_blocks.push_back(ReportBlock::parse(p + 24 + i * kReportBlockSize));
  return sr;
}

void SenderReport::write(std::uint8_t* out) const {
  write_common_header(out, static_cast<std::uint8_t>(report_blocks.size()), kPtSr, size());
  write_u32(out + 4, ssrc);
  write_u32(out + 8, static_cast<std::uint32_t>(ntp_timestamp >> 32));
  write_u32(out + 12, static_cast<std::uint32_t>(ntp_timestamp));
  write_u32(out + 16, rtp_timestamp);
  write_u32(out + 20, packet_count);
  write_u32(out + 24, octet_count);
  for (std::size_t i = 0; i < report_blocks.size(); ++i)
    report_blocks[i].write(out + 28 + i * kReportBlockSize);
}

}  // namespace va::rtp::rtcp
