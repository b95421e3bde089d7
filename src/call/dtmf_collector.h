// DtmfCollector: RFC 4733 telephone-event notices (rtp::TelephoneEventReceiver) to key presses,
// one per event however many packets, end-bit retransmissions or duplicates carried it.
//
// Rules:
//  1. An event is its RTP timestamp (RFC 4733 2.5.2.1). The key is reported once, at its
//     End; the timestamps of the last 32 reported or ignored events are remembered, so a
//     late or duplicated packet of an old event (the receiver then sees it Begin again) is
//     never a second press.
//  2. All end packets lost: the key is reported end_timeout after its Begin (poll()).
//  3. Ignored and counted: event codes above 15 (not keys, e.g. 16-255 tones of RFC 4734),
//     and durations above max_duration (no press lasts 5 s; u16 durations are 8 s at most).
// Not thread-safe (the call's shard). Pure: time comes in as arguments.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>

#include "core/clock.h"
#include "rtp/telephone_event.h"

namespace va::call {

struct DtmfCollectorStats {
  std::uint64_t keys = 0;              // reported key presses
  std::uint64_t by_timeout = 0;        // of which reported without an end packet (rule 2)
  std::uint64_t ignored_unknown = 0;   // event code > 15
  std::uint64_t ignored_duration = 0;  // duration above max_duration
  std::uint64_t repeats = 0;           // an already reported event seen again
};

class DtmfCollector {
 public:
  using TimePoint = core::Clock::TimePoint;
  static constexpr std::uint16_t kMaxDuration = 40000;  // 5 s at 8 kHz
  explicit DtmfCollector(std::chrono::milliseconds end_timeout = std::chrono::milliseconds(1000),
                         std::uint16_t max_duration = kMaxDuration)
      : end_timeout_(end_timeout), max_duration_(max_duration) {}

  // The key ('0'-'9', '*', '#', 'A'-'D') this notice completes, if any.
  std::optional<char> on_notice(const rtp::TelephoneEventNotice& n, TimePoint now);
  // Rule 2: the pending key once end_timeout has passed since its Begin.
  std::optional<char> poll(TimePoint now);
  // When poll() should run next (a key is pending), if at all.
  std::optional<TimePoint> deadline() const;

  const DtmfCollectorStats& stats() const { return stats_; }

 private:
  struct Pending {
    std::uint32_t timestamp = 0;
    std::uint8_t event = 0;
    TimePoint began{};
  };
  bool seen(std::uint32_t timestamp) const;
  void remember(std::uint32_t timestamp);
  char report(const Pending& p);

  std::chrono::milliseconds end_timeout_;
  std::uint16_t max_duration_;
  std::optional<Pending> pending_;
  std::array<std::uint32_t, 32> recent_{};
  std::size_t recent_count_ = 0;
  std::size_t recent_next_ = 0;
  DtmfCollectorStats stats_;
};

}  // namespace va::call
