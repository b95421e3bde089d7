// WebhookUrl: a receiver's URL as POST /api/webhooks accepts it: an absolute http(s) URL with a
// host, no user info and no fragment, at most 2048 bytes. https everywhere; plain http only to
// a loopback host (localhost, 127.0.0.0/8, ::1), as DESIGN.md allows for ws:// simulators.
#pragma once

#include <string>
#include <string_view>

#include "api/api_error.h"

namespace va::api {

struct WebhookUrl {
  bool tls = true;
  std::string host;         // without brackets for IPv6
  std::string port;         // explicit or the scheme's default
  std::string target;       // path and query, at least "/"
  std::string host_header;  // Host: as sent (brackets, non-default port)
};

// 400 {"invalid_field", "field 'url' ..."} for anything else.
ApiResult<WebhookUrl> parse_webhook_url(std::string_view text);

bool is_loopback_host(std::string_view host);

}  // namespace va::api
