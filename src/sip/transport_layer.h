// TransportLayer: the UDP and TCP transports on one listen address, parsing of what arrives,
// received/rport stamping (RFC 3261 18.2.1, RFC 3581), stateless answers to unparseable
// requests, and the MessageSender every shard's transactions send through.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "sip/message.h"
#include "sip/message_sender.h"
#include "sip/sip_counters.h"
#include "sip/tcp_transport.h"
#include "sip/udp_transport.h"

namespace va::sip {

struct TransportConfig {
  std::string listen = "0.0.0.0:5060";  // one address; UDP and TCP share the port
  std::size_t max_message_bytes = 65535;
  std::string server;  // Server header of stateless error responses
};

class TransportLayer final : public MessageSender {
 public:
  // Receives each parsed message on the transport thread; the owner posts it to a shard.
  using Dispatch = std::function<void(Message message, const TransportAddress& source)>;

  TransportLayer(boost::asio::io_context& context, SipCounters& counters, TransportConfig config,
                 Dispatch dispatch);
  ~TransportLayer() override;

  // Binds UDP and TCP to the same port (port 0 picks a free one for both) and starts reading.
  std::error_code start();
  // Stops taking new messages; sending still works until close().
  void stop_reading();
  void close();

  // MessageSender: any thread.
  bool send(const Message& message, const TransportAddress& to) override;
  bool send_bytes(std::string bytes, const TransportAddress& to);

  boost::asio::ip::udp::endpoint udp_endpoint() const { return udp_.local_endpoint(); }
  boost::asio::ip::tcp::endpoint tcp_endpoint() const { return tcp_.local_endpoint(); }
  // Open TCP connections; io thread only.
  std::size_t tcp_connection_count() const { return tcp_.connection_count(); }
  // "udp:127.0.0.1:5060", "tcp:127.0.0.1:5060"
  std::vector<std::string> listen_addresses() const;
  // The bound port (UDP and TCP share it).
  std::uint16_t port() const;

  // Parses one message (datagram or framed TCP message) and dispatches or answers it.
  void on_data(std::string_view data, const TransportAddress& source, bool datagram);

 private:
  std::error_code bind_both(const boost::asio::ip::address& address, std::uint16_t port);
  void reject(std::string_view data, Errc error, const TransportAddress& source);

  SipCounters& counters_;
  TransportConfig config_;
  Dispatch dispatch_;
  UdpTransport udp_;
  TcpTransport tcp_;
};

}  // namespace va::sip
