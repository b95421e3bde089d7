// RFC 4733 telephone-event payload (2.3), receiver de-duplication (2.5.2) and sender (2.5.1).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "core/result.h"

namespace va::rtp {

inline constexpr std::size_t kTelephoneEventSize = 4;

struct TelephoneEventPayload {
  std::uint8_t event = 0;      // 0-9 digits, 10 '*', 11 '#', 12-15 A-D (RFC 4733 3.2)
  bool end = false;            // E bit
  std::uint8_t volume = 0;     // 0..63, in -dBm0
  std::uint16_t duration = 0;  // timestamp units since the event's timestamp

  static core::Result<TelephoneEventPayload> parse(std::span<const std::uint8_t> payload);
  void write(std::uint8_t* out) const;  // 4 bytes
};

// '0'-'9', '*', '#', 'A'-'D' for events 0-15; '?' otherwise.
char telephone_event_char(std::uint8_t event);

struct TelephoneEventNotice {
  enum class Kind { Begin, End };
  Kind kind = Kind::Begin;
  std::uint8_t event = 0;
  std::uint32_t rtp_timestamp = 0;  // identifies the event
  std::uint16_t duration = 0;       // at End: total duration in timestamp units
};

// An event is identified by its RTP timestamp (RFC 4733 2.5.2.1). Reports Begin once, on the
// first packet of a new timestamp, and End once: on the first packet with E set (the sender
// repeats it, 2.5.1.4), or when a new event starts before any end packet arrived.
class TelephoneEventReceiver {
 public:
  // Up to three notices, in order: an implicit End of the previous event, Begin, End.
  struct Notices {
    std::array<TelephoneEventNotice, 3> items{};
    std::size_t count = 0;
    void push(const TelephoneEventNotice& n) { items[count++] = n; }
  };
  Notices on_packet(std::uint32_t rtp_timestamp, const TelephoneEventPayload& p);

 private:
  bool active_ = false;
  bool ended_ = false;
  std::uint32_t timestamp_ = 0;
  std::uint8_t event_ = 0;
  std::uint16_t duration_ = 0;
};

// Produces one payload per 20 ms tick for one event: duration grows by samples_per_packet; the
// final packet has E set and is sent three times (RFC 4733 2.5.1.4); the first carries the
// marker bit (2.5.1.2).
class TelephoneEventSender {
 public:
  TelephoneEventSender(std::uint8_t event, std::uint16_t total_duration, std::uint8_t volume,
                       std::uint32_t rtp_timestamp);

  struct Packet {
    TelephoneEventPayload payload;
    bool marker = false;
    std::uint32_t rtp_timestamp = 0;
  };
  // Next packet to send; nullopt once the three end packets are out.
  std::optional<Packet> next(std::uint16_t samples_per_packet);
  bool done() const { return end_sent_ >= 3; }

 private:
  std::uint8_t event_;
  std::uint16_t total_;
  std::uint8_t volume_;
  std::uint32_t timestamp_;
  std::uint16_t duration_ = 0;
  bool first_ = true;
  int end_sent_ = 0;
};

}  // namespace va::rtp
