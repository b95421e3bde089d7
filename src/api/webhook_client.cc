// WebhookClient: the webhook's headers and the log's view of the answer; the exchange is
// core::http_post (a receiver that accepts and never answers times out like one that is down).
#include "api/webhook_client.h"

#include "core/http_post.h"

namespace va::api {
namespace {

constexpr std::size_t kMaxAnswerBytes = 64 * 1024;  // receivers answer briefly; more is cut
constexpr std::size_t kKeptAnswerBytes = 1024;

}  // namespace

WebhookResponse send_webhook(const WebhookRequest& request) {
  core::HttpPostRequest post;
  post.to = {request.url.tls, request.url.host, request.url.port, request.url.target};
  post.headers = request.headers;
  post.headers.emplace_back("User-Agent", "voiceagent-webhooks");
  post.body = request.body;
  post.timeout = request.timeout;
  post.max_body = kMaxAnswerBytes;
  auto reply = core::http_post(post);
  // The status line is what counts; an over-long body still tells us the receiver answered.
  return WebhookResponse{reply.status, std::move(reply.error),
                         reply.body.substr(0, kKeptAnswerBytes)};
}

}  // namespace va::api
