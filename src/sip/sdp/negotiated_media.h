// NegotiatedMedia: what an offer/answer exchange (RFC 3264) settled for the one audio stream of a
// call. call/ turns it into RTP parameters; sdp/ knows nothing of RTP sockets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sip/sdp/codec.h"
#include "sip/sdp/sdp_crypto.h"
#include "sip/sdp/session_description.h"

namespace va::sdp {

// Our side of the audio stream.
struct LocalMedia {
  AddrType addr_type = AddrType::Ip4;
  std::string address;  // where we receive RTP
  std::uint16_t port = 0;
  std::vector<Codec> codecs;    // preference order; may include telephone_event()
  std::uint32_t ptime_ms = 20;  // the packetization we want to receive
  bool rtcp_mux = false;        // offer rtcp-mux / accept it when offered (RFC 5761)
  Direction direction = Direction::SendRecv;
  // Answering: pick the first of OUR codecs the offer has, instead of the offer's first that
  // we have (RFC 3264 6.1 lets the answerer choose; a trunk's configured order).
  bool answer_in_local_order = false;
  // SDES SRTP (RFC 4568), from rtp.srtp: our a=crypto lines, one per suite we accept, each
  // with its own key. Empty: plain RTP/AVP only (an RTP/SAVP offer is rejected). Otherwise
  // our offers are RTP/SAVP with these lines, and an RTP/SAVP offer is answered with our line
  // of the suite it chose first. srtp_required: a plain RTP/AVP offer or answer is refused.
  std::vector<CryptoAttribute> crypto;
  bool srtp_required = false;
};

struct NegotiatedMedia {
  Codec codec;  // payload type as it goes on the wire; fmtp: the PEER's (how to send to it)
  std::optional<std::uint8_t> dtmf_payload_type;  // telephone-event (RFC 4733)
  AddrType remote_addr_type = AddrType::Ip4;
  std::string remote_address;  // from media-level c=, else session-level c=
  std::uint16_t remote_port = 0;
  std::optional<std::uint16_t> remote_rtcp_port;  // a=rtcp (RFC 3605), when given
  std::uint32_t ptime_ms = 20;                // the peer's a=ptime: how we should packetize for it
  Direction direction = Direction::SendRecv;  // from our point of view: sendonly = we only send
  bool rtcp_mux = false;                      // both sides agreed to RTCP on the RTP port
  // The peer holds the call: its c= is 0.0.0.0 (RFC 3264 section 8.4) or it declared sendonly
  // or inactive.
  bool hold = false;
  std::optional<NegotiatedCrypto> srtp;  // RTP/SAVP with these keys; nullopt: plain RTP
  bool operator==(const NegotiatedMedia&) const = default;
};

}  // namespace va::sdp
