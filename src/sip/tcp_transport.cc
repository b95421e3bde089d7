// TcpTransport: accept, connection table, connection reuse and outbound connect (RFC 3261 18).
#include "sip/tcp_transport.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "sip/stream_listener.h"

namespace va::sip {

TcpTransport::TcpTransport(boost::asio::io_context& context, std::size_t max_message,
                           Handler handler)
    : context_(context),
      acceptor_(context),
      max_message_(max_message),
      handler_(std::move(handler)) {}

std::error_code TcpTransport::listen(const boost::asio::ip::tcp::endpoint& endpoint) {
  return open_stream_listener(acceptor_, endpoint, local_);
}

void TcpTransport::start() {
  accept();
}

void TcpTransport::accept() {
  acceptor_.async_accept(
      [this](const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket) {
        if (ec == boost::asio::error::operation_aborted || closed_) return;
        if (!ec) make_connection(std::move(socket))->start();
        accept();
      });
}

std::shared_ptr<TcpConnection> TcpTransport::make_connection(boost::asio::ip::tcp::socket socket) {
  const std::uint64_t id = next_id_++;
  auto connection = std::make_shared<TcpConnection>(
      std::move(socket), id, max_message_, handler_,
      [this](std::uint64_t closed_id) { connections_.erase(closed_id); });
  connections_.emplace(id, connection);
  return connection;
}

void TcpTransport::close() {
  closed_ = true;
  boost::system::error_code ec;
  acceptor_.close(ec);
  auto connections = std::move(connections_);
  connections_.clear();
  for (auto& [id, connection] : connections)
    connection->close();
}

void TcpTransport::send(std::string data, const TransportAddress& to, ErrorHandler on_error) {
  boost::asio::post(context_,
                    [this, data = std::move(data), to, on_error = std::move(on_error)]() mutable {
                      send_on_io(std::move(data), to, on_error);
                    });
}

void TcpTransport::send_on_io(std::string data, const TransportAddress& to,
                              const ErrorHandler& on_error) {
  if (closed_) {
    if (on_error) on_error();
    return;
  }
  if (auto it = connections_.find(to.connection_id); it != connections_.end()) {
    it->second->write(std::move(data));
    return;
  }
  for (auto& [id, connection] : connections_) {
    const auto& remote = connection->remote();
    if (remote.address == to.address && remote.port == to.port) {
      connection->write(std::move(data));
      return;
    }
  }
  auto address = to.address;
  if (local_.address().is_v6() && address.is_v4()) {
    address = boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, address.to_v4());
  }
  auto connection = make_connection(boost::asio::ip::tcp::socket(context_));
  connection->write(std::move(data));
  connection->connect(boost::asio::ip::tcp::endpoint(address, to.port));
}

}  // namespace va::sip
