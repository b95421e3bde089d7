// TcpConnection: one SIP-over-TCP connection (RFC 3261 18.3): reads are cut into messages by
// StreamFramer, writes are queued in order. Lives on the transport io_context's thread.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "sip/stream_framer.h"
#include "sip/transport_address.h"

namespace va::sip {

class TcpConnection : public std::enable_shared_from_this<TcpConnection> {
 public:
  using MessageHandler = std::function<void(std::string message, const TransportAddress& source)>;
  using ClosedHandler = std::function<void(std::uint64_t id)>;

  TcpConnection(boost::asio::ip::tcp::socket socket, std::uint64_t id, std::size_t max_message,
                MessageHandler on_message, ClosedHandler on_closed);

  // Starts reading (an accepted or a connected socket).
  void start();
  // Outbound: connects to `to`, then starts; queued writes go out once connected.
  void connect(const boost::asio::ip::tcp::endpoint& to);
  void write(std::string data);
  void close();

  std::uint64_t id() const { return id_; }
  const TransportAddress& remote() const { return remote_; }

 private:
  void read();
  void write_next();
  void fail();

  boost::asio::ip::tcp::socket socket_;
  std::uint64_t id_;
  StreamFramer framer_;
  MessageHandler on_message_;
  ClosedHandler on_closed_;
  TransportAddress remote_;
  bool connected_ = false;
  bool closed_ = false;
  std::deque<std::string> queue_;
  std::array<char, 8192> buffer_{};
};

}  // namespace va::sip
