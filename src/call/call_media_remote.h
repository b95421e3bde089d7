// CallMediaRemote: what the negotiated SDP (RFC 3264) means for a call's RTP: codec, payload
// types, where to send, and whether the peer holds the call (RFC 3264 section 8.4).
#pragma once

#include <cstdint>
#include <optional>

#include "core/result.h"
#include "media/audio_codec.h"
#include "rtp/rtp_session.h"
#include "sip/sdp/codec.h"
#include "sip/sdp/negotiated_media.h"

namespace va::call {

struct RemoteAudio {
  media::CodecId codec = media::CodecId::Pcmu;
  media::CodecOptions codec_options;  // from the peer's fmtp (Opus maxplaybackrate)
  std::uint8_t payload_type = 0;      // as negotiated (static: 0, 8, 9, 18; Opus dynamic)
  std::optional<std::uint8_t> telephone_event_pt;
  rtp::RemoteMedia remote;  // rtcp: a=rtcp when given, else RTP port + 1 (RFC 3550 11)
  // We must not send: the peer holds (c=0.0.0.0, sendonly, inactive) or we may only receive.
  bool hold = false;
  std::optional<sdp::NegotiatedCrypto> srtp;  // SRTP keys (call_srtp.h); nullopt: plain RTP
};

// PCMU, PCMA, G722, G729 (8000/1), opus (48000/2) by encoding name (case-insensitive);
// nullopt for anything else.
std::optional<media::CodecId> codec_id_for(const sdp::Codec& codec);
// How to encode for the peer, from its fmtp: maxplaybackrate (RFC 7587 6.1) when it is a
// number in 8000-48000, else the default.
media::CodecOptions codec_options_for(const sdp::Codec& codec);
// MediaErrc::UnsupportedCodec or BadRemoteAddress (not an IP literal, port 0 unless on hold).
core::Result<RemoteAudio> remote_audio_from(const sdp::NegotiatedMedia& media);

}  // namespace va::call
