// sdp::Errc descriptions and the "sdp" error category.
#include "sip/sdp/errc.h"

#include "core/result.h"

namespace va::sdp {

const char* describe(Errc e) {
  switch (e) {
    case Errc::Ok:
      return "ok";
    case Errc::Empty:
      return "empty SDP";
    case Errc::TooLarge:
      return "SDP too large";
    case Errc::BadLine:
      return "bad SDP line (expected type=value)";
    case Errc::UnknownLineType:
      return "unknown SDP line type";
    case Errc::LineOutOfOrder:
      return "SDP line out of order";
    case Errc::DuplicateLine:
      return "duplicate SDP line";
    case Errc::StrayLineAfterEnd:
      return "SDP line after empty line";
    case Errc::MissingVersion:
      return "missing v= line";
    case Errc::BadVersion:
      return "bad v= line";
    case Errc::MissingOrigin:
      return "missing o= line";
    case Errc::BadOrigin:
      return "bad o= line";
    case Errc::MissingSessionName:
      return "missing s= line";
    case Errc::MissingTiming:
      return "missing t= line";
    case Errc::BadTiming:
      return "bad t= or r= line";
    case Errc::BadConnection:
      return "bad c= line";
    case Errc::MissingConnection:
      return "missing c= for media";
    case Errc::BadBandwidth:
      return "bad b= line";
    case Errc::BadMediaLine:
      return "bad m= line";
    case Errc::BadRtpmap:
      return "bad a=rtpmap";
    case Errc::BadFmtp:
      return "bad a=fmtp";
    case Errc::BadPtime:
      return "bad a=ptime or a=maxptime";
    case Errc::BadRtcp:
      return "bad a=rtcp";
    case Errc::BadAttribute:
      return "bad a= line";
    case Errc::BadPayloadType:
      return "bad RTP payload type";
    case Errc::NotAudio:
      return "no audio stream";
    case Errc::NoCommonCodec:
      return "no common audio codec";
    case Errc::AnswerMismatch:
      return "answer does not match offer";
    case Errc::MediaRejected:
      return "audio stream rejected by peer";
    case Errc::UnknownPayloadInAnswer:
      return "answer chose a payload type not offered";
    case Errc::NoOfferPending:
      return "answer without pending offer";
    case Errc::BadCrypto:
      return "bad a=crypto";
    case Errc::CryptoSuiteUnsupported:
      return "crypto suite not supported (AES_CM_128_HMAC_SHA1_80 or _32 only)";
    case Errc::CryptoBadKey:
      return "a=crypto inline key is not 30 bytes of base64 key and salt";
    case Errc::CryptoMkiUnsupported:
      return "a=crypto MKI or several keys not supported";
    case Errc::CryptoLifetimeTooShort:
      return "a=crypto key lifetime below 2^31 not supported";
    case Errc::CryptoSessionParams:
      return "a=crypto session parameters not supported";
    case Errc::NoUsableCrypto:
      return "no usable a=crypto for RTP/SAVP";
    case Errc::SrtpRequired:
      return "SRTP (RTP/SAVP) required";
  }
  return "unknown SDP error";
}

VA_ERROR_CATEGORY(Errc, "sdp", sdp_category)

}  // namespace va::sdp
