// RestPost: resolve, connect, TLS (SNI + host name verification), one HTTP/1.1 exchange, all
// under one deadline, in a coroutine on a private io_context.
#include "ai/gemini/rest_post.h"

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

#include "ai/errc.h"
#include "ai/gemini/tls_peer.h"
#include "ai/gemini/ws_url.h"

namespace va::ai::gemini {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Exchange {
  http::request<http::string_body> request;
  http::response<http::string_body> response;
  std::size_t max_body = 0;
  RestError failure;  // code set when the exchange itself failed
};

template <class Stream>
asio::awaitable<void> send_and_receive(Stream& stream, Exchange& x, beast::error_code& ec) {
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  co_await http::async_write(stream, x.request, token);
  if (ec) co_return;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(x.max_body);
  co_await http::async_read(stream, buffer, parser, token);
  if (!ec) x.response = parser.release();
}

asio::awaitable<void> run(WsUrl url, std::chrono::milliseconds timeout, Exchange& x) {
  auto ex = co_await asio::this_coro::executor;
  beast::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  auto fail = [&](std::string what) {
    x.failure.code = make_error_code(Errc::ConnectFailed);
    x.failure.message = std::move(what) + " " + url.host + ": " + ec.message();
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
  if (auto err = expect_peer_name(stream.native_handle(), url.host); !err.empty()) {
    x.failure.code = make_error_code(Errc::ConnectFailed);
    x.failure.message = "TLS " + url.host + ": " + err;
    co_return;
  }
  beast::get_lowest_layer(stream).expires_after(timeout);
  co_await beast::get_lowest_layer(stream).async_connect(results, token);
  if (ec) co_return fail("connect");
  co_await stream.async_handshake(asio::ssl::stream_base::client, token);
  if (ec) {
    x.failure.code = make_error_code(Errc::ConnectFailed);
    x.failure.message =
        "TLS " + url.host + ": " + describe_tls_failure(stream.native_handle(), ec.message());
    co_return;
  }
  co_await send_and_receive(stream, x, ec);
  if (ec) co_return fail("HTTPS");
}

}  // namespace

core::Result<RestReply> post_json(const std::string& url_text, const std::string& api_key,
                                  std::string body, std::chrono::milliseconds timeout,
                                  std::size_t max_body, RestError* failure) {
  RestError ignored;
  RestError& f = failure ? *failure : ignored;
  auto url = parse_rest_url(url_text);
  if (!url) {
    f = RestError{url.error(), 0, "", "bad REST URL " + url_text};
    return url.error();
  }
  Exchange x;
  x.max_body = max_body;
  x.request = {http::verb::post, url->target, 11};
  std::string host = url->host.find(':') != std::string::npos ? "[" + url->host + "]" : url->host;
  if (url->port != (url->tls ? "443" : "80")) host += ":" + url->port;
  x.request.set(http::field::host, host);
  x.request.set(http::field::user_agent, "voiceagent");
  x.request.set(http::field::content_type, "application/json");
  x.request.set("x-goog-api-key", api_key);
  x.request.body() = std::move(body);
  x.request.prepare_payload();

  asio::io_context io(1);
  asio::co_spawn(io, run(*url, timeout, x), asio::detached);
  io.run();
  if (x.failure.code) {
    f = x.failure;
    return x.failure.code;
  }
  return RestReply{static_cast<int>(x.response.result_int()), std::move(x.response.body())};
}

}  // namespace va::ai::gemini
