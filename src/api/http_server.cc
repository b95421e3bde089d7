// HttpServer: one coroutine per connection; keep-alive; 30 s idle timeout per read.
#include "api/http_server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <charconv>
#include <thread>

#include "api/api_error.h"
#include "api/event_recheck.h"
#include "api/event_session.h"
#include "api/web_security.h"

namespace va::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
  Handler handler;
  crm::DbPool& db;
  std::size_t body_limit;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::thread thread;
  EventHub* hub = nullptr;
  EventAuth event_auth;
  EventSessionLimits event_limits;

  Impl(Handler h, crm::DbPool& pool, std::size_t limit)
      : handler(std::move(h)), db(pool), body_limit(limit) {}

  asio::awaitable<void> accept_loop() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket =
          co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      if (ec) continue;
      asio::co_spawn(io, session(beast::tcp_stream(std::move(socket))), asio::detached);
    }
  }

  // Sockets of /api/events end with their session (event_recheck.h).
  void start_recheck() {
    ViewerLookup lookup = [auth = event_auth](const std::string& token) {
      HttpRequest r;
      r.method = "GET";
      r.target = "/api/events";
      r.authorization = "Bearer " + token;
      return auth(r);
    };
    asio::co_spawn(io, recheck_event_viewers(*hub, db.executor(), lookup, event_limits.recheck),
                   asio::detached);
  }

  static HttpRequest to_request(const http::request<http::string_body>& in,
                                const std::string& remote) {
    HttpRequest r;
    r.method = std::string(in.method_string());
    r.target = std::string(in.target());
    r.body = in.body();
    r.authorization = std::string(in[http::field::authorization]);
    r.cookie = std::string(in[http::field::cookie]);
    r.content_type = std::string(in[http::field::content_type]);
    r.remote_address = remote;
    r.origin = std::string(in[http::field::origin]);
    r.host = std::string(in[http::field::host]);
    return r;
  }

  static http::response<http::string_body> to_beast(const HttpResponse& in, bool keep_alive) {
    http::response<http::string_body> out{static_cast<http::status>(in.status), 11};
    out.set(http::field::server, "voiceagent");
    out.set(http::field::content_type, in.content_type);
    for (const auto& [k, v] : security_headers())
      out.set(k, v);
    bool cache_set = false;
    for (const auto& [k, v] : in.headers) {
      out.insert(k, v);
      cache_set = cache_set || beast::iequals(k, "Cache-Control");
    }
    if (!cache_set) out.set(http::field::cache_control, "no-store");
    out.body() = in.body;
    out.keep_alive(keep_alive);
    out.prepare_payload();
    return out;
  }

  // Where a deferred response lands: respond() posts it to the I/O thread and wakes the
  // connection's coroutine, which waits on the timer (no thread waits). A timer, not an
  // async_initiate lambda: GCC 12 destroys lambda temporaries of a co_await expression twice.
  struct DeferredSlot {
    explicit DeferredSlot(asio::any_io_executor ex)
        : timer(std::move(ex), asio::steady_timer::time_point::max()) {}
    asio::steady_timer timer;
    std::optional<HttpResponse> response;
  };

  static HttpResponse::Respond respond_into(std::shared_ptr<DeferredSlot> slot) {
    return [slot = std::move(slot)](HttpResponse r) {
      asio::post(slot->timer.get_executor(), [slot, r = std::move(r)]() mutable {
        if (slot->response) return;  // respond is called once; a second call is ignored
        slot->response = std::move(r);
        slot->timer.cancel();
      });
    };
  }

  asio::awaitable<void> session(beast::tcp_stream stream) {
    boost::system::error_code ec;
    const auto remote = stream.socket().remote_endpoint(ec).address().to_string();
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(body_limit);
      parser.header_limit(16 * 1024);
      stream.expires_after(std::chrono::seconds(30));
      co_await http::async_read(stream, buffer, parser,
                                asio::redirect_error(asio::use_awaitable, ec));
      if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
          ec == asio::error::operation_aborted || ec == asio::error::connection_reset) {
        break;
      }
      HttpResponse resp;
      bool keep_alive = false;
      if (ec == http::error::body_limit) {
        resp = error_response({413, "body_too_large", "request body is too large"});
      } else if (ec) {
        resp = error_response(bad_request("bad_http", "malformed HTTP request"));
      } else if (hub && beast::websocket::is_upgrade(parser.get()) &&
                 parser.get().target().substr(0, parser.get().target().find('?')) ==
                     "/api/events") {
        const auto req = to_request(parser.get(), remote);
        if (auto refused = check_origin(req)) {
          resp = error_response(*refused);
        } else if (auto viewer = co_await authenticate_viewer(req)) {
          co_await run_event_session(std::move(stream), parser.release(), *hub, *viewer,
                                     event_limits);
          co_return;
        } else {
          resp = error_response({401, "unauthorized", "login required"});
        }
      } else {
        keep_alive = parser.get().keep_alive();
        const auto req = to_request(parser.get(), remote);
        // Run the handler on the DB pool; this coroutine resumes on the I/O thread.
        resp = co_await asio::co_spawn(
            db.executor(),
            [this, &req]() -> asio::awaitable<HttpResponse> { co_return handler(req); },
            asio::use_awaitable);
        if (resp.deferred) {
          auto slot = std::make_shared<DeferredSlot>(io.get_executor());
          resp.deferred(respond_into(slot));
          while (!slot->response)
            co_await slot->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
          resp = std::move(*slot->response);
        }
      }
      auto out = to_beast(resp, keep_alive);
      stream.expires_after(std::chrono::seconds(30));
      co_await http::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
      if (ec || !keep_alive) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  }

  // The /api/events upgrade's session, looked up on the DB pool.
  asio::awaitable<std::optional<EventViewer>> authenticate_viewer(const HttpRequest& req) {
    co_return co_await asio::co_spawn(
        db.executor(),
        [this, &req]() -> asio::awaitable<std::optional<EventViewer>> {
          co_return event_auth(req);
        },
        asio::use_awaitable);
  }
};

HttpServer::HttpServer(Handler handler, crm::DbPool& db, std::size_t body_limit)
    : impl_(std::make_unique<Impl>(std::move(handler), db, body_limit)) {}

HttpServer::~HttpServer() {
  stop();
}

boost::asio::any_io_executor HttpServer::executor() {
  return impl_->io.get_executor();
}

void HttpServer::enable_events(EventHub& hub, EventAuth auth, EventSessionLimits limits) {
  impl_->hub = &hub;
  impl_->event_auth = std::move(auth);
  impl_->event_limits = limits;
}

core::Result<std::uint16_t> HttpServer::start(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return std::make_error_code(std::errc::invalid_argument);
  std::string host = listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  const auto addr = asio::ip::make_address(host, ec);
  if (ec) return std::make_error_code(std::errc::invalid_argument);
  unsigned port = 0;
  const char* first = listen.data() + colon + 1;
  const char* last = listen.data() + listen.size();
  auto [end, perr] = std::from_chars(first, last, port);
  if (perr != std::errc{} || end != last || port > 65535) {
    return std::make_error_code(std::errc::invalid_argument);
  }
  const tcp::endpoint ep(addr, static_cast<std::uint16_t>(port));
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    spdlog::error("http: cannot listen on {}: {}", listen, ec.message());
    return std::make_error_code(std::errc::address_in_use);
  }
  const auto bound = impl_->acceptor.local_endpoint().port();
  asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
  if (impl_->hub) impl_->start_recheck();
  impl_->thread = std::thread([this] { impl_->io.run(); });
  spdlog::info("http: listening on {}:{}", host, bound);
  return bound;
}

void HttpServer::stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  asio::post(impl_->io, [this] {
    boost::system::error_code ec;
    impl_->acceptor.close(ec);
  });
  impl_->io.stop();
  impl_->thread.join();
}

}  // namespace va::api
