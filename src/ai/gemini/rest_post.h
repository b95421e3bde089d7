// RestPost: one JSON POST to a Gemini REST endpoint (ai-live-protocols.md B; generateContent
// for TTS and for post-call analysis), key in x-goog-api-key, HTTP/1.1 over TLS with the
// certificate verified against the system store (plus ai.tls_ca_file) (http:// only to loopback,
// e.g. the simulator). Blocking: it runs a private io_context on the caller's thread, so call it
// from a setup or worker thread, never from a call's shard.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "ai/gemini/rest_error.h"
#include "core/result.h"

namespace va::ai::gemini {

struct RestReply {
  int http_status = 0;
  std::string body;
};

// Any HTTP status is a reply; only a failed exchange is an error: Errc::BadUrl/InsecureUrl
// (`url`) or Errc::ConnectFailed (DNS, TCP, TLS, timeout, a body above `max_body`), with
// `failure` (if given) saying what failed.
core::Result<RestReply> post_json(const std::string& url, const std::string& api_key,
                                  std::string body, std::chrono::milliseconds timeout,
                                  std::size_t max_body, RestError* failure = nullptr,
                                  const std::string& ca_file = {});

}  // namespace va::ai::gemini
