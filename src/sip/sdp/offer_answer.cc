// Offer/answer for one audio stream (RFC 3264 sections 5, 6 and 7).
#include "sip/sdp/offer_answer.h"

#include <set>

#include "sip/sdp/errc.h"

namespace va::sdp {
namespace {

constexpr std::uint32_t kDefaultPtimeMs = 20;  // RFC 3551 section 4.2 for G.711/G.722

Direction make_direction(bool send, bool receive) {
  if (send && receive) return Direction::SendRecv;
  if (send) return Direction::SendOnly;
  if (receive) return Direction::RecvOnly;
  return Direction::Inactive;
}

// Our direction given the peer's declared one, what we want, and whether we have an address to
// send to (c=0.0.0.0 says we have not).
Direction our_direction(Direction peer, Direction wanted, bool peer_address_is_hold) {
  const Direction mirrored = reverse(peer);
  const bool send = sends(mirrored) && sends(wanted) && !peer_address_is_hold;
  return make_direction(send, receives(mirrored) && receives(wanted));
}

bool peer_holds(Direction peer, const Connection& c) {
  return c.is_hold() || peer == Direction::SendOnly || peer == Direction::Inactive;
}

void add_codec(MediaDescription& m, const Codec& c) {
  m.formats.push_back(std::to_string(c.payload_type));
  std::optional<std::uint32_t> channels;
  if (c.channels != 1) channels = c.channels;
  m.rtpmaps.push_back(Rtpmap{c.payload_type, c.name, c.clock_rate, channels});
  if (!c.fmtp.empty()) m.fmtps.push_back(Fmtp{c.payload_type, c.fmtp});
}

SessionDescription skeleton(const LocalMedia& local) {
  SessionDescription s;
  s.origin.session_id = "0";  // SdpNegotiator replaces it; "0" keeps the body valid
  s.origin.addr_type = local.addr_type;
  s.origin.address = local.address;
  s.connection = Connection{local.addr_type, local.address};
  s.timings.push_back(Timing{});
  return s;
}

MediaDescription audio_line(const LocalMedia& local, std::string proto, Direction d) {
  MediaDescription m;
  m.media = "audio";
  m.port = local.port;
  m.proto = std::move(proto);
  m.ptime_ms = local.ptime_ms;
  m.direction = d;
  return m;
}

const Codec* local_match(const LocalMedia& local, const Codec& offered) {
  for (const auto& c : local.codecs) {
    if (same_codec(c, offered)) return &c;
  }
  return nullptr;
}

// Rule 6: the offered codec with our own format parameters where we have some (what we
// can receive: Opus's maxplaybackrate, G.729's annexb=no); the peer's stay in NegotiatedMedia.
Codec answered_codec(const LocalMedia& local, Codec offered) {
  const Codec* ours = local_match(local, offered);
  if (ours && !ours->fmtp.empty()) offered.fmtp = ours->fmtp;
  return offered;
}

struct Choice {
  Codec codec;
  std::optional<Codec> dtmf;
};

// Rule 2's exception: the first of our codecs (in our order) that the offer lists.
std::optional<Codec> first_local_in_offer(const MediaDescription& offered,
                                          const LocalMedia& local) {
  for (const auto& mine : local.codecs) {
    if (is_telephone_event(mine)) continue;
    for (const std::uint8_t pt : offered.payload_types()) {
      auto c = resolve_codec(offered, pt);
      if (c && same_codec(*c, mine)) return c;
    }
  }
  return std::nullopt;
}

// Rules 2 and 3: walk the offer's formats in its order.
std::optional<Choice> choose(const MediaDescription& offered, const LocalMedia& local) {
  std::optional<Codec> codec;
  std::optional<Codec> dtmf;
  for (const std::uint8_t pt : offered.payload_types()) {
    auto c = resolve_codec(offered, pt);
    if (!c || !local_match(local, *c)) continue;
    if (is_telephone_event(*c)) {
      if (!dtmf) dtmf = std::move(*c);
    } else if (!codec) {
      codec = std::move(*c);
    }
  }
  if (!codec) return std::nullopt;
  if (local.answer_in_local_order) codec = first_local_in_offer(offered, local);
  if (dtmf && dtmf->fmtp.empty()) dtmf->fmtp = local_match(local, *dtmf)->fmtp;
  return Choice{std::move(*codec), std::move(dtmf)};
}

MediaDescription rejected(const MediaDescription& offered) {
  MediaDescription m;
  m.media = offered.media;
  m.port = 0;
  m.proto = offered.proto;
  m.formats = offered.formats;
  // RFC 3264 section 6: a rejected stream still lists at least one format.
  if (m.formats.empty()) m.formats.emplace_back("0");
  return m;
}

NegotiatedMedia negotiated(const MediaDescription& remote, const Connection& c, Codec codec,
                           Direction ours, bool hold) {
  NegotiatedMedia n;
  n.codec = std::move(codec);
  n.remote_addr_type = c.addr_type;
  n.remote_address = c.address;
  n.remote_port = remote.port;
  if (remote.rtcp) n.remote_rtcp_port = remote.rtcp->port;
  n.ptime_ms = remote.ptime_ms.value_or(kDefaultPtimeMs);
  n.direction = ours;
  n.hold = hold;
  return n;
}

bool acceptable_audio(const MediaDescription& m) {
  return m.media == "audio" && m.proto == "RTP/AVP" && m.port != 0;
}

}  // namespace

SessionDescription build_offer(const LocalMedia& local) {
  SessionDescription s = skeleton(local);
  MediaDescription m = audio_line(local, "RTP/AVP", local.direction);
  for (const auto& c : local.codecs)
    add_codec(m, c);
  m.rtcp_mux = local.rtcp_mux;
  s.media.push_back(std::move(m));
  return s;
}

core::Result<Answer> answer_offer(const SessionDescription& offer, const LocalMedia& local) {
  Answer a{skeleton(local), {}};
  bool accepted = false;
  for (const auto& offered : offer.media) {
    const Connection* conn = offer.connection_for(offered);
    std::optional<Choice> choice;
    if (!accepted && conn && acceptable_audio(offered)) choice = choose(offered, local);
    if (!choice) {
      a.sdp.media.push_back(rejected(offered));
      continue;
    }
    accepted = true;
    const Direction peer = offer.direction_for(offered);
    const Direction ours = our_direction(peer, local.direction, conn->is_hold());
    MediaDescription m = audio_line(local, offered.proto, ours);
    add_codec(m, answered_codec(local, choice->codec));
    if (choice->dtmf) add_codec(m, *choice->dtmf);
    m.rtcp_mux = offered.rtcp_mux && local.rtcp_mux;
    a.media = negotiated(offered, *conn, choice->codec, ours, peer_holds(peer, *conn));
    a.media.dtmf_payload_type =
        choice->dtmf ? std::optional(choice->dtmf->payload_type) : std::nullopt;
    a.media.rtcp_mux = m.rtcp_mux;
    a.sdp.media.push_back(std::move(m));
  }
  if (!accepted) {
    for (const auto& m : offer.media) {
      if (m.media == "audio") return Errc::NoCommonCodec;
    }
    return Errc::NotAudio;
  }
  return a;
}

core::Result<NegotiatedMedia> process_answer(const SessionDescription& offer,
                                             const SessionDescription& answer) {
  std::size_t index = 0;
  while (index < offer.media.size() && !acceptable_audio(offer.media[index]))
    ++index;
  if (index == offer.media.size()) return Errc::NotAudio;
  if (answer.media.size() != offer.media.size()) return Errc::AnswerMismatch;
  const MediaDescription& ours = offer.media[index];
  const MediaDescription& theirs = answer.media[index];
  if (theirs.media != ours.media) return Errc::AnswerMismatch;
  if (theirs.port == 0) return Errc::MediaRejected;
  const Connection* conn = answer.connection_for(theirs);
  if (!conn) return Errc::MissingConnection;

  std::optional<Codec> codec;
  std::optional<std::uint8_t> dtmf;
  bool unknown = false;
  const auto pts = ours.payload_types();
  const std::set<std::uint8_t> offered_pts(pts.begin(), pts.end());
  for (const std::uint8_t pt : theirs.payload_types()) {
    // The answer may omit rtpmap for a payload type we defined in the offer.
    auto c = resolve_codec(theirs, pt);
    if (!c) c = resolve_codec(ours, pt);
    auto offered = c && offered_pts.contains(pt) ? resolve_codec(ours, pt) : std::nullopt;
    if (!c || !offered || !same_codec(*c, *offered)) {
      unknown = true;
    } else if (is_telephone_event(*c)) {
      if (!dtmf) dtmf = pt;
    } else if (!codec) {
      codec = std::move(*c);
    }
  }
  if (!codec) return unknown ? Errc::UnknownPayloadInAnswer : Errc::NoCommonCodec;

  const Direction peer = answer.direction_for(theirs);
  const Direction wanted = offer.direction_for(ours);
  const Direction mine = our_direction(peer, wanted, conn->is_hold());
  NegotiatedMedia n = negotiated(theirs, *conn, std::move(*codec), mine, peer_holds(peer, *conn));
  n.dtmf_payload_type = dtmf;
  n.rtcp_mux = ours.rtcp_mux && theirs.rtcp_mux;
  return n;
}

}  // namespace va::sdp
