// HttpPost: one HTTP/1.1 POST to an http:// or https:// endpoint, the small client behind the
// Gemini REST calls (ai/gemini/rest_post.h) and webhook deliveries (api/webhook_client.h).
// Resolve, connect, TLS (the chain against OpenSSL's default store, the host name or IP
// address checked by OpenSSL itself: core/tls_peer.h), send, read, all under one deadline:
// a server that accepts and never answers times out like one that is down. Blocking: it runs
// a private io_context on the caller's thread, so call it from a worker, never from a shard.
// Which URLs may be plain http (loopback only) is the caller's rule, not this client's.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace va::core {

struct HttpEndpoint {
  bool tls = true;
  std::string host;    // a name or an IP address, without brackets for IPv6
  std::string port;    // "443" / "80" for the scheme's default
  std::string target;  // path and query, at least "/"
};

struct HttpPostRequest {
  HttpEndpoint to;
  // Sent as given, besides Host, Content-Type (application/json), Content-Length and
  // Connection: close, which the client sets.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // JSON
  std::chrono::milliseconds timeout{10000};
  std::size_t max_body = 64 * 1024;  // a larger answer is cut (body_cut), its status kept
  std::string ca_file;  // extra trust anchors (PEM) on top of the system store; "" = none
};

struct HttpPostReply {
  int status = 0;     // 0: no HTTP answer, `error` says why
  std::string error;  // "<step> <host>: <why>", step resolve, connect, TLS, HTTP or HTTPS
  std::string body;   // empty when body_cut
  bool body_cut = false;
};

HttpPostReply http_post(const HttpPostRequest& request);

// The Host header for `to`: brackets around IPv6, the port unless it is the scheme's default.
std::string host_header(const HttpEndpoint& to);

}  // namespace va::core
