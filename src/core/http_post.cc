// HttpPost: a coroutine on a private io_context; the tcp_stream's expiry bounds the whole
// exchange, from the connect to the last byte of the answer.
#include "core/http_post.h"

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

#include "core/tls_peer.h"

namespace va::core {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Exchange {
  http::request<http::string_body> request;
  std::size_t max_body = 0;
  HttpPostReply reply;
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
  // The status line still counts when the body is too long: the caller decides what that means.
  if (ec == http::error::body_limit && parser.is_header_done()) {
    ec = {};
    x.reply.body_cut = true;
  }
  if (ec) co_return;
  x.reply.status = static_cast<int>(parser.get().result_int());
  if (!x.reply.body_cut) x.reply.body = std::move(parser.get().body());
}

asio::awaitable<void> run(const HttpPostRequest& request, Exchange& x) {
  const HttpEndpoint& to = request.to;
  const auto timeout = request.timeout;
  auto ex = co_await asio::this_coro::executor;
  beast::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  auto fail = [&](const std::string& what, const std::string& why) {
    x.reply.error = what + " " + to.host + ": " + why;
  };
  auto fail_ec = [&](const char* what) {
    fail(what, ec == beast::error::timeout ? "timed out" : ec.message());
  };
  tcp::resolver resolver(ex);
  auto results = co_await resolver.async_resolve(to.host, to.port, token);
  if (ec) co_return fail_ec("resolve");
  if (!to.tls) {
    beast::tcp_stream stream(ex);
    stream.expires_after(timeout);
    co_await stream.async_connect(results, token);
    if (ec) co_return fail_ec("connect");
    co_await send_and_receive(stream, x, ec);
    if (ec) co_return fail_ec("HTTP");
    co_return;
  }
  std::string ctx_error;
  auto ctx = shared_client_context(request.ca_file, ctx_error);
  if (!ctx) co_return fail("TLS", ctx_error);
  beast::ssl_stream<beast::tcp_stream> stream(ex, *ctx);
  if (auto err = expect_peer_name(stream.native_handle(), to.host); !err.empty()) {
    co_return fail("TLS", err);
  }
  beast::get_lowest_layer(stream).expires_after(timeout);
  co_await beast::get_lowest_layer(stream).async_connect(results, token);
  if (ec) co_return fail_ec("connect");
  co_await stream.async_handshake(asio::ssl::stream_base::client, token);
  if (ec == beast::error::timeout) co_return fail_ec("TLS");
  if (ec) co_return fail("TLS", describe_tls_failure(stream.native_handle(), ec.message()));
  co_await send_and_receive(stream, x, ec);
  if (ec) co_return fail_ec("HTTPS");
}

}  // namespace

std::string host_header(const HttpEndpoint& to) {
  std::string host = to.host.find(':') != std::string::npos ? "[" + to.host + "]" : to.host;
  if (to.port != (to.tls ? "443" : "80")) host += ":" + to.port;
  return host;
}

HttpPostReply http_post(const HttpPostRequest& request) {
  Exchange x;
  x.max_body = request.max_body;
  x.request = {http::verb::post, request.to.target, 11};
  x.request.set(http::field::host, host_header(request.to));
  x.request.set(http::field::content_type, "application/json");
  x.request.set(http::field::connection, "close");
  for (const auto& [name, value] : request.headers)
    x.request.set(name, value);
  x.request.body() = request.body;
  x.request.prepare_payload();
  asio::io_context io(1);
  asio::co_spawn(io, run(request, x), asio::detached);
  io.run();
  return std::move(x.reply);
}

}  // namespace va::core
