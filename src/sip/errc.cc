// sip::Errc descriptions: each is usable as the reason phrase of a 400 (RFC 3261 21.4.1).
#include "sip/errc.h"

#include "core/result.h"

namespace va::sip {

const char* describe(Errc e) {
  switch (e) {
    case Errc::Ok:
      return "OK";
    case Errc::Empty:
      return "Empty message";
    case Errc::Truncated:
      return "Truncated message";
    case Errc::MessageTooLarge:
      return "Message too large";
    case Errc::BadStartLine:
      return "Bad start line";
    case Errc::BadMethod:
      return "Bad method";
    case Errc::BadVersion:
      return "Bad SIP version";
    case Errc::UnsupportedVersion:
      return "Version Not Supported";
    case Errc::BadStatusCode:
      return "Bad status code";
    case Errc::BadRequestUri:
      return "Bad Request-URI";
    case Errc::UnsupportedUriScheme:
      return "Unsupported URI Scheme";
    case Errc::BadUri:
      return "Bad URI";
    case Errc::BadHeaderLine:
      return "Bad header line";
    case Errc::BadVia:
      return "Bad Via header";
    case Errc::BadFrom:
      return "Bad From header";
    case Errc::BadTo:
      return "Bad To header";
    case Errc::BadCallId:
      return "Bad Call-ID header";
    case Errc::BadCSeq:
      return "Bad CSeq header";
    case Errc::BadMaxForwards:
      return "Bad Max-Forwards header";
    case Errc::BadContact:
      return "Bad Contact header";
    case Errc::BadRoute:
      return "Bad Route header";
    case Errc::BadContentLength:
      return "Bad Content-Length header";
    case Errc::BodyTooShort:
      return "Body shorter than Content-Length";
    case Errc::MissingVia:
      return "Missing Via";
    case Errc::MissingFrom:
      return "Missing From";
    case Errc::MissingTo:
      return "Missing To";
    case Errc::MissingCallId:
      return "Missing Call-ID";
    case Errc::MissingCSeq:
      return "Missing CSeq";
    case Errc::CSeqMethodMismatch:
      return "CSeq method does not match";
    case Errc::BadQuotedString:
      return "Bad quoted string";
    case Errc::BadParam:
      return "Bad parameter";
    case Errc::BadHost:
      return "Bad host";
    case Errc::BadPort:
      return "Bad port";
    case Errc::BadDateHeader:
      return "Bad Date header";
    case Errc::BadHeaderValue:
      return "Bad header value";
    case Errc::BadSdp:
      return "Bad SDP";
    case Errc::BadAuthChallenge:
      return "Bad authentication challenge";
    case Errc::UnsupportedAuth:
      return "Unsupported authentication";
  }
  return "Bad request";
}

int response_status(Errc e) {
  switch (e) {
    case Errc::Ok:
      return 200;
    case Errc::UnsupportedVersion:
      return 505;
    case Errc::UnsupportedUriScheme:
      return 416;
    case Errc::MessageTooLarge:
      return 513;
    default:
      return 400;
  }
}

VA_ERROR_CATEGORY(Errc, "sip", sip_category)

}  // namespace va::sip
