// RTCP source description, SDES, PT 202 (RFC 3550 6.5): chunks of SSRC + items (CNAME etc.).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "rtp/rtcp/common_header.h"

namespace va::rtp::rtcp {

inline constexpr std::uint8_t kSdesCname = 1;

struct SdesItem {
  std::uint8_t type = 0;  // 1 CNAME .. 8 PRIV; 0 ends the chunk and is never stored
  std::string text;       // at most 255 bytes
  bool operator==(const SdesItem&) const = default;
};

struct SdesChunk {
  std::uint32_t ssrc = 0;
  std::vector<SdesItem> items;
  bool operator==(const SdesChunk&) const = default;
};

struct Sdes {
  std::vector<SdesChunk> chunks;  // at most 31

  static core::Result<Sdes> parse(const CommonHeader& header);
  std::size_t size() const;
  void write(std::uint8_t* out) const;  // caller gives size() bytes
  bool operator==(const Sdes&) const = default;
};

}  // namespace va::rtp::rtcp
