// RFC 4733 telephone-event: payload format (2.3), sender (2.5.1) and receiver (2.5.2) rules.
#include "rtp/telephone_event.h"

#include <algorithm>

#include "rtp/byte_io.h"
#include "rtp/errc.h"

namespace va::rtp {

core::Result<TelephoneEventPayload> TelephoneEventPayload::parse(std::span<const std::uint8_t> p) {
  if (p.size() < kTelephoneEventSize) return Errc::TelephoneEventTooShort;
  TelephoneEventPayload e;
  e.event = p[0];
  e.end = (p[1] & 0x80) != 0;
  e.volume = p[1] & 0x3f;  // R bit ignored (2.3: "receiver MUST ignore")
  e.duration = read_u16(&p[2]);
  return e;
}

void TelephoneEventPayload::write(std::uint8_t* out) const {
  out[0] = event;
  out[1] = static_cast<std::uint8_t>((end ? 0x80 : 0) | (volume & 0x3f));
  write_u16(out + 2, duration);
}

char telephone_event_char(std::uint8_t event) {
  static constexpr char kChars[] = "0123456789*#ABCD";
  return event < 16 ? kChars[event] : '?';
}

TelephoneEventReceiver::Notices TelephoneEventReceiver::on_packet(std::uint32_t ts,
                                                                  const TelephoneEventPayload& p) {
  Notices out;
  using Kind = TelephoneEventNotice::Kind;
  if (!active_ || ts != timestamp_) {
    if (active_ && !ended_)  // the previous event's end packets were all lost
      out.push({Kind::End, event_, timestamp_, duration_});
    active_ = true;
    ended_ = false;
    timestamp_ = ts;
    event_ = p.event;
    duration_ = p.duration;
    out.push({Kind::Begin, p.event, ts, p.duration});
  }
  if (ended_) return out;  // a retransmitted end packet (2.5.1.4 sends it three times)
  duration_ = std::max(duration_, p.duration);
  if (p.end) {
    ended_ = true;
    out.push({Kind::End, event_, ts, duration_});
  }
  return out;
}

TelephoneEventSender::TelephoneEventSender(std::uint8_t event, std::uint16_t total_duration,
                                           std::uint8_t volume, std::uint32_t rtp_timestamp)
    : event_(event), total_(total_duration), volume_(volume), timestamp_(rtp_timestamp) {}

std::optional<TelephoneEventSender::Packet> TelephoneEventSender::next(
    std::uint16_t samples_per_packet) {
  if (done()) return std::nullopt;
  Packet pkt;
  pkt.rtp_timestamp = timestamp_;
  pkt.marker = first_;
  first_ = false;
  if (duration_ < total_)
    duration_ =
        static_cast<std::uint16_t>(std::min<unsigned>(total_, duration_ + samples_per_packet));
  const bool end = duration_ >= total_;
  if (end) ++end_sent_;
  pkt.payload = TelephoneEventPayload{event_, end, volume_, duration_};
  return pkt;
}

}  // namespace va::rtp
