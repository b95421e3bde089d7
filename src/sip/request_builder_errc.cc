// sip::UacErrc: descriptions and the error category (RFC 3261 sections 8.1, 22.2).
#include "sip/request_builder_errc.h"

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
    case UacErrc::NotAChallenge:
      return "Response carries no usable challenge";
  }
  return "uac error";
}

namespace {
constexpr char kCategoryName[] = "sip.uac";
using Category = core::EnumErrorCategory<UacErrc, kCategoryName, &describe>;
}  // namespace

const std::error_category& uac_category() {
  return Category::instance();
}

std::error_code make_error_code(UacErrc e) {
  return {static_cast<int>(e), uac_category()};
}

}  // namespace va::sip
