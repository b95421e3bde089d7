// The SDP model (RFC 4566 section 5) for audio sessions: session and media descriptions with the
// attributes we act on parsed into fields and every other attribute kept, in order, as text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace va::sdp {

enum class AddrType { Ip4, Ip6 };

// RFC 3264 section 5.1 / 6.1: direction attributes at session or media level.
enum class Direction { SendRecv, SendOnly, RecvOnly, Inactive };

std::string_view to_string(Direction d);
std::string_view to_string(AddrType t);
// The direction the other side sees: sendonly <-> recvonly, the others unchanged.
Direction reverse(Direction d);
bool sends(Direction d);
bool receives(Direction d);

// c= (section 5.7): "IN IP4 192.0.2.1" or "IN IP6 2001:db8::1". Multicast "/ttl" suffixes stay
// in address; we never join multicast groups.
struct Connection {
  AddrType addr_type = AddrType::Ip4;
  std::string address;
  // RFC 3264 section 8.4: the RFC 2543 way of putting a call on hold.
  bool is_hold() const { return address == "0.0.0.0"; }
  bool operator==(const Connection&) const = default;
};

// o= (section 5.2). session_id and session_version are numeric strings in practice but large
// (NTP timestamps); we keep the id as text and the version as a 64-bit number we increment.
struct Origin {
  std::string username = "-";
  std::string session_id;
  std::uint64_t session_version = 0;
  AddrType addr_type = AddrType::Ip4;
  std::string address;
  bool operator==(const Origin&) const = default;
};

// b= (section 5.8): "AS:64", "TIAS:64000", "CT:128".
struct Bandwidth {
  std::string type;
  std::uint64_t value = 0;
  bool operator==(const Bandwidth&) const = default;
};

// t= (section 5.9) with its r= lines kept as text.
struct Timing {
  std::uint64_t start = 0;
  std::uint64_t stop = 0;
  std::vector<std::string> repeats;
  bool operator==(const Timing&) const = default;
};

// Any a= we do not model: "a=name" (flag, no value) or "a=name:value".
struct Attribute {
  std::string name;
  std::optional<std::string> value;
  bool operator==(const Attribute&) const = default;
};

// a=rtpmap:<pt> <encoding>/<clock rate>[/<channels>] (section 6).
struct Rtpmap {
  std::uint8_t payload_type = 0;
  std::string encoding;
  std::uint32_t clock_rate = 0;
  std::optional<std::uint32_t> channels;
  bool operator==(const Rtpmap&) const = default;
};

// a=fmtp:<pt> <format specific parameters>, e.g. "101 0-16" for telephone-event.
struct Fmtp {
  std::uint8_t payload_type = 0;
  std::string parameters;
  bool operator==(const Fmtp&) const = default;
};

// a=rtcp (RFC 3605): RTCP port, and address when it differs from the c= address.
struct Rtcp {
  std::uint16_t port = 0;
  std::optional<Connection> connection;
  bool operator==(const Rtcp&) const = default;
};

// One m= section.
struct MediaDescription {
  std::string media;  // "audio", "video", ...
  std::uint16_t port = 0;
  std::optional<std::uint32_t> port_count;  // m=audio 49170/2 ...
  std::string proto;                        // "RTP/AVP", "RTP/SAVP", "udp", ...
  std::vector<std::string> formats;         // RTP payload type numbers for RTP protos
  std::optional<std::string> title;         // i=
  std::optional<Connection> connection;     // c=; overrides the session-level one
  std::vector<Bandwidth> bandwidths;
  std::optional<std::string> key;  // k= (obsolete, kept for round trips)
  std::vector<Rtpmap> rtpmaps;
  std::vector<Fmtp> fmtps;
  std::optional<std::uint32_t> ptime_ms;
  std::optional<std::uint32_t> maxptime_ms;
  std::optional<Direction> direction;
  std::optional<Rtcp> rtcp;
  bool rtcp_mux = false;              // RFC 5761
  std::vector<Attribute> attributes;  // everything else, in order

  bool is_rtp() const;  // proto starts with "RTP/"
  // formats as payload types; only meaningful when is_rtp() (the parser checks them then).
  std::vector<std::uint8_t> payload_types() const;
  const Rtpmap* rtpmap(std::uint8_t pt) const;
  const Fmtp* fmtp(std::uint8_t pt) const;
  const Attribute* attribute(std::string_view name) const;
  bool operator==(const MediaDescription&) const = default;
};

struct SessionDescription {
  Origin origin;
  std::string session_name = "-";
  std::optional<std::string> info;  // i=
  std::optional<std::string> uri;   // u=
  std::vector<std::string> emails;  // e=
  std::vector<std::string> phones;  // p=
  std::optional<Connection> connection;
  std::vector<Bandwidth> bandwidths;
  std::vector<Timing> timings;      // at least one; "t=0 0" for a SIP call
  std::optional<std::string> zone;  // z=
  std::optional<std::string> key;   // k=
  std::optional<Direction> direction;
  std::vector<Attribute> attributes;
  std::vector<MediaDescription> media;

  const Attribute* attribute(std::string_view name) const;
  // The effective c= of a media stream: its own, else the session's (section 5.7).
  const Connection* connection_for(const MediaDescription& m) const;
  // The effective direction of a media stream: media-level, else session-level, else sendrecv.
  Direction direction_for(const MediaDescription& m) const;
  bool operator==(const SessionDescription&) const = default;
};

}  // namespace va::sdp
