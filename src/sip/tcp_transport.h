// TcpTransport: SIP over TCP (RFC 3261 18): a listener, the open connections, and sends that
// reuse the connection a request came on (18.2.2) or open one (18.1.1).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <unordered_map>

#include "sip/tcp_connection.h"
#include "sip/transport_address.h"

namespace va::sip {

// Everything runs on the io_context's thread except send(), which posts to it.
class TcpTransport {
 public:
  using Handler = TcpConnection::MessageHandler;
  using ErrorHandler = std::function<void()>;

  TcpTransport(boost::asio::io_context& context, std::size_t max_message, Handler handler);

  std::error_code listen(const boost::asio::ip::tcp::endpoint& endpoint);
  void start();  // begins accepting
  // Closes the listener and every connection.
  void close();

  // Any thread. Uses connection `to.connection_id` if open, else an open one to
  // to.address:to.port, else connects. `on_error` runs (on the io thread) if it cannot.
  void send(std::string data, const TransportAddress& to, ErrorHandler on_error = {});

  boost::asio::ip::tcp::endpoint local_endpoint() const { return local_; }
  // io thread only.
  std::size_t connection_count() const { return connections_.size(); }

 private:
  void accept();
  std::shared_ptr<TcpConnection> make_connection(boost::asio::ip::tcp::socket socket);
  void send_on_io(std::string data, const TransportAddress& to, const ErrorHandler& on_error);

  boost::asio::io_context& context_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::size_t max_message_;
  Handler handler_;
  boost::asio::ip::tcp::endpoint local_;
  std::uint64_t next_id_ = 1;
  bool closed_ = false;
  std::unordered_map<std::uint64_t, std::shared_ptr<TcpConnection>> connections_;
};

}  // namespace va::sip
