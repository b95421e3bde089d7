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

constexpr std::string_view kAvp = "RTP/AVP";
constexpr std::string_view kSavp = "RTP/SAVP";

// An audio stream we could offer or take: plain or SRTP RTP, not port 0.
bool audio_stream(const MediaDescription& m) {
  return m.media == "audio" && (m.proto == kAvp || m.proto == kSavp) && m.port != 0;
}

// Our line of the offer's first usable a=crypto (RFC 4568 7.1.1: the answerer picks one).
std::optional<std::pair<CryptoAttribute, CryptoAttribute>> choose_crypto(
    const MediaDescription& offered, const LocalMedia& local) {
  for (const auto& theirs : crypto_attributes(offered)) {
    if (!theirs) continue;
    for (const auto& ours : local.crypto) {
      if (ours.suite != theirs->suite) continue;
      CryptoAttribute answer = ours;
      answer.tag = theirs->tag;
      return std::pair{answer, *theirs};
    }
  }
  return std::nullopt;
}

// Why the offer's audio could not be taken, for the 488's Warning.
Errc refusal(const SessionDescription& offer, const LocalMedia& local) {
  bool audio = false;
  for (const auto& m : offer.media) {
    if (m.media != "audio") continue;
    audio = true;
    if (m.port == 0) continue;
    if (m.proto == kAvp && local.srtp_required) return Errc::SrtpRequired;
    if (m.proto == kSavp && !choose_crypto(m, local)) return Errc::NoUsableCrypto;
  }
  return audio ? Errc::NoCommonCodec : Errc::NotAudio;
}

// RFC 4568 7.1.3: the answer's one a=crypto names the tag and suite of one of our lines.
core::Result<NegotiatedCrypto> answered_crypto(const MediaDescription& ours,
                                               const MediaDescription& theirs) {
  if (theirs.proto != kSavp) return Errc::SrtpRequired;
  for (const auto& answer : crypto_attributes(theirs)) {
    if (!answer) return answer.error();
    for (const auto& offered : crypto_attributes(ours)) {
      if (offered && offered->tag == answer->tag && offered->suite == answer->suite)
        return NegotiatedCrypto{answer->suite, offered->key_salt, answer->key_salt};
    }
  }
  return Errc::NoUsableCrypto;
}

}  // namespace

SessionDescription build_offer(const LocalMedia& local) {
  SessionDescription s = skeleton(local);
  MediaDescription m =
      audio_line(local, std::string(local.crypto.empty() ? kAvp : kSavp), local.direction);
  for (const auto& c : local.codecs)
    add_codec(m, c);
  m.rtcp_mux = local.rtcp_mux;
  for (const auto& c : local.crypto)
    m.attributes.push_back(Attribute{"crypto", format_crypto(c)});
  s.media.push_back(std::move(m));
  return s;
}

core::Result<Answer> answer_offer(const SessionDescription& offer, const LocalMedia& local) {
  Answer a{skeleton(local), {}};
  bool accepted = false;
  for (const auto& offered : offer.media) {
    const Connection* conn = offer.connection_for(offered);
    std::optional<Choice> choice;
    std::optional<std::pair<CryptoAttribute, CryptoAttribute>> crypto;
    if (offered.proto == kSavp) crypto = choose_crypto(offered, local);
    const bool allowed = offered.proto == kSavp ? crypto.has_value() : !local.srtp_required;
    if (!accepted && conn && audio_stream(offered) && allowed) choice = choose(offered, local);
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
    if (crypto) {
      m.attributes.push_back(Attribute{"crypto", format_crypto(crypto->first)});
      a.media.srtp =
          NegotiatedCrypto{crypto->first.suite, crypto->first.key_salt, crypto->second.key_salt};
    }
    a.sdp.media.push_back(std::move(m));
  }
  if (!accepted) return refusal(offer, local);
  return a;
}

core::Result<NegotiatedMedia> process_answer(const SessionDescription& offer,
                                             const SessionDescription& answer) {
  std::size_t index = 0;
  while (index < offer.media.size() && !audio_stream(offer.media[index]))
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
  if (ours.proto == kSavp) {
    auto srtp = answered_crypto(ours, theirs);
    if (!srtp) return srtp.error();
    n.srtp = *srtp;
  }
  return n;
}

}  // namespace va::sdp
