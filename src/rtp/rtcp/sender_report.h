// RTCP sender report, SR, PT 200 (RFC 3550 6.4.1).
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "rtp/rtcp/common_header.h"
#include "rtp/rtcp/report_block.h"

namespace va::rtp::rtcp {

struct SenderReport {
  std::uint32_t ssrc = 0;
  std::uint64_t ntp_timestamp = 0;  // seconds since 1900 << 32 | fraction
  std::uint32_t rtp_timestamp = 0;
  std::uint32_t packet_count = 0;
  std::uint32_t octet_count = 0;  // payload octets only
  std::vector<ReportBlock> report_blocks;

  static core::Result<SenderReport> parse(const CommonHeader& header);
  std::size_t size() const { return 28 + kReportBlockSize * report_blocks.size(); }
  void write(std::uint8_t* out) const;  // caller gives size() bytes; at most 31 blocks
  bool operator==(const SenderReport&) const = default;
};

}  // namespace va::rtp::rtcp
