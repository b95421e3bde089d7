// RTCP receiver report, RR, PT 201 (RFC 3550 6.4.2).
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "rtp/rtcp/common_header.h"
#include "rtp/rtcp/report_block.h"

namespace va::rtp::rtcp {

struct ReceiverReport {
  std::uint32_t ssrc = 0;  // of the packet sender
  std::vector<ReportBlock> report_blocks;

  static core::Result<ReceiverReport> parse(const CommonHeader& header);
  std::size_t size() const { return 8 + kReportBlockSize * report_blocks.size(); }
  void write(std::uint8_t* out) const;  // caller gives size() bytes; at most 31 blocks
  bool operator==(const ReceiverReport&) const = default;
};

}  // namespace va::rtp::rtcp
