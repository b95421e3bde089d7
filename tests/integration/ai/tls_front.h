// TlsFront: a TLS server on loopback in front of the simulator's plain port, with a certificate
// the test made (so the client meets real TLS: chain, host name, SNI, ALPN). Each accepted
// connection is decrypted and piped both ways to the backend; one thread of its own.
#pragma once

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

namespace va::ai::test {

class TlsFront {
 public:
  TlsFront(const std::string& chain_file, const std::string& key_file, std::uint16_t backend_port)
      : backend_port_(backend_port) {
    ctx_.use_certificate_chain_file(chain_file);
    ctx_.use_private_key_file(key_file, boost::asio::ssl::context::pem);
    acceptor_.open(tcp::v4());
    acceptor_.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    boost::asio::co_spawn(io_, accept_loop(), boost::asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TlsFront() {
    io_.stop();
    thread_.join();
  }
  TlsFront(const TlsFront&) = delete;
  TlsFront& operator=(const TlsFront&) = delete;

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  // Connections whose TLS handshake completed (a client that refused our certificate: none).
  int handshakes() const { return handshakes_.load(); }

 private:
  using tcp = boost::asio::ip::tcp;
  using TlsSocket = boost::asio::ssl::stream<tcp::socket>;

  boost::asio::awaitable<void> accept_loop() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket s = co_await acceptor_.async_accept(
          boost::asio::redirect_error(boost::asio::use_awaitable, ec));
      if (ec) co_return;
      boost::asio::co_spawn(io_, serve(std::make_shared<TlsSocket>(std::move(s), ctx_)),
                            boost::asio::detached);
    }
  }

  boost::asio::awaitable<void> serve(std::shared_ptr<TlsSocket> tls) {
    boost::system::error_code ec;
    auto token = boost::asio::redirect_error(boost::asio::use_awaitable, ec);
    co_await tls->async_handshake(boost::asio::ssl::stream_base::server, token);
    if (ec) co_return;
    ++handshakes_;
    auto plain = std::make_shared<tcp::socket>(io_);
    co_await plain->async_connect({boost::asio::ip::make_address("127.0.0.1"), backend_port_},
                                  token);
    if (ec) co_return;
    boost::asio::co_spawn(io_, pipe(tls, *tls, plain, *plain), boost::asio::detached);
    boost::asio::co_spawn(io_, pipe(plain, *plain, tls, *tls), boost::asio::detached);
  }

  // Copies `from` to `to` until either side ends, then closes both (the owners ride along).
  template <class From, class To>
  static boost::asio::awaitable<void> pipe(std::shared_ptr<From> from_owner, From& from,
                                           std::shared_ptr<To> to_owner, To& to) {
    char buf[16384];
    boost::system::error_code ec;
    auto token = boost::asio::redirect_error(boost::asio::use_awaitable, ec);
    for (;;) {
      const std::size_t n = co_await from.async_read_some(boost::asio::buffer(buf), token);
      if (ec) break;
      co_await boost::asio::async_write(to, boost::asio::buffer(buf, n), token);
      if (ec) break;
    }
    boost::system::error_code ignored;
    from.lowest_layer().close(ignored);
    to.lowest_layer().close(ignored);
    (void)from_owner;
    (void)to_owner;
  }

  std::uint16_t backend_port_;
  boost::asio::io_context io_;
  boost::asio::ssl::context ctx_{boost::asio::ssl::context::tls_server};
  tcp::acceptor acceptor_{io_};
  std::thread thread_;
  std::atomic<int> handshakes_{0};
};

}  // namespace va::ai::test
