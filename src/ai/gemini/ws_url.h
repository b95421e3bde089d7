// The AI WebSocket URL (ai-live-protocols.md A1): wss:// anywhere, ws:// only to loopback
// (127.0.0.0/8, ::1, localhost) so a key never crosses a network in the clear.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace va::ai::gemini {

struct WsUrl {
  bool tls = true;
  std::string host;    // without brackets for IPv6
  std::string port;    // "443" / "80" when absent
  std::string target;  // path and query, never empty ("/")
};

// Errc::BadUrl or Errc::InsecureUrl.
core::Result<WsUrl> parse_ws_url(std::string_view url);
// The same rules for a REST base URL (Gemini TTS, B): https:// anywhere, http:// only to
// loopback. Errc::BadUrl or Errc::InsecureUrl.
core::Result<WsUrl> parse_rest_url(std::string_view url);
bool is_loopback_host(std::string_view host);
// target plus "key=<url-encoded key>" (A1 query form).
std::string target_with_key(const WsUrl& url, std::string_view key);

}  // namespace va::ai::gemini
