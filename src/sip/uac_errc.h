// sip::UacErrc: why the user-agent client could not build or route a request, or answer a
// challenge (RFC 3261 sections 8.1, 19.1, 22.2).
#pragma once

#include <system_error>

namespace va::sip {

enum class UacErrc {
  Ok = 0,
  NoTrunk,             // a number was dialled but sip.trunk.uri is empty
  BadTrunkUri,         // sip.trunk.uri is not a sip/sips URI with a host
  BadTarget,           // the dialled text is neither a number nor a sip: URI
  DirectUriForbidden,  // a sip: URI was dialled but sip.allow_direct_uri is off
  NoNumericHop,        // the next hop is a host name: this UA does no DNS
  NoCredentials,       // challenged (401/407) but no username/password is configured
  CredentialsRefused,  // challenged again for the same nonce without stale=true (22.2)
  RealmMismatch,       // challenged for another realm than sip.trunk.realm
  NotAChallenge,       // the response is not a 401/407 with a challenge header
  BadOutboundProxy,    // sip.trunk.outbound_proxy is neither host:port nor a sip: URI
};

const char* describe(UacErrc e);
const std::error_category& uac_category();
std::error_code make_error_code(UacErrc e);

}  // namespace va::sip

template <>
struct std::is_error_code_enum<va::sip::UacErrc> : std::true_type {};
