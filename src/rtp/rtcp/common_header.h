// RTCP common header (RFC 3550 6.4.1): V=2, P, count, packet type, length in 32-bit words - 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/result.h"

namespace va::rtp::rtcp {

inline constexpr std::uint8_t kPtSr = 200;
inline constexpr std::uint8_t kPtRr = 201;
inline constexpr std::uint8_t kPtSdes = 202;
inline constexpr std::uint8_t kPtBye = 203;
inline constexpr std::uint8_t kPtApp = 204;
inline constexpr std::size_t kCommonHeaderSize = 4;

struct CommonHeader {
  std::uint8_t count = 0;  // RC / SC / subtype, 5 bits
  std::uint8_t packet_type = 0;
  bool padding = false;
  std::size_t packet_size = 0;           // whole packet in bytes, header and padding included
  std::span<const std::uint8_t> body{};  // after the 4-byte header, padding removed
};

// Parses the packet at the front of data (the rest of a compound datagram).
core::Result<CommonHeader> parse_common_header(std::span<const std::uint8_t> data);

// Writes a header for a packet of packet_size bytes (a multiple of 4, at least 4).
void write_common_header(std::uint8_t* out, std::uint8_t count, std::uint8_t packet_type,
                         std::size_t packet_size);

}  // namespace va::rtp::rtcp
