// WebhookClient: one POST of a webhook delivery with Boost.Beast: resolve, connect, TLS for
// https (system trust store, SNI, host name verification), one HTTP/1.1 exchange, all under
// one deadline. Blocking: it runs a private io_context on the caller's thread (a webhook
// worker), never on a shard or an HTTP handler.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "api/webhook_url.h"

namespace va::api {

struct WebhookRequest {
  WebhookUrl url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // JSON
  std::chrono::milliseconds timeout{10000};
};

struct WebhookResponse {
  int status = 0;     // 0: no HTTP answer
  std::string error;  // why there was no answer (resolve, connect, TLS, timeout, HTTP)
  std::string body;   // the first 1 KB of the answer, for the log
};

WebhookResponse send_webhook(const WebhookRequest& request);

}  // namespace va::api
