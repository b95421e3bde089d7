// HttpRequest/HttpResponse: what the REST layer sees of HTTP, free of Beast so handlers
// compile fast and unit tests call them without a socket.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace va::api {

struct HttpRequest {
  std::string method;  // GET, POST, ...
  std::string target;  // path and query, as sent
  std::string body;
  std::string authorization;  // Authorization header
  std::string cookie;         // Cookie header
  std::string content_type;
  std::string remote_address;  // peer IP, for login throttling
  std::string origin;          // Origin header (api/web_security.h)
  std::string host;            // Host header
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Set-Cookie, Allow

  // Long work (core::WorkPool) completes later: a handler returns a response with `deferred`
  // set, and the server, instead of sending it, calls deferred(respond) and sends whatever
  // respond() is given, once, from any thread. No handler thread waits meanwhile.
  using Respond = std::function<void(HttpResponse)>;
  std::function<void(Respond)> deferred;
};

}  // namespace va::api
