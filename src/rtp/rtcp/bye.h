// RTCP goodbye, BYE, PT 203 (RFC 3550 6.6): sources leaving, with an optional reason.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "rtp/rtcp/common_header.h"

namespace va::rtp::rtcp {

struct Bye {
  std::vector<std::uint32_t> ssrcs;  // at most 31
  std::string reason;                // at most 255 bytes; empty = no reason field

  static core::Result<Bye> parse(const CommonHeader& header);
  std::size_t size() const;
  void write(std::uint8_t* out) const;  // caller gives size() bytes
  bool operator==(const Bye&) const = default;
};

}  // namespace va::rtp::rtcp
