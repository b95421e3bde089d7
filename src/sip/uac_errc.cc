// sip::UacErrc: descriptions and the error category (RFC 3261 sections 8.1, 22.2).
#include "sip/uac_errc.h"

#include "core/result.h"

namespace va::sip {

const char* describe(UacErrc e) {
  switch (e) {
    case UacErrc::Ok:
      return "ok";
    case UacErrc::NoTrunk:
      return "No SIP trunk configured";
    case UacErrc::BadTrunkUri:
      return "Bad SIP trunk URI";
    case UacErrc::BadTarget:
      return "Target is neither a number nor a sip: URI";
    case UacErrc::DirectUriForbidden:
      return "Direct sip: URIs are not allowed";
    case UacErrc::NoNumericHop:
      return "Next hop is not a numeric address (no DNS)";
    case UacErrc::NoCredentials:
      return "Challenged but no credentials configured";
    case UacErrc::CredentialsRefused:
      return "Credentials refused";
    case UacErrc::RealmMismatch:
      return "Challenge for an unexpected realm";
    case UacErrc::BadOutboundProxy:
      return "sip.trunk.outbound_proxy is neither host:port nor a sip: URI";
    case UacErrc::NotAChallenge:
      return "Response carries no usable challenge";
  }
  return "uac error";
}

VA_ERROR_CATEGORY(UacErrc, "sip.uac", uac_category)

}  // namespace va::sip
