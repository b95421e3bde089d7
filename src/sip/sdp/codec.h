// Audio codecs as SDP names them: RTP/AVP static payload types (RFC 3551 section 6) and the
// rtpmap/fmtp of dynamic ones, e.g. telephone-event (RFC 4733 section 7.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sip/sdp/session_description.h"

namespace va::sdp {

struct Codec {
  std::string name;  // encoding name as in rtpmap: "PCMU", "telephone-event"
  std::uint8_t payload_type = 0;
  // The RTP clock rate. RFC 3551 section 4.5.2: G722 says 8000 here although it samples at
  // 16 kHz, an error kept for backward compatibility.
  std::uint32_t clock_rate = 8000;
  std::uint32_t channels = 1;
  std::string fmtp;  // format parameters without the payload type, e.g. "0-16"
  bool operator==(const Codec&) const = default;
};

inline constexpr std::string_view kTelephoneEvent = "telephone-event";

// The codecs we can offer. Payload types of static codecs are fixed; telephone-event's is our
// preferred dynamic one (the answerer's choice wins when we answer).
Codec pcmu();
Codec pcma();
Codec g722();
// G.729 (static 18) with annexb=no: we send without VAD (RFC 4856 3.1.9; a peer's SID frames
// are still decoded).
Codec g729();
// Opus as RFC 7587 7 names it (opus/48000/2 whatever is sent) with our receive limits:
// 16 kHz playback and capture, 24 kbit/s, no in-band FEC. 111 is our preferred dynamic PT.
Codec opus(std::uint8_t payload_type = 111);
Codec telephone_event(std::uint8_t payload_type = 101);

bool is_telephone_event(const Codec& c);
bool is_static_payload_type(std::uint8_t pt);  // 0-95 per RFC 3551 section 6 (with gaps)

// The audio codec behind a static payload type of RFC 3551 table 4; nullopt if unassigned.
std::optional<Codec> static_codec(std::uint8_t pt);

// The codec a media description assigns to pt: its rtpmap (plus fmtp) if present, else the
// static assignment. nullopt for a dynamic payload type without rtpmap.
std::optional<Codec> resolve_codec(const MediaDescription& m, std::uint8_t pt);

// The value of `name` in a format-parameter list ("a=1;b=2", RFC 4566 6 fmtp, with spaces
// allowed around ';' and '='), nullopt when absent. Names are case-insensitive.
std::optional<std::string_view> fmtp_value(std::string_view fmtp, std::string_view name);

// Same codec for offer/answer purposes: encoding name (case-insensitive), clock rate, channels.
bool same_codec(const Codec& a, const Codec& b);

}  // namespace va::sdp
