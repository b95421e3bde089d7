// Fuzzes the SDP parser (RFC 4566) and offer/answer (RFC 3264): parse, touch every accessor,
// check serialize -> parse is stable, then answer the input as an offer and process it as an
// answer to our offer. Any inconsistency traps.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sip/sdp/codec.h"
#include "sip/sdp/negotiator.h"
#include "sip/sdp/parser.h"
#include "sip/sdp/serializer.h"

namespace {

using namespace va::sdp;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

std::size_t touch(const SessionDescription& s) {
  std::size_t n =
      s.origin.address.size() + s.attributes.size() + to_string(s.origin.addr_type).size();
  for (const auto& m : s.media) {
    n += to_string(s.direction_for(m)).size();
    if (const Connection* c = s.connection_for(m)) n += c->address.size() + c->is_hold();
    n += m.is_rtp() + m.formats.size() + (m.attribute("ssrc") != nullptr);
    for (const std::uint8_t pt : m.payload_types()) {
      if (const Rtpmap* r = m.rtpmap(pt)) n += r->encoding.size();
      if (const Fmtp* f = m.fmtp(pt)) {
        n += f->parameters.size();
        // The value found must lie inside the parameters (Opus maxplaybackrate, RFC 7587).
        if (auto v = fmtp_value(f->parameters, "maxplaybackrate")) {
          check(v->data() >= f->parameters.data() &&
                v->data() + v->size() <= f->parameters.data() + f->parameters.size());
        }
      }
      if (const auto c = resolve_codec(m, pt)) n += c->clock_rate + is_telephone_event(*c);
    }
  }
  return n;
}

LocalMedia local_media(bool ipv6) {
  LocalMedia l;
  l.addr_type = ipv6 ? AddrType::Ip6 : AddrType::Ip4;
  l.address = ipv6 ? "2001:db8::1" : "192.0.2.1";
  l.port = 20000;
  l.codecs = {pcmu(), pcma(), g722(), g729(), opus(), telephone_event()};
  l.rtcp_mux = true;
  return l;
}

void check_answer(const SessionDescription& offer) {
  SdpNegotiator negotiator("1", 1);
  auto answer = negotiator.create_answer(offer, local_media(false));
  if (!answer) return;
  check(answer->sdp.media.size() == offer.media.size());
  auto reparsed = parse(serialize(answer->sdp));
  check(reparsed.has_value());
  check(*reparsed == answer->sdp);
  check(!answer->media.remote_address.empty() || answer->media.remote_port == 0);
}

void check_as_answer(const SessionDescription& answer) {
  SdpNegotiator negotiator("1", 1);
  const SessionDescription offer = negotiator.create_offer(local_media(true));
  auto media = negotiator.process_answer(answer);
  if (!media) return;
  check(media->remote_port != 0);
  check(!is_telephone_event(media->codec));
  const auto offered = offer.media[0].payload_types();
  bool found = false;
  for (const auto pt : offered)
    found = found || pt == media->codec.payload_type;
  check(found);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parse(text);
  if (!parsed) {
    check(!parsed.error().message().empty());
    return 0;
  }
  touch(*parsed);
  const std::string once = serialize(*parsed);
  auto again = parse(once);
  check(again.has_value());
  check(*again == *parsed);
  check(serialize(*again) == once);
  check_answer(*parsed);
  check_as_answer(*parsed);
  return 0;
}
