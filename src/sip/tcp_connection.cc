// TcpConnection: framing, ordered writes and one close path (RFC 3261 18.3).
#include "sip/tcp_connection.h"

#include <spdlog/spdlog.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

#include "sip/udp_transport.h"

namespace va::sip {

TcpConnection::TcpConnection(boost::asio::ip::tcp::socket socket, std::uint64_t id,
                             std::size_t max_message, MessageHandler on_message,
                             ClosedHandler on_closed)
    : socket_(std::move(socket)),
      id_(id),
      framer_(max_message),
      on_message_(std::move(on_message)),
      on_closed_(std::move(on_closed)) {
  remote_.protocol = TransportProtocol::Tcp;
  remote_.connection_id = id_;
}

void TcpConnection::start() {
  boost::system::error_code ec;
  const auto peer = socket_.remote_endpoint(ec);
  if (ec) {
    fail();
    return;
  }
  remote_.address = normalize(peer.address());
  remote_.port = peer.port();
  connected_ = true;
  read();
  write_next();
}

void TcpConnection::connect(const boost::asio::ip::tcp::endpoint& to) {
  remote_.address = normalize(to.address());
  remote_.port = to.port();
  socket_.async_connect(to, [self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec) {
      spdlog::debug("sip tcp: connect to {} failed: {}", self->remote_.to_string(), ec.message());
      self->fail();
      return;
    }
    self->start();
  });
}

void TcpConnection::read() {
  socket_.async_read_some(boost::asio::buffer(buffer_), [self = shared_from_this()](
                                                            const boost::system::error_code& ec,
                                                            std::size_t bytes) {
    if (ec) {
      self->fail();
      return;
    }
    self->framer_.feed(std::string_view(self->buffer_.data(), bytes));
    while (!self->closed_) {
      auto next = self->framer_.next();
      if (!next) {
        // The stream cannot be framed any more: nothing after this point can be trusted.
        spdlog::debug("sip tcp: {} closed: {}", self->remote_.to_string(), next.error().message());
        self->fail();
        return;
      }
      if (!*next) break;
      self->on_message_(std::move(**next), self->remote_);
    }
    // RFC 5626 3.5.1: a CRLFCRLF ping is answered with a CRLF pong.
    for (auto pings = self->framer_.take_keepalives().pings; pings > 0 && !self->closed_; --pings)
      self->write("\r\n");
    if (!self->closed_) self->read();
  });
}

void TcpConnection::write(std::string data) {
  if (closed_) return;
  queue_.push_back(std::move(data));
  if (queue_.size() == 1 && connected_) write_next();
}

void TcpConnection::write_next() {
  if (queue_.empty() || closed_) return;
  boost::asio::async_write(
      socket_, boost::asio::buffer(queue_.front()),
      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
        if (ec) {
          self->fail();
          return;
        }
        self->queue_.pop_front();
        self->write_next();
      });
}

void TcpConnection::close() {
  if (closed_) return;
  closed_ = true;
  queue_.clear();
  boost::system::error_code ec;
  socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
}

void TcpConnection::fail() {
  if (closed_) return;
  close();
  if (on_closed_) on_closed_(id_);
}

}  // namespace va::sip
