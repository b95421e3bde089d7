// rtp::Errc: every way an RTP or RTCP packet (RFC 3550 5.1, 6.4-6.6, A.2) can be malformed.
#pragma once

#include <system_error>

namespace va::rtp {

enum class Errc {
  Ok = 0,
  TooShort,                // fewer than 12 bytes of fixed RTP header
  BadVersion,              // version field is not 2
  CsrcTruncated,           // CC says more CSRCs than the packet holds
  ExtensionTruncated,      // header extension runs past the end
  BadPadding,              // padding count is 0 or larger than the payload
  BufferTooSmall,          // output buffer cannot hold the packet being built
  BadField,                // a field out of range when building (CC > 15, PT > 127)
  NotRtp,                  // second byte is an RTCP packet type (RFC 5761 4)
  RtcpTooShort,            // fewer than 4 bytes of RTCP common header
  RtcpBadVersion,          // RTCP version field is not 2
  RtcpBadLength,           // length field runs past the datagram or is too small for its type
  RtcpBadFirstPacket,      // compound does not start with SR or RR (RFC 3550 6.1)
  RtcpPaddingNotLast,      // padding bit set on a packet other than the last (A.2)
  RtcpBadPadding,          // padding count 0 or larger than the packet
  RtcpBadSdes,             // SDES chunk or item runs past its packet or lacks its terminator
  RtcpBadBye,              // BYE reason length runs past its packet
  TelephoneEventTooShort,  // RFC 4733 2.3: payload shorter than 4 bytes
  PortsExhausted,          // every port of the pool is leased or resting
  SrtpAuthFailed,          // RFC 3711 3.3 step 5: the authentication tag does not verify
  SrtpReplay,              // RFC 3711 3.3.2: index already seen or older than the window
  SrtpBadKey,              // a master key/salt libsrtp refuses
  SrtpFailed,              // any other libsrtp failure (too short, no room for the tag)
};

const char* describe(Errc e);
const std::error_category& rtp_category();
std::error_code make_error_code(Errc e);

}  // namespace va::rtp

template <>
struct std::is_error_code_enum<va::rtp::Errc> : std::true_type {};
