// CallSrtp: what rtp.srtp means for one call: our SDES keys in its SDP (RFC 4568) and the
// SrtpSession (RFC 3711) its RtpSession protects with.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "rtp/srtp_session.h"
#include "sip/sdp/negotiated_media.h"

namespace va::call {

// rtp.srtp:
//  off     - plain RTP/AVP only; an RTP/SAVP offer is refused (488, no usable crypto).
//  offer   - our offers are RTP/SAVP with AES_CM_128_HMAC_SHA1_80 and _32 lines; inbound, an
//            RTP/SAVP offer is answered with SRTP and a plain RTP/AVP offer with plain RTP.
//  require - as offer, but a plain RTP/AVP offer gets 488 before any 180, and a plain answer
//            to our offer ends the call (no media without SRTP, ever).
enum class SrtpMode { Off, Offer, Require };

// "off" | "offer" | "require"; nullopt for anything else (the config check names the key).
std::optional<SrtpMode> parse_srtp_mode(std::string_view text);

// One a=crypto line per supported suite, each with a fresh key from the CSPRNG: made once
// per call (re-offers repeat them) and never logged. Empty for SrtpMode::Off.
std::vector<sdp::CryptoAttribute> make_local_crypto(SrtpMode mode);

// Puts a call's crypto lines and the mode into its LocalMedia.
void apply_srtp(sdp::LocalMedia& local, SrtpMode mode,
                const std::vector<sdp::CryptoAttribute>& crypto);

// The SrtpSession for what the offer/answer settled; null for plain RTP.
core::Result<std::unique_ptr<rtp::SrtpSession>> make_srtp_session(
    const std::optional<sdp::NegotiatedCrypto>& negotiated);

}  // namespace va::call
