// TlsFront: one coroutine per connection (handshake, connect to the backend), then two pumps;
// whichever side ends first closes both, so a relay never outlives its connection.
#include "sim/tls_front.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>

#include "ai/gemini/ws_url.h"

namespace va::sim {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kHandshakeTimeout = std::chrono::seconds(15);
constexpr std::size_t kPumpBytes = 16 * 1024;  // one TLS record's worth per read

// Both ends of one relayed connection; either pump closing them ends the other.
struct Relay {
  Relay(tcp::socket client, asio::ssl::context& ctx)
      : tls(std::move(client), ctx), backend(tls.get_executor()), timer(tls.get_executor()) {}

  void close() {
    boost::system::error_code ignored;
    timer.cancel();
    tls.next_layer().close(ignored);
    backend.close(ignored);
  }

  asio::ssl::stream<tcp::socket> tls;
  tcp::socket backend;
  asio::steady_timer timer;
};

template <class From, class To>
asio::awaitable<void> pump(std::shared_ptr<Relay> relay, From& from, To& to) {
  std::array<char, kPumpBytes> buf;
  boost::system::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  for (;;) {
    const std::size_t n = co_await from.async_read_some(asio::buffer(buf), token);
    if (ec) break;
    co_await asio::async_write(to, asio::buffer(buf.data(), n), token);
    if (ec) break;
  }
  relay->close();
}

asio::awaitable<void> serve(std::shared_ptr<Relay> relay, tcp::endpoint backend) {
  boost::system::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  // A client that never finishes its handshake is cut off instead of holding a socket forever.
  relay->timer.expires_after(kHandshakeTimeout);
  relay->timer.async_wait([weak = std::weak_ptr<Relay>(relay)](boost::system::error_code e) {
    if (auto r = weak.lock(); r && !e) r->close();
  });
  co_await relay->tls.async_handshake(asio::ssl::stream_base::server, token);
  relay->timer.cancel();
  if (ec) co_return relay->close();
  co_await relay->backend.async_connect(backend, token);
  if (ec) co_return relay->close();
  relay->tls.next_layer().set_option(tcp::no_delay(true), ec);
  relay->backend.set_option(tcp::no_delay(true), ec);
  asio::co_spawn(relay->tls.get_executor(), pump(relay, relay->backend, relay->tls),
                 asio::detached);
  co_await pump(relay, relay->tls, relay->backend);
}

}  // namespace

struct TlsFront::Impl : std::enable_shared_from_this<TlsFront::Impl> {
  Impl(std::vector<asio::any_io_executor> ex, TlsFrontConfig c)
      : executors(std::move(ex)),
        config(std::move(c)),
        ctx(asio::ssl::context::tls_server),
        acceptor(executors.at(0)) {}

  void accept() {
    auto& target = executors[next++ % executors.size()];
    acceptor.async_accept(
        target, [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) return;
          if (!ec) {
            auto relay = std::make_shared<Relay>(std::move(socket), self->ctx);
            asio::co_spawn(relay->tls.get_executor(), serve(relay, self->backend), asio::detached);
          }
          self->accept();  // EMFILE and friends: keep accepting the next one
        });
  }

  std::vector<asio::any_io_executor> executors;
  TlsFrontConfig config;
  asio::ssl::context ctx;  // read-only once the listener starts: shared by every thread
  tcp::acceptor acceptor;
  tcp::endpoint backend;
  std::size_t next = 0;  // accept thread only
};

TlsFront::TlsFront(std::vector<asio::any_io_executor> executors, TlsFrontConfig config) {
  if (executors.empty()) throw std::runtime_error("the TLS front needs at least one executor");
  if (!ai::gemini::is_loopback_host(config.listen_host)) {
    throw std::runtime_error("the simulator listens on loopback only, not " + config.listen_host);
  }
  impl_ = std::make_shared<Impl>(std::move(executors), std::move(config));
  auto& c = impl_->config;
  boost::system::error_code ec;
  impl_->ctx.use_certificate_chain_file(c.cert_file, ec);
  if (ec) throw std::runtime_error("cannot load --tls-cert " + c.cert_file + ": " + ec.message());
  impl_->ctx.use_private_key_file(c.key_file, asio::ssl::context::pem, ec);
  if (ec) throw std::runtime_error("cannot load --tls-key " + c.key_file + ": " + ec.message());
  const auto host = c.listen_host == "localhost" ? std::string("127.0.0.1") : c.listen_host;
  const auto addr = asio::ip::make_address(host, ec);
  if (ec) throw std::runtime_error("bad simulator listen address " + c.listen_host);
  impl_->backend = tcp::endpoint(addr, c.backend_port);
  const tcp::endpoint ep(addr, c.port);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(ep, ec);
  if (ec) {
    throw std::runtime_error("simulator cannot bind " + host + ":" + std::to_string(c.port) +
                             " for TLS: " + ec.message());
  }
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
}

TlsFront::~TlsFront() {
  stop();
}

void TlsFront::start() {
  impl_->accept();
}

void TlsFront::stop() {
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);
}

std::uint16_t TlsFront::port() const {
  boost::system::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

}  // namespace va::sim
