// RTCP compound packet (RFC 3550 6.1, A.2 validity checks): SR/RR first, then SDES, BYE, others.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "rtp/rtcp/bye.h"
#include "rtp/rtcp/receiver_report.h"
#include "rtp/rtcp/sdes.h"
#include "rtp/rtcp/sender_report.h"

namespace va::rtp::rtcp {

struct Compound {
  std::vector<SenderReport> sender_reports;
  std::vector<ReceiverReport> receiver_reports;
  std::vector<Sdes> sdes;
  std::vector<Bye> byes;
  std::size_t other_packets = 0;  // APP, feedback, XR: valid framing, content not interpreted

  // Bytes serialize() writes.
  std::size_t size() const;
  // Writes SRs, RRs, SDES, BYEs in that order (the order RFC 3550 6.1 asks for).
  core::Result<std::size_t> serialize(std::span<std::uint8_t> out) const;
  bool operator==(const Compound&) const = default;
};

// Applies the RFC 3550 A.2 checks: version 2 everywhere, the first packet SR or RR, padding only
// on the last packet, and lengths that add up to the datagram exactly.
core::Result<Compound> parse_compound(std::span<const std::uint8_t> datagram);

}  // namespace va::rtp::rtcp
