// rtp::Errc descriptions, used in counters' reasons and debug logs (RFC 3550 A.1, A.2).
#include "rtp/errc.h"

#include "core/result.h"

namespace va::rtp {

const char* describe(Errc e) {
  switch (e) {
    case Errc::Ok:
      return "OK";
    case Errc::TooShort:
      return "RTP packet shorter than 12 bytes";
    case Errc::BadVersion:
      return "RTP version is not 2";
    case Errc::CsrcTruncated:
      return "RTP CSRC list truncated";
    case Errc::ExtensionTruncated:
      return "RTP header extension truncated";
    case Errc::BadPadding:
      return "RTP padding count invalid";
    case Errc::BufferTooSmall:
      return "output buffer too small";
    case Errc::BadField:
      return "field out of range";
    case Errc::NotRtp:
      return "packet type is RTCP, not RTP";
    case Errc::RtcpTooShort:
      return "RTCP packet shorter than its header";
    case Errc::RtcpBadVersion:
      return "RTCP version is not 2";
    case Errc::RtcpBadLength:
      return "RTCP length field invalid";
    case Errc::RtcpBadFirstPacket:
      return "RTCP compound does not start with SR or RR";
    case Errc::RtcpPaddingNotLast:
      return "RTCP padding on a packet other than the last";
    case Errc::RtcpBadPadding:
      return "RTCP padding count invalid";
    case Errc::RtcpBadSdes:
      return "RTCP SDES malformed";
    case Errc::RtcpBadBye:
      return "RTCP BYE malformed";
    case Errc::TelephoneEventTooShort:
      return "telephone-event payload shorter than 4 bytes";
    case Errc::PortsExhausted:
      return "no free RTP port in the configured range";
    case Errc::SrtpAuthFailed:
      return "SRTP authentication tag does not verify";
    case Errc::SrtpReplay:
      return "SRTP packet replayed or older than the replay window";
    case Errc::SrtpBadKey:
      return "SRTP master key refused";
    case Errc::SrtpFailed:
      return "SRTP processing failed";
  }
  return "unknown rtp error";
}

VA_ERROR_CATEGORY(Errc, "rtp", rtp_category)

}  // namespace va::rtp
