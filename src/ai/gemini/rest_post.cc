// RestPost: the URL rules (ws_url.h) and the API key here; the exchange is core::http_post.
#include "ai/gemini/rest_post.h"

#include "ai/errc.h"
#include "ai/gemini/ws_url.h"
#include "core/http_post.h"

namespace va::ai::gemini {

core::Result<RestReply> post_json(const std::string& url_text, const std::string& api_key,
                                  std::string body, std::chrono::milliseconds timeout,
                                  std::size_t max_body, RestError* failure,
                                  const std::string& ca_file) {
  RestError ignored;
  RestError& f = failure ? *failure : ignored;
  auto url = parse_rest_url(url_text);
  if (!url) {
    f = RestError{url.error(), 0, "", "bad REST URL " + url_text};
    return url.error();
  }
  core::HttpPostRequest request;
  request.to = {url->tls, url->host, url->port, url->target};
  request.headers = {{"User-Agent", "voiceagent"}, {"x-goog-api-key", api_key}};
  request.body = std::move(body);
  request.timeout = timeout;
  request.max_body = max_body;
  request.ca_file = ca_file;
  auto reply = core::http_post(request);
  if (reply.status == 0 || reply.body_cut) {
    f.code = make_error_code(Errc::ConnectFailed);
    f.message = reply.body_cut
                    ? "answer from " + url->host + " above " + std::to_string(max_body) + " bytes"
                    : std::move(reply.error);
    return f.code;
  }
  return RestReply{reply.status, std::move(reply.body)};
}

}  // namespace va::ai::gemini
