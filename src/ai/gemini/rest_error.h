// The Gemini REST error body (ai-live-protocols.md B): {"error": {"code", "message", "status",
// "details": [{"reason"}]}} and what each status means to us.
#pragma once

#include <string>
#include <string_view>
#include <system_error>

namespace va::ai::gemini {

struct RestError {
  std::error_code code;  // BadKey, Quota, BadModel, BadVoice, InvalidArgument, ServerGone
  int http_status = 0;
  std::string status;   // "INVALID_ARGUMENT", "PERMISSION_DENIED", ... ("" if the body has none)
  std::string message;  // the service's message (or "HTTP <n>" when the body is not its JSON)
};

// Maps a non-200 answer: 400 with reason API_KEY_INVALID / 401 / 403 -> BadKey; 429 -> Quota;
// 404 -> BadModel; other 4xx -> InvalidArgument (BadVoice when the message names the voice);
// 5xx and anything else -> ServerGone (transient).
RestError parse_rest_error(int http_status, std::string_view body);

}  // namespace va::ai::gemini
