// crm::Errc: how a store, vault or auth operation can fail; the API maps each to a status.
#pragma once

#include <system_error>

namespace va::crm {

enum class Errc {
  Ok = 0,
  NotFound,        // no row with that id / name
  Conflict,        // a unique value already exists (username, key fingerprint)
  Invalid,         // a value breaks a rule (role, phone, reference to a missing row)
  BadCredentials,  // unknown user, wrong password or inactive user
  Throttled,       // too many failed logins for this username+address
  DbError,         // the database refused or failed (details logged, never sent)
  BadUrl,          // database URL is neither sqlite:PATH nor postgresql://...
  BadMasterKey,    // master key file/env is missing, unreadable or malformed
  CryptoError,     // a sealed value does not open under the master key
  NoKey,           // the user has no API key and no fallback is configured
  Forbidden,       // the acting user may not do this
  KeyInPool,       // a shared pool key: only the superadmin gives it to a user
  KeyOwned,        // another user's or tenant's own key: never set for this user
};

const char* describe(Errc e);
const std::error_category& crm_category();
std::error_code make_error_code(Errc e);

}  // namespace va::crm

template <>
struct std::is_error_code_enum<va::crm::Errc> : std::true_type {};
