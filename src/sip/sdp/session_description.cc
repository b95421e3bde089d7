// Accessors of the SDP model (RFC 4566 section 5; direction defaults from RFC 3264 section 5.1).
#include "sip/sdp/session_description.h"

#include <charconv>

namespace va::sdp {

std::string_view to_string(Direction d) {
  switch (d) {
    case Direction::SendRecv:
      return "sendrecv";
    case Direction::SendOnly:
      return "sendonly";
    case Direction::RecvOnly:
      return "recvonly";
    case Direction::Inactive:
      return "inactive";
  }
  return "sendrecv";
}

std::string_view to_string(AddrType t) {
  return t == AddrType::Ip6 ? "IP6" : "IP4";
}

Direction reverse(Direction d) {
  if (d == Direction::SendOnly) return Direction::RecvOnly;
  if (d == Direction::RecvOnly) return Direction::SendOnly;
  return d;
}

bool sends(Direction d) {
  return d == Direction::SendRecv || d == Direction::SendOnly;
}
bool receives(Direction d) {
  return d == Direction::SendRecv || d == Direction::RecvOnly;
}

bool MediaDescription::is_rtp() const {
  return proto.starts_with("RTP/");
}

std::vector<std::uint8_t> MediaDescription::payload_types() const {
  std::vector<std::uint8_t> out;
  for (const auto& f : formats) {
    unsigned v = 0;
    const auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
    if (ec == std::errc() && p == f.data() + f.size() && v <= 127) {
      out.push_back(static_cast<std::uint8_t>(v));
    }
  }
  return out;
}

const Rtpmap* MediaDescription::rtpmap(std::uint8_t pt) const {
  for (const auto& r : rtpmaps) {
    if (r.payload_type == pt) return &r;
  }
  return nullptr;
}

const Fmtp* MediaDescription::fmtp(std::uint8_t pt) const {
  for (const auto& f : fmtps) {
    if (f.payload_type == pt) return &f;
  }
  return nullptr;
}

const Attribute* MediaDescription::attribute(std::string_view name) const {
  for (const auto& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const Attribute* SessionDescription::attribute(std::string_view name) const {
  for (const auto& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const Connection* SessionDescription::connection_for(const MediaDescription& m) const {
  if (m.connection) return &*m.connection;
  if (connection) return &*connection;
  return nullptr;
}

Direction SessionDescription::direction_for(const MediaDescription& m) const {
  if (m.direction) return *m.direction;
  if (direction) return *direction;
  return Direction::SendRecv;
}

}  // namespace va::sdp
