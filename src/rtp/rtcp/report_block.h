// RTCP report block (RFC 3550 6.4.1): reception statistics about one source, 24 bytes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace va::rtp::rtcp {

inline constexpr std::size_t kReportBlockSize = 24;
inline constexpr std::size_t kMaxReportBlocks = 31;  // RC is 5 bits

struct ReportBlock {
  std::uint32_t ssrc = 0;
  std::uint8_t fraction_lost = 0;          // fixed point, lost/expected * 256 since the last report
  std::int32_t cumulative_lost = 0;        // signed 24 bits (duplicates may make it negative)
  std::uint32_t extended_highest_seq = 0;  // cycles << 16 | max_seq
  std::uint32_t jitter = 0;                // interarrival jitter in timestamp units (A.8)
  std::uint32_t last_sr = 0;               // middle 32 bits of the last SR's NTP timestamp
  std::uint32_t delay_since_last_sr = 0;   // units of 1/65536 s

  static ReportBlock parse(const std::uint8_t* in);  // caller checked 24 bytes are there
  void write(std::uint8_t* out) const;
  bool operator==(const ReportBlock&) const = default;
};

}  // namespace va::rtp::rtcp
