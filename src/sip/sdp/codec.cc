// Static payload types (RFC 3551 table 4) and rtpmap resolution (RFC 4566 section 6).
#include "sip/sdp/codec.h"

#include <algorithm>

#include "sip/sdp/text.h"

namespace va::sdp {
namespace {

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

Codec pcmu() {
  return Codec{"PCMU", 0, 8000, 1, {}};
}
Codec pcma() {
  return Codec{"PCMA", 8, 8000, 1, {}};
}
Codec g722() {
  return Codec{"G722", 9, 8000, 1, {}};
}
Codec g729() {
  return Codec{"G729", 18, 8000, 1, "annexb=no"};
}
Codec opus(std::uint8_t payload_type) {
  return Codec{"opus", payload_type, 48000, 2,
               "maxplaybackrate=16000;sprop-maxcapturerate=16000;maxaveragebitrate=24000;"
               "useinbandfec=0"};
}
Codec telephone_event(std::uint8_t payload_type) {
  return Codec{std::string(kTelephoneEvent), payload_type, 8000, 1, "0-16"};
}

bool is_telephone_event(const Codec& c) {
  return text::iequals(c.name, kTelephoneEvent);
}

bool is_static_payload_type(std::uint8_t pt) {
  return pt < 96;
}

std::optional<Codec> static_codec(std::uint8_t pt) {
  switch (pt) {
    case 0:
      return pcmu();
    case 3:
      return Codec{"GSM", 3, 8000, 1, {}};
    case 4:
      return Codec{"G723", 4, 8000, 1, {}};
    case 5:
      return Codec{"DVI4", 5, 8000, 1, {}};
    case 6:
      return Codec{"DVI4", 6, 16000, 1, {}};
    case 7:
      return Codec{"LPC", 7, 8000, 1, {}};
    case 8:
      return pcma();
    case 9:
      return g722();
    case 10:
      return Codec{"L16", 10, 44100, 2, {}};
    case 11:
      return Codec{"L16", 11, 44100, 1, {}};
    case 12:
      return Codec{"QCELP", 12, 8000, 1, {}};
    case 13:
      return Codec{"CN", 13, 8000, 1, {}};
    case 14:
      return Codec{"MPA", 14, 90000, 1, {}};
    case 15:
      return Codec{"G728", 15, 8000, 1, {}};
    case 16:
      return Codec{"DVI4", 16, 11025, 1, {}};
    case 17:
      return Codec{"DVI4", 17, 22050, 1, {}};
    case 18:
      return Codec{"G729", 18, 8000, 1, {}};
    default:
      return std::nullopt;
  }
}

std::optional<Codec> resolve_codec(const MediaDescription& m, std::uint8_t pt) {
  std::optional<Codec> c;
  if (const Rtpmap* r = m.rtpmap(pt)) {
    c = Codec{r->encoding, pt, r->clock_rate, r->channels.value_or(1), {}};
  } else if (is_static_payload_type(pt)) {
    c = static_codec(pt);
  }
  if (c) {
    if (const Fmtp* f = m.fmtp(pt)) c->fmtp = f->parameters;
  }
  return c;
}

std::optional<std::string_view> fmtp_value(std::string_view fmtp, std::string_view name) {
  while (!fmtp.empty()) {
    const auto end = std::min(fmtp.find(';'), fmtp.size());
    const std::string_view item = fmtp.substr(0, end);
    fmtp.remove_prefix(std::min(end + 1, fmtp.size()));
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    if (text::iequals(trim_spaces(item.substr(0, eq)), name))
      return trim_spaces(item.substr(eq + 1));
  }
  return std::nullopt;
}

bool same_codec(const Codec& a, const Codec& b) {
  return text::iequals(a.name, b.name) && a.clock_rate == b.clock_rate && a.channels == b.channels;
}

}  // namespace va::sdp
