// sdp::Errc: every way an SDP body (RFC 4566) or an offer/answer exchange (RFC 3264) can fail.
// The descriptions are short and specific: they end up in logs and in a 488's Warning header.
#pragma once

#include <system_error>

namespace va::sdp {

enum class Errc {
  Ok = 0,
  Empty,                   // nothing but whitespace
  TooLarge,                // body above kMaxSdpSize, or too many m= lines
  BadLine,                 // not "<type>=<value>" with a single lower-case letter type
  UnknownLineType,         // RFC 4566 section 5: a type letter we do not understand
  LineOutOfOrder,          // a line type in a place RFC 4566 section 5 does not allow
  DuplicateLine,           // a line that may appear once appears twice at one level
  StrayLineAfterEnd,       // a non-empty line after an empty one
  MissingVersion,          // first line is not v=
  BadVersion,              // v= other than 0
  MissingOrigin,           // no o= line
  BadOrigin,               // o= does not have six well-formed fields
  MissingSessionName,      // no s= line
  MissingTiming,           // no t= line before the first m=
  BadTiming,               // t= or r= not numeric
  BadConnection,           // c= not "IN IP4|IP6 address"
  MissingConnection,       // a media stream with neither media- nor session-level c=
  BadBandwidth,            // b= not "type:number"
  BadMediaLine,            // m= not "media port[/count] proto fmt..."
  BadRtpmap,               // a=rtpmap not "pt name/rate[/channels]"
  BadFmtp,                 // a=fmtp not "pt params"
  BadPtime,                // a=ptime / a=maxptime not a positive number
  BadRtcp,                 // a=rtcp not "port [IN IP4|IP6 address]"
  BadAttribute,            // a= with an empty or malformed name
  BadPayloadType,          // an RTP format that is not a number in 0-127
  NotAudio,                // offer/answer: no audio stream in the description
  NoCommonCodec,           // offer/answer: no audio stream we can accept (-> 488)
  AnswerMismatch,          // answer's m= lines do not match our offer (RFC 3264 section 6)
  MediaRejected,           // the answer rejected our audio stream (port 0)
  UnknownPayloadInAnswer,  // the answer chose a payload type we did not offer
  NoOfferPending,          // an answer arrived but we have no offer outstanding
  BadCrypto,               // a=crypto not "tag suite inline:key[|lifetime][|mki:len]" (RFC 4568)
  CryptoSuiteUnsupported,  // a crypto suite other than AES_CM_128_HMAC_SHA1_80/_32
  CryptoBadKey,            // inline key not base64 of 16 + 14 bytes of master key and salt
  CryptoMkiUnsupported,    // an MKI or more than one key (we key one stream with one key)
  CryptoLifetimeTooShort,  // a key lifetime below 2^31 packets (we do not rekey mid-call)
  CryptoSessionParams,     // session parameters (KDR, UNENCRYPTED_*, ...) we do not support
  NoUsableCrypto,          // offer/answer: RTP/SAVP without an a=crypto we can use (-> 488)
  SrtpRequired,            // offer/answer: plain RTP/AVP while rtp.srtp = "require" (-> 488)
};

const char* describe(Errc e);
const std::error_category& sdp_category();
std::error_code make_error_code(Errc e);

}  // namespace va::sdp

template <>
struct std::is_error_code_enum<va::sdp::Errc> : std::true_type {};
