// WebhookClient: a coroutine on a private io_context; the tcp_stream's expiry bounds the
// whole exchange (a receiver that accepts and never answers times out like one that is down).
#include "api/webhook_client.h"

#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace va::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kMaxAnswerBytes = 64 * 1024;  // receivers answer briefly; more is cut
constexpr std::size_t kKeptAnswerBytes = 1024;

struct Exchange {
  http::request<http::string_body> request;
  WebhookResponse response;
};

template <class Stream>
asio::awaitable<void> send_and_receive(Stream& stream, Exchange& x, beast::error_code& ec) {
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  co_await http::async_write(stream, x.request, token);
  if (ec) co_return;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxAnswerBytes);
  co_await http::async_read(stream, buffer, parser, token);
  // The status line is what counts; an over-long body still tells us the receiver answered.
  if (ec == http::error::body_limit && parser.is_header_done()) ec = {};
  if (ec) co_return;
  x.response.status = static_cast<int>(parser.get().result_int());
  x.response.body = parser.get().body().substr(0, kKeptAnswerBytes);
}

asio::awaitable<void> run(const WebhookUrl& url, std::chrono::milliseconds timeout, Exchange& x) {
  auto ex = co_await asio::this_coro::executor;
  beast::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  auto fail = [&](const char* what) {
    x.response.error = std::string(what) + " " + url.host + ": " +
                       (ec == beast::error::timeout ? "timed out" : ec.message());
  };
  tcp::resolver resolver(ex);
  auto results = co_await resolver.async_resolve(url.host, url.port, token);
  if (ec) co_return fail("resolve");
  if (!url.tls) {
    beast::tcp_stream stream(ex);
    stream.expires_after(timeout);
    co_await stream.async_connect(results, token);
    if (ec) co_return fail("connect");
    co_await send_and_receive(stream, x, ec);
    if (ec) co_return fail("HTTP");
    co_return;
  }
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_default_verify_paths();
  ctx.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ex, ctx);
  if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) co_return fail("SNI");
  stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
  beast::get_lowest_layer(stream).expires_after(timeout);
  co_await beast::get_lowest_layer(stream).async_connect(results, token);
  if (ec) co_return fail("connect");
  co_await stream.async_handshake(asio::ssl::stream_base::client, token);
  if (ec) co_return fail("TLS");
  co_await send_and_receive(stream, x, ec);
  if (ec) co_return fail("HTTPS");
}

}  // namespace

WebhookResponse send_webhook(const WebhookRequest& request) {
  Exchange x;
  x.request = {http::verb::post, request.url.target, 11};
  x.request.set(http::field::host, request.url.host_header);
  x.request.set(http::field::user_agent, "voiceagent-webhooks");
  x.request.set(http::field::content_type, "application/json");
  x.request.set(http::field::connection, "close");
  for (const auto& [name, value] : request.headers)
    x.request.set(name, value);
  x.request.body() = request.body;
  x.request.prepare_payload();
  asio::io_context io(1);
  asio::co_spawn(io, run(request.url, request.timeout, x), asio::detached);
  io.run();
  return std::move(x.response);
}

}  // namespace va::api
