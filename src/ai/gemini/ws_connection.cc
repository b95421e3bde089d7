// WsConnection over Boost.Beast: a C++20 coroutine for the connect sequence and the read loop,
// a handler chain for the write queue (one write-like operation at a time, Beast's rule).
#include "ai/gemini/ws_connection.h"

#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <variant>

#include "core/http_post.h"
#include "core/tls_peer.h"

namespace va::ai::gemini {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

using PlainWs = websocket::stream<beast::tcp_stream>;
using TlsWs = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

struct CloseItem {
  int code;
};
struct Outgoing {
  std::variant<std::string, CloseItem> item;
  bool droppable = false;
};

template <class Ws>
class WsConnectionT final : public WsConnection,
                            public std::enable_shared_from_this<WsConnectionT<Ws>> {
 public:
  WsConnectionT(asio::any_io_executor ex, WsUrl url, std::string target, std::size_t max_message,
                std::size_t max_droppable, WsHandlers handlers, std::string authorization,
                std::string ca_file)
      : ex_(ex),
        url_(std::move(url)),
        target_(std::move(target)),
        max_message_(max_message),
        max_droppable_(max_droppable),
        handlers_(std::move(handlers)),
        authorization_(std::move(authorization)),
        ca_file_(std::move(ca_file)) {}

  void open(std::chrono::milliseconds timeout) override {
    asio::co_spawn(ex_, run(this->shared_from_this(), timeout), asio::detached);
  }

  void send(std::string message, bool droppable) override {
    if (closing_ || done_) return;
    if (droppable && ++queued_droppable_ > max_droppable_) drop_oldest_droppable();
    queue_.push_back(Outgoing{std::move(message), droppable});
    if (open_ && !writing_) write_next();
  }

  void close(int code) override {
    if (closing_ || done_) return;
    closing_ = true;
    queue_.push_back(Outgoing{CloseItem{code}, false});
    if (open_ && !writing_) write_next();
    if (!open_) abort_quietly();  // still connecting: nothing to say goodbye to
  }

  void abort() override {
    handlers_ = {};
    abort_quietly();
  }

  std::uint64_t dropped_frames() const override { return dropped_; }

 private:
  static asio::awaitable<void> run(std::shared_ptr<WsConnectionT> self,
                                   std::chrono::milliseconds timeout) {
    co_await self->connect(timeout);
    if (self->done_) co_return;
    co_await self->read_loop();
  }

  asio::awaitable<void> connect(std::chrono::milliseconds timeout) {
    beast::error_code ec;
    auto token = asio::redirect_error(asio::use_awaitable, ec);
    tcp::resolver resolver(ex_);
    auto results = co_await resolver.async_resolve(url_.host, url_.port, token);
    if (ec) co_return fail(1006, "resolve " + url_.host + ": " + ec.message(), Errc::ConnectFailed);
    if (done_) co_return;
    if (auto err = make_stream(); !err.empty()) {
      co_return fail(1006, "TLS " + url_.host + ": " + err, Errc::ConnectFailed);
    }
    auto& tcp_layer = beast::get_lowest_layer(*ws_);
    tcp_layer.expires_after(timeout);
    co_await tcp_layer.async_connect(results, token);
    if (ec) co_return fail(1006, "connect " + url_.host + ": " + ec.message(), Errc::ConnectFailed);
    if (auto err = co_await tls_handshake(timeout); !err.empty()) {
      co_return fail(1006, "TLS " + url_.host + ": " + err, Errc::ConnectFailed);
    }
    tcp_layer.expires_never();
    websocket::stream_base::timeout t{};
    t.handshake_timeout = timeout;
    t.idle_timeout = websocket::stream_base::none();
    t.keep_alive_pings = false;
    ws_->set_option(t);
    ws_->set_option(
        websocket::stream_base::decorator([auth = authorization_](websocket::request_type& req) {
          req.set(http::field::user_agent, "voiceagent");
          if (!auth.empty()) req.set(http::field::authorization, auth);
        }));
    ws_->read_message_max(max_message_);
    ws_->auto_fragment(false);
    websocket::response_type res;
    // A named local, not a temporary inside the co_await: GCC 12 mis-handles temporaries
    // that live across a suspension.
    const std::string host = core::host_header({url_.tls, url_.host, url_.port, "/"});
    co_await ws_->async_handshake(res, host, target_, token);
    if (ec) {
      unsigned status = res.result_int();
      if (status == 429) co_return fail(1006, "HTTP 429 on upgrade", Errc::Quota);
      std::string why = status ? "HTTP " + std::to_string(status) : ec.message();
      co_return fail(1006, "upgrade " + url_.host + ": " + why, Errc::UpgradeRejected);
    }
    ws_->text(true);  // client -> server JSON as text frames (A2)
    open_ = true;
    if (handlers_.on_open) handlers_.on_open();
    if (!queue_.empty() && !writing_) write_next();
  }

  asio::awaitable<std::string> tls_handshake(std::chrono::milliseconds) {
    if constexpr (std::is_same_v<Ws, TlsWs>) {
      beast::error_code ec;
      auto& ssl = ws_->next_layer();
      if (auto err = core::expect_peer_name(ssl.native_handle(), url_.host); !err.empty()) {
        co_return err;
      }
      co_await ssl.async_handshake(asio::ssl::stream_base::client,
                                   asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return core::describe_tls_failure(ssl.native_handle(), ec.message());
    }
    co_return std::string();
  }

  std::string make_stream() {
    if constexpr (std::is_same_v<Ws, TlsWs>) {
      std::string err;
      ssl_ctx_ = core::shared_client_context(ca_file_, err);
      if (!ssl_ctx_) return err;
      ws_.emplace(ex_, *ssl_ctx_);
      // ALPN on the connection, not the shared context (which the REST clients use too).
      static const unsigned char kAlpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
      SSL_set_alpn_protos(ws_->next_layer().native_handle(), kAlpn, sizeof(kAlpn));
    } else {
      ws_.emplace(ex_);
    }
    return {};
  }

  asio::awaitable<void> read_loop() {
    beast::error_code ec;
    for (;;) {
      buffer_.clear();
      co_await ws_->async_read(buffer_, asio::redirect_error(asio::use_awaitable, ec));
      if (done_) co_return;
      if (ec) break;
      auto data = buffer_.cdata();
      if (handlers_.on_message) {
        handlers_.on_message({static_cast<const char*>(data.data()), data.size()});
      }
      if (done_) co_return;
    }
    if (ec == websocket::error::closed) {
      co_return fail(ws_->reason().code, std::string(ws_->reason().reason.c_str()), Errc::Ok);
    }
    if (ec == websocket::error::message_too_big) {
      fail(1009, "incoming message larger than " + std::to_string(max_message_) + " bytes",
           Errc::MessageTooLarge);
      beast::get_lowest_layer(*ws_).close();
      co_return;
    }
    fail(1006, ec.message(), Errc::Ok);
  }

  void write_next() {
    if (queue_.empty() || done_) return;
    writing_ = true;
    auto self = this->shared_from_this();
    if (auto* close_item = std::get_if<CloseItem>(&queue_.front().item)) {
      auto code = static_cast<websocket::close_code>(close_item->code);
      ws_->async_close(code, [self](beast::error_code) {
        self->writing_ = false;
        self->queue_.clear();
      });
      return;
    }
    const std::string& msg = std::get<std::string>(queue_.front().item);
    ws_->async_write(asio::buffer(msg), [self](beast::error_code ec, std::size_t) {
      self->writing_ = false;
      if (self->queue_.front().droppable) --self->queued_droppable_;
      self->queue_.pop_front();
      if (ec) return;  // the read loop reports the failure
      self->write_next();
    });
  }

  void drop_oldest_droppable() {
    // Index 0 may be in flight; never drop it.
    for (auto it = queue_.begin() + (writing_ ? 1 : 0); it != queue_.end(); ++it) {
      if (it->droppable) {
        queue_.erase(it);
        --queued_droppable_;
        ++dropped_;
        return;
      }
    }
  }

  void fail(int code, std::string reason, Errc local) {
    if (done_) return;
    done_ = true;
    auto handler = std::move(handlers_.on_closed);
    handlers_ = {};
    if (handler) handler(WsClosed{code, std::move(reason), local});
  }

  void abort_quietly() {
    done_ = true;
    if (ws_) {
      beast::error_code ignored;
      beast::get_lowest_layer(*ws_).socket().close(ignored);
    }
  }

  asio::any_io_executor ex_;
  WsUrl url_;
  std::string target_;
  std::size_t max_message_;
  std::size_t max_droppable_;
  WsHandlers handlers_;
  std::string authorization_;
  std::string ca_file_;
  std::shared_ptr<asio::ssl::context> ssl_ctx_;  // shared, read-only (core/tls_peer.h)
  std::optional<Ws> ws_;
  beast::flat_buffer buffer_;
  std::deque<Outgoing> queue_;
  std::size_t queued_droppable_ = 0;
  std::uint64_t dropped_ = 0;
  bool open_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool done_ = false;
};

}  // namespace

std::shared_ptr<WsConnection> WsConnection::create(asio::any_io_executor executor, WsUrl url,
                                                   std::string target,
                                                   std::size_t max_message_bytes,
                                                   std::size_t max_queued_droppable,
                                                   WsHandlers handlers, std::string authorization,
                                                   std::string ca_file) {
  if (url.tls) {
    return std::make_shared<WsConnectionT<TlsWs>>(
        executor, std::move(url), std::move(target), max_message_bytes, max_queued_droppable,
        std::move(handlers), std::move(authorization), std::move(ca_file));
  }
  return std::make_shared<WsConnectionT<PlainWs>>(
      executor, std::move(url), std::move(target), max_message_bytes, max_queued_droppable,
      std::move(handlers), std::move(authorization), std::move(ca_file));
}

}  // namespace va::ai::gemini
