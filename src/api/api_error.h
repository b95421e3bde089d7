// ApiError: the one error shape of the REST API, {"error": {"code", "message"}} with a 4xx/5xx.
// Handlers and body parsers return ApiResult<T>; crm::Errc maps to a status in one place.
#pragma once

#include <boost/system/result.hpp>
#include <string>
#include <system_error>

#include "api/http_types.h"

namespace va::api {

struct ApiError {
  int status = 400;
  std::string code;     // snake_case, stable for clients
  std::string message;  // for humans; never contains key material or SQL
};

// Found by ADL when ApiResult::value() is called on an error (tests only; handlers check).
[[noreturn]] void throw_exception_from_error(const ApiError& e, const boost::source_location& loc);

template <class T>
using ApiResult = boost::system::result<T, ApiError>;

ApiError bad_request(std::string code, std::string message);
// Maps a crm/store error: NotFound 404, Conflict 409, Invalid 422, Forbidden 403, ...
ApiError from_crm(const std::error_code& ec, const std::string& what);
HttpResponse error_response(const ApiError& e);

}  // namespace va::api
