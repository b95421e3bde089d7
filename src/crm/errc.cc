// crm::Errc descriptions: short, safe to show to an API client (no SQL, no key material).
#include "crm/errc.h"

#include "core/result.h"

namespace va::crm {

const char* describe(Errc e) {
  switch (e) {
    case Errc::Ok:
      return "ok";
    case Errc::NotFound:
      return "not found";
    case Errc::Conflict:
      return "already exists";
    case Errc::Invalid:
      return "invalid value";
    case Errc::BadCredentials:
      return "bad credentials";
    case Errc::Throttled:
      return "too many failed logins";
    case Errc::DbError:
      return "database error";
    case Errc::BadUrl:
      return "bad database url";
    case Errc::BadMasterKey:
      return "bad master key";
    case Errc::CryptoError:
      return "sealed value does not open";
    case Errc::NoKey:
      return "no api key assigned";
    case Errc::Forbidden:
      return "forbidden";
    case Errc::KeyInPool:
      return "the key is in the shared pool; only the superadmin assigns pool keys";
    case Errc::KeyOwned:
      return "the key belongs to another user or tenant";
  }
  return "crm error";
}

VA_ERROR_CATEGORY(Errc, "crm", crm_category)

}  // namespace va::crm
