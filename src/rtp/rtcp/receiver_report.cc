// RTCP receiver report parse and write (RFC 3550 6.4.2).
#include "rtp/rtcp/receiver_report.h"

#include "rtp/byte_io.h"
#include "rtp/errc.h"

namespace va::rtp::rtcp {

core::Result<ReceiverReport> ReceiverReport::parse(const CommonHeader& h) {
  if (h.body.size() < 4 + kReportBlockSize * h.count) return Errc::RtcpBadLength;
  const std::uint8_t* p = h.body.data();
  ReceiverReport rr;
  rr.ssrc = read_u32(p);
  rr.report_blocks.reserve(h.count);
  for (std::size_t i = 0; i < h.count; ++i)
    rr.report_blocks.push_back(ReportBlock::parse(p + 4 + i * kReportBlockSize));
  return rr;
}

void ReceiverReport::write(std::uint8_t* out) const {
  write_common_header(out, static_cast<std::uint8_t>(report_blocks.size()), kPtRr, size());
  write_u32(out + 4, ssrc);
  for (std::size_t i = 0; i < report_blocks.size(); ++i)
    report_blocks[i].write(out + 8 + i * kReportBlockSize);
}

}  // namespace va::rtp::rtcp
