// Web security: what protects the browser UI beyond the SameSite=Strict session cookie.
//   - Security headers on every response (a strict Content-Security-Policy that the built UI
//     in web/dist satisfies, no framing, no Referer, no MIME sniffing).
//   - The Origin rule for state-changing requests (POST/PUT/PATCH/DELETE) and the
//     /api/events upgrade: an Origin header, when present, must name the Host the request
//     was sent to; a request authenticated by the session cookie must carry one. Token
//     requests (Authorization: Bearer, or ?token= on the upgrade) may omit it: no browser
//     sends those on its own, so they cannot be forged cross-site.
//   - The session cookie itself (HttpOnly, SameSite=Strict, Secure when configured).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/api_error.h"
#include "api/http_types.h"

namespace va::api {

// Added by the HTTP server to every response, static files and errors included.
const std::vector<std::pair<std::string, std::string>>& security_headers();

bool changes_state(std::string_view method);

// The va_session value in a Cookie header ("" when absent).
std::string session_from_cookie(std::string_view cookie_header);

// The Origin rule above: a request with a session cookie and no bearer token is
// cookie-authenticated (the order RestApi uses: bearer, cookie, then ?token= on the
// upgrade). nullopt = allowed; otherwise 403 origin_mismatch or origin_required.
std::optional<ApiError> check_origin(const HttpRequest& req);

// Set-Cookie value for the session (an empty token with max age 0 clears it).
std::string session_cookie(const std::string& token, int max_age_s, bool secure);

}  // namespace va::api
