// a= lines: rtpmap, fmtp, ptime, maxptime (RFC 4566 section 6), direction (RFC 3264 section 5.1),
// rtcp (RFC 3605), rtcp-mux (RFC 5761). Unknown attributes are kept in order.
#include "sip/sdp/attribute_parser.h"

#include "sip/sdp/errc.h"
#include "sip/sdp/field_parser.h"
#include "sip/sdp/text.h"

namespace va::sdp {
namespace {

std::optional<Direction> direction_from_name(std::string_view name) {
  if (name == "sendrecv") return Direction::SendRecv;
  if (name == "sendonly") return Direction::SendOnly;
  if (name == "recvonly") return Direction::RecvOnly;
  if (name == "inactive") return Direction::Inactive;
  return std::nullopt;
}

// Two different direction attributes at one level contradict each other; a repeat is harmless.
std::error_code set_direction(std::optional<Direction>& slot, Direction d) {
  if (slot && *slot != d) return Errc::DuplicateLine;
  slot = d;
  return {};
}

// "<pt> <encoding>/<rate>[/<channels>]"
std::error_code parse_rtpmap(std::string_view v, MediaDescription& m) {
  const auto f = text::split_fields(v);
  if (f.size() != 2) return Errc::BadRtpmap;
  const auto pt = text::parse_uint(f[0], 127);
  const auto slash = f[1].find('/');
  if (!pt || slash == std::string_view::npos) return Errc::BadRtpmap;
  Rtpmap r;
  r.payload_type = static_cast<std::uint8_t>(*pt);
  r.encoding = std::string(f[1].substr(0, slash));
  auto rest = f[1].substr(slash + 1);
  const auto slash2 = rest.find('/');
  if (slash2 != std::string_view::npos) {
    const auto channels = text::parse_uint(rest.substr(slash2 + 1), 255);
    if (!channels || *channels == 0) return Errc::BadRtpmap;
    r.channels = static_cast<std::uint32_t>(*channels);
    rest = rest.substr(0, slash2);
  }
  const auto rate = text::parse_uint(rest, 0xffffffffu);
  if (!text::is_token(r.encoding) || !rate || *rate == 0) return Errc::BadRtpmap;
  r.clock_rate = static_cast<std::uint32_t>(*rate);
  if (m.rtpmap(r.payload_type)) return Errc::DuplicateLine;
  m.rtpmaps.push_back(std::move(r));
  return {};
}

// "<pt> <parameters>"; the parameters are format specific and kept as text.
std::error_code parse_fmtp(std::string_view v, MediaDescription& m) {
  const auto space = v.find(' ');
  const auto pt = text::parse_uint(v.substr(0, space), 127);
  if (!pt) return Errc::BadFmtp;
  std::string_view params;
  if (space != std::string_view::npos) params = v.substr(space + 1);
  while (!params.empty() && params.front() == ' ')
    params.remove_prefix(1);
  while (!params.empty() && params.back() == ' ')
    params.remove_suffix(1);
  const auto type = static_cast<std::uint8_t>(*pt);
  if (m.fmtp(type)) return Errc::DuplicateLine;
  m.fmtps.push_back(Fmtp{type, std::string(params)});
  return {};
}

// Milliseconds; RFC 4566 allows a decimal ("20.0"), we keep whole milliseconds.
std::error_code parse_ms(std::string_view v, std::optional<std::uint32_t>& slot) {
  if (const auto dot = v.find('.'); dot != std::string_view::npos) {
    const auto frac = v.substr(dot + 1);
    for (const char c : frac) {
      if (c < '0' || c > '9') return Errc::BadPtime;
    }
    v = v.substr(0, dot);
  }
  const auto ms = text::parse_uint(v, 60000);
  if (!ms || *ms == 0) return Errc::BadPtime;
  if (slot) return Errc::DuplicateLine;
  slot = static_cast<std::uint32_t>(*ms);
  return {};
}

// "<port> [IN IP4|IP6 <address>]"
std::error_code parse_rtcp(std::string_view v, MediaDescription& m) {
  const auto f = text::split_fields(v);
  if (f.size() != 1 && f.size() != 4) return Errc::BadRtcp;
  const auto port = text::parse_uint(f[0], 65535);
  if (!port) return Errc::BadRtcp;
  Rtcp r;
  r.port = static_cast<std::uint16_t>(*port);
  if (f.size() == 4) {
    auto c = parse_connection_fields(f[1], f[2], f[3]);
    if (!c) return Errc::BadRtcp;
    r.connection = std::move(*c);
  }
  if (m.rtcp) return Errc::DuplicateLine;
  m.rtcp = std::move(r);
  return {};
}

}  // namespace

std::error_code split_attribute(std::string_view line_value, Attribute& out) {
  const auto colon = line_value.find(':');
  const auto name = line_value.substr(0, colon);
  if (!text::is_token(name)) return Errc::BadAttribute;
  out.name = std::string(name);
  out.value.reset();
  if (colon != std::string_view::npos) out.value = std::string(line_value.substr(colon + 1));
  return {};
}

std::error_code apply_session_attribute(SessionDescription& s, Attribute a) {
  if (!a.value) {
    if (const auto d = direction_from_name(a.name)) return set_direction(s.direction, *d);
  }
  s.attributes.push_back(std::move(a));
  return {};
}

std::error_code apply_media_attribute(MediaDescription& m, Attribute a) {
  if (!a.value) {
    if (const auto d = direction_from_name(a.name)) return set_direction(m.direction, *d);
    if (a.name == "rtcp-mux") {
      m.rtcp_mux = true;
      return {};
    }
  } else if (m.is_rtp() && a.name == "rtpmap") {
    return parse_rtpmap(*a.value, m);
  } else if (m.is_rtp() && a.name == "fmtp") {
    return parse_fmtp(*a.value, m);
  } else if (a.name == "ptime") {
    return parse_ms(*a.value, m.ptime_ms);
  } else if (a.name == "maxptime") {
    return parse_ms(*a.value, m.maxptime_ms);
  } else if (a.name == "rtcp") {
    return parse_rtcp(*a.value, m);
  }
  m.attributes.push_back(std::move(a));
  return {};
}

}  // namespace va::sdp
