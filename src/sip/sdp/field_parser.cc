// Structured SDP line values: o= (5.2), c= (5.7), b= (5.8), t= (5.9), m= (5.14) of RFC 4566.
#include "sip/sdp/field_parser.h"

#include <limits>

#include "sip/sdp/errc.h"
#include "sip/sdp/text.h"

namespace va::sdp {
namespace {

constexpr std::uint64_t kU64Max = std::numeric_limits<std::uint64_t>::max();

std::optional<AddrType> parse_addrtype(std::string_view s) {
  if (s == "IP4") return AddrType::Ip4;
  if (s == "IP6") return AddrType::Ip6;
  return std::nullopt;
}

// An IPv4/IPv6 literal or a host name, optionally with the multicast "/ttl[/n]" suffix.
bool valid_address(AddrType type, std::string_view a) {
  if (!text::is_visible(a)) return false;
  for (const char c : a) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alnum || c == '.' || c == '-' || c == '/') continue;
    if (type == AddrType::Ip6 && c == ':') continue;
    return false;
  }
  return true;
}

}  // namespace

core::Result<Origin> parse_origin(std::string_view value) {
  const auto f = text::split_fields(value);
  if (f.size() != 6 || f[3] != "IN") return Errc::BadOrigin;
  Origin o;
  o.username = std::string(f[0]);
  if (!text::is_visible(f[1])) return Errc::BadOrigin;
  o.session_id = std::string(f[1]);
  const auto version = text::parse_uint(f[2], kU64Max);
  const auto type = parse_addrtype(f[4]);
  if (!version || !type || !valid_address(*type, f[5])) return Errc::BadOrigin;
  o.session_version = *version;
  o.addr_type = *type;
  o.address = std::string(f[5]);
  return o;
}

core::Result<Connection> parse_connection_fields(std::string_view nettype,
                                                 std::string_view addrtype,
                                                 std::string_view address) {
  const auto type = parse_addrtype(addrtype);
  if (nettype != "IN" || !type || !valid_address(*type, address)) return Errc::BadConnection;
  return Connection{*type, std::string(address)};
}

core::Result<Connection> parse_connection(std::string_view value) {
  const auto f = text::split_fields(value);
  if (f.size() != 3) return Errc::BadConnection;
  return parse_connection_fields(f[0], f[1], f[2]);
}

core::Result<Bandwidth> parse_bandwidth(std::string_view value) {
  const auto colon = value.find(':');
  if (colon == std::string_view::npos) return Errc::BadBandwidth;
  const auto type = value.substr(0, colon);
  const auto number = text::parse_uint(value.substr(colon + 1), kU64Max);
  if (!text::is_token(type) || !number) return Errc::BadBandwidth;
  return Bandwidth{std::string(type), *number};
}

core::Result<Timing> parse_timing(std::string_view value) {
  const auto f = text::split_fields(value);
  if (f.size() != 2) return Errc::BadTiming;
  const auto start = text::parse_uint(f[0], kU64Max);
  const auto stop = text::parse_uint(f[1], kU64Max);
  if (!start || !stop) return Errc::BadTiming;
  return Timing{*start, *stop, {}};
}

core::Result<MediaDescription> parse_media_line(std::string_view value) {
  const auto f = text::split_fields(value);
  if (f.size() < 4 || !text::is_token(f[0]) || !text::is_visible(f[2])) return Errc::BadMediaLine;
  MediaDescription m;
  m.media = std::string(f[0]);
  auto port_text = f[1];
  if (const auto slash = port_text.find('/'); slash != std::string_view::npos) {
    const auto count = text::parse_uint(port_text.substr(slash + 1), 0xffffffffu);
    if (!count) return Errc::BadMediaLine;
    m.port_count = static_cast<std::uint32_t>(*count);
    port_text = port_text.substr(0, slash);
  }
  const auto port = text::parse_uint(port_text, 65535);
  if (!port) return Errc::BadMediaLine;
  m.port = static_cast<std::uint16_t>(*port);
  m.proto = std::string(f[2]);
  for (std::size_t i = 3; i < f.size(); ++i) {
    if (!text::is_visible(f[i])) return Errc::BadMediaLine;
    // RFC 4566 section 5.14: for RTP/AVP the formats are RTP payload type numbers.
    if (m.is_rtp() && !text::parse_uint(f[i], 127)) return Errc::BadPayloadType;
    m.formats.emplace_back(f[i]);
  }
  return m;
}

}  // namespace va::sdp
