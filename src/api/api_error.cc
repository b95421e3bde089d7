// ApiError: crm::Errc -> HTTP status and a stable code.
#include "api/api_error.h"

#include <boost/json.hpp>
#include <stdexcept>

#include "crm/errc.h"

namespace va::api {

ApiError bad_request(std::string code, std::string message) {
  return {400, std::move(code), std::move(message)};
}

ApiError from_crm(const std::error_code& ec, const std::string& what) {
  if (ec.category() != crm::crm_category()) return {500, "internal", "internal error"};
  switch (static_cast<crm::Errc>(ec.value())) {
    case crm::Errc::NotFound:
      return {404, "not_found", what + " not found"};
    case crm::Errc::Conflict:
      return {409, "conflict", what + " already exists"};
    case crm::Errc::Invalid:
      return {422, "invalid", "invalid " + what};
    case crm::Errc::Forbidden:
      return {403, "forbidden", "not allowed"};
    case crm::Errc::BadCredentials:
      return {401, "bad_credentials", "wrong username or password"};
    case crm::Errc::Throttled:
      return {429, "too_many_attempts", "too many failed logins; try again later"};
    case crm::Errc::NoKey:
      return {409, "no_api_key", "no api key available"};
    case crm::Errc::KeyInPool:
      return {409, "key_in_pool",
              "this key is in the shared pool: only the superadmin gives pool keys to users"};
    case crm::Errc::KeyOwned:
      return {409, "key_owned",
              "this key belongs to another user or tenant: it cannot be set for this user"};
    default:
      return {500, "internal", "internal error"};
  }
}

void throw_exception_from_error(const ApiError& e, const boost::source_location&) {
  throw std::runtime_error("api error " + std::to_string(e.status) + " " + e.code + ": " +
                           e.message);
}

HttpResponse error_response(const ApiError& e) {
  HttpResponse r;
  r.status = e.status;
  r.body = boost::json::serialize(boost::json::object{
      {"error", boost::json::object{{"code", e.code}, {"message", e.message}}}});
  return r;
}

}  // namespace va::api
