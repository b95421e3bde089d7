// RTP data packet parse and build (RFC 3550 5.1 fixed header, 5.3.1 header extension).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/result.h"

namespace va::rtp {

inline constexpr std::size_t kRtpFixedHeaderSize = 12;
inline constexpr std::size_t kMaxCsrcs = 15;

struct RtpHeader {
  bool marker = false;
  std::uint8_t payload_type = 0;  // 7 bits
  std::uint16_t sequence_number = 0;
  std::uint32_t timestamp = 0;  // in units of the payload's clock rate
  std::uint32_t ssrc = 0;
  std::uint8_t csrc_count = 0;  // CC, 0..15
  std::array<std::uint32_t, kMaxCsrcs> csrcs{};
  bool has_extension = false;
  std::uint16_t extension_profile = 0;             // "defined by profile" 16 bits
  std::span<const std::uint8_t> extension_data{};  // a multiple of 4 bytes
};

// A parsed packet; spans point into the caller's datagram buffer (no copy on the hot path).
struct RtpPacketView {
  RtpHeader header;
  std::span<const std::uint8_t> payload;
  std::uint8_t padding_size = 0;  // including the count byte itself; 0 when P is clear
};

// True when the second byte is an RTCP packet type 192-223 (RFC 5761 4): under rtcp-mux such a
// datagram is RTCP, never RTP with PT 64-95.
bool looks_like_rtcp(std::span<const std::uint8_t> datagram);

// Validates version, CSRC list, extension and padding; never throws on bad input.
core::Result<RtpPacketView> parse_rtp(std::span<const std::uint8_t> datagram);

// Header size the given header serializes to (fixed + CSRCs + extension).
std::size_t rtp_header_size(const RtpHeader& header);

// Writes header + payload (+ padding bytes, padding_size 0 or 1..255 including the count byte)
// into out. Returns the number of bytes written.
core::Result<std::size_t> build_rtp(const RtpHeader& header, std::span<const std::uint8_t> payload,
                                    std::span<std::uint8_t> out, std::uint8_t padding_size = 0);

}  // namespace va::rtp
