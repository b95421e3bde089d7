// Web security: the header list, the Origin rule and the session cookie (see the header).
#include "api/web_security.h"

#include <boost/algorithm/string/predicate.hpp>

namespace va::api {

const std::vector<std::pair<std::string, std::string>>& security_headers() {
  // media-src blob: plays the greeting preview (an object URL); img-src data: is the
  // favicon of index.html; connect-src 'self' covers the same-host ws:/wss: of /api/events.
  static const std::vector<std::pair<std::string, std::string>> headers{
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Content-Type-Options", "nosniff"},
  };
  return headers;
}

bool changes_state(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string session_from_cookie(std::string_view c) {
  while (!c.empty()) {
    auto semi = c.find(';');
    auto part = c.substr(0, semi);
    while (!part.empty() && part.front() == ' ')
      part.remove_prefix(1);
    if (part.rfind("va_session=", 0) == 0) return std::string(part.substr(11));
    if (semi == std::string_view::npos) break;
    c.remove_prefix(semi + 1);
  }
  return "";
}

namespace {

// "scheme://host[:port]" -> "host[:port]"; "" for anything else (including "null").
std::string_view origin_authority(std::string_view origin) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (boost::algorithm::istarts_with(origin, scheme)) {
      auto rest = origin.substr(scheme.size());
      if (!rest.empty() && rest.find('/') == std::string_view::npos) return rest;
    }
  }
  return {};
}

}  // namespace

std::optional<ApiError> check_origin(const HttpRequest& req) {
  if (req.origin.empty()) {
    const bool bearer = req.authorization.rfind("Bearer ", 0) == 0;
    if (bearer || session_from_cookie(req.cookie).empty()) return std::nullopt;
    return ApiError{403, "origin_required",
                    "a request authenticated by the session cookie must carry an Origin header"};
  }
  const auto authority = origin_authority(req.origin);
  if (!authority.empty() && boost::algorithm::iequals(authority, req.host)) return std::nullopt;
  return ApiError{403, "origin_mismatch", "the Origin header does not match the Host"};
}

std::string session_cookie(const std::string& token, int max_age_s, bool secure) {
  return "va_session=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s) +
         (secure ? "; Secure" : "");
}

}  // namespace va::api
