// TransportLayer: the UDP and TCP transports on one listen address, TLS on its own (client
// connections always, a listener when configured), parsing of what arrives,
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
#include "sip/tls_transport.h"
#include "sip/udp_transport.h"

namespace va::sip {

struct TransportConfig {
  std::string listen = "0.0.0.0:5060";  // one address; UDP and TCP share the port
  std::size_t max_message_bytes = 65535;
  std::string server;      // Server header of stateless error responses
  std::string tls_listen;  // "host:port" of the TLS listener; "" = none (clients still work)
  TlsSettings tls;
  TlsKeepAlive keepalive;  // on TLS connections we open (sip.keepalive_s)
};

class TransportLayer final : public MessageSender {
 public:
  // Receives each parsed message on the transport thread; the owner posts it to a shard.
  using Dispatch = std::function<void(Message message, const TransportAddress& source)>;

  TransportLayer(boost::asio::io_context& context, SipCounters& counters, TransportConfig config,
                 Dispatch dispatch);
  ~TransportLayer() override;

  // Binds UDP and TCP to the same port (port 0 picks a free one for both), sets up TLS (its
  // listener if configured) and starts reading. On error, start_error() says what failed
  // (a bad TLS file names its config key).
  std::error_code start();
  const std::string& start_error() const { return start_error_; }
  // Stops taking new messages; sending still works until close().
  void stop_reading();
  void close();

  // MessageSender: any thread.
  bool send(const Message& message, const TransportAddress& to) override;
  bool send_bytes(std::string bytes, const TransportAddress& to);

  boost::asio::ip::udp::endpoint udp_endpoint() const { return udp_.local_endpoint(); }
  boost::asio::ip::tcp::endpoint tcp_endpoint() const { return tcp_.local_endpoint(); }
  // The TLS listener's address (port 0 when there is none).
  boost::asio::ip::tcp::endpoint tls_endpoint() const;
  // A TLS flow we opened lost its keep-alive (tls_connection.h rule 4); called on the io
  // thread. Set before start().
  void set_flow_failed_handler(std::function<void(const TransportAddress&)> handler) {
    flow_failed_ = std::move(handler);
  }
  // Open TLS connections; io thread only.
  std::size_t tls_connection_count() const { return tls_ ? tls_->connection_count() : 0; }
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
  std::error_code start_tls();
  bool send_tls(const Message& message, std::string bytes, const TransportAddress& to);

  SipCounters& counters_;
  TransportConfig config_;
  Dispatch dispatch_;
  UdpTransport udp_;
  TcpTransport tcp_;
  boost::asio::io_context& context_;
  std::unique_ptr<TlsTransport> tls_;
  std::function<void(const TransportAddress&)> flow_failed_;
  std::string start_error_;
};

}  // namespace va::sip
