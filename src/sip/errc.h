// sip::Errc: every way a SIP message, URI or header can be malformed. The description is
// short and specific because it becomes the reason phrase of the 400 we send back.
#pragma once

#include <system_error>

namespace va::sip {

enum class Errc {
  Ok = 0,
  Empty,                 // nothing but whitespace
  Truncated,             // header section never ends (no empty line)
  MessageTooLarge,       // above the configured size limit
  BadStartLine,          // neither request line nor status line
  BadMethod,             // method token has illegal characters
  BadVersion,            // SIP-Version not "SIP/x.y"
  UnsupportedVersion,    // well-formed but not SIP/2.0 (-> 505)
  BadStatusCode,         // not 3 digits in 100-699
  BadRequestUri,         // request-URI does not parse
  UnsupportedUriScheme,  // request-URI scheme is not sip/sips/tel (-> 416)
  BadUri,                // any other URI does not parse
  BadHeaderLine,         // no colon, bad header name, NUL or stray CR/LF
  BadVia,
  BadFrom,
  BadTo,
  BadCallId,
  BadCSeq,
  BadMaxForwards,
  BadContact,
  BadRoute,
  BadContentLength,  // not a number, or several that disagree
  BodyTooShort,      // fewer bytes than Content-Length says
  MissingVia,
  MissingFrom,
  MissingTo,
  MissingCallId,
  MissingCSeq,
  CSeqMethodMismatch,  // request method differs from the CSeq method
  BadQuotedString,     // unterminated quote or bad escape
  BadParam,            // malformed ;name=value parameter
  BadHost,             // host is not a hostname, IPv4 or bracketed IPv6 literal
  BadPort,             // port not a number in 0-65535
  BadDateHeader,
  BadHeaderValue,    // a typed header other than those above does not parse
  BadSdp,            // SDP body does not parse (sdp/ uses its own codes too)
  BadAuthChallenge,  // WWW-Authenticate / Proxy-Authenticate does not parse
  UnsupportedAuth,   // algorithm or qop we cannot answer
};

const char* describe(Errc e);
// The status a UAS answers a message that failed with `e`: 505 for UnsupportedVersion, 416
// for UnsupportedUriScheme, 513 for MessageTooLarge, else 400 (with describe(e) as reason).
int response_status(Errc e);
const std::error_category& sip_category();
std::error_code make_error_code(Errc e);

}  // namespace va::sip

template <>
struct std::is_error_code_enum<va::sip::Errc> : std::true_type {};
