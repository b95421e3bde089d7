// CodecPreference: rtp.codecs ("PCMU,PCMA,G722"; also G729, OPUS) and sip.trunk.codecs as the
// SDP codec list we offer and accept, always followed by telephone-event (RFC 4733) so DTMF
// from the gateway is understood.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "call/call_srtp.h"
#include "core/result.h"
#include "sip/sdp/codec.h"
#include "sip/sdp/negotiated_media.h"
#include "sip/sdp/session_description.h"

namespace va::call {

// Names are case-insensitive; an unknown or repeated name is an error naming it.
core::Result<std::vector<sdp::Codec>> parse_codec_preference(std::string_view text,
                                                             std::string* bad_name = nullptr);

// sip.trunk.codecs within rtp.codecs: "" = `all`; a name not in `all` (or not a codec at all)
// is an error naming it, so a trunk is never offered a codec the server refuses elsewhere.
core::Result<std::vector<sdp::Codec>> parse_trunk_codecs(std::string_view text,
                                                         const std::vector<sdp::Codec>& all,
                                                         std::string* bad_name = nullptr);

// Our side of the audio stream for one call: where we receive and what we take.
sdp::LocalMedia make_local_media(const std::string& address, std::uint16_t port,
                                 const std::vector<sdp::Codec>& codecs, bool rtcp_mux);

// Whether an INVITE's offer could be answered with `codecs` (RFC 3264 6). Checked before we
// ring, so a caller with no codec in common gets 488 and never a 180 first.
bool can_answer(const sdp::SessionDescription& offer, const std::vector<sdp::Codec>& codecs,
                bool rtcp_mux);
// The same with SRTP (rtp.srtp: the offer's profile counts too): why the offer cannot be
// answered (sdp::Errc: NoCommonCodec, SrtpRequired, NoUsableCrypto, ...), or no error.
std::error_code offer_refusal(const sdp::SessionDescription& offer,
                              const std::vector<sdp::Codec>& codecs, bool rtcp_mux, SrtpMode srtp);

}  // namespace va::call
