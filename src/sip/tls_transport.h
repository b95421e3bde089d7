// TlsTransport: SIP over TLS (RFC 3261 26.2, RFC 5630): an optional listener, the open
// connections, and sends that reuse a connection (18.2.2, RFC 5923) or open a verified one.
//
// Rules:
//  1. A send with `to.connection_id` of an open connection goes over it (a response back on
//     the connection its request came on).
//  2. Else a connection to to.address:to.port is reused: one we opened whose verified name is
//     `to.host`, or an accepted one the peer aliased (RFC 5923: a request on it carried ;alias
//     in its top Via, see add_alias()): it then stands for its remote address and port and for
//     the Via's sent-by address and port.
//  3. Else a new connection is opened to `to` (tls_connection.h rule 2); while it connects and
//     handshakes, further sends to the same place queue on it.
//  4. A send that fails runs its error handler on the io thread with the reason.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <unordered_map>

#include "sip/tls_connection.h"
#include "sip/tls_context.h"
#include "sip/tls_counters.h"
#include "sip/transport_address.h"

namespace va::sip {

// Everything runs on the io_context's thread except send(), which posts to it.
class TlsTransport {
 public:
  using Hooks = TlsConnection::Hooks;
  using ErrorHandler = TlsConnection::ErrorHandler;

  // `contexts.server` may be null (no listener: client connections only).
  TlsTransport(boost::asio::io_context& context, TlsContexts contexts, std::size_t max_message,
               TlsKeepAlive keepalive, TlsCounters& counters, Hooks hooks);

  std::error_code listen(const boost::asio::ip::tcp::endpoint& endpoint);
  void start();  // begins accepting, when listening
  void close();  // the listener and every connection

  // Any thread (rules 1-4).
  void send(std::string data, const TransportAddress& to, ErrorHandler on_error = {});
  // io thread: rule 2's RFC 5923 alias of an accepted connection; `sent_by` is the Via's
  // numeric sent-by (its port 5061 when absent), or has no address when it is a name.
  void add_alias(std::uint64_t connection_id, const TransportAddress& sent_by);

  bool listening() const { return listening_; }
  boost::asio::ip::tcp::endpoint local_endpoint() const { return local_; }
  std::size_t connection_count() const { return connections_.size(); }  // io thread only

 private:
  struct Entry {
    std::shared_ptr<TlsConnection> connection;
    bool aliased = false;    // an accepted connection the peer lets us reuse (RFC 5923)
    TransportAddress alias;  // the Via sent-by it stands for too
  };

  void accept();
  std::shared_ptr<TlsConnection> add(boost::asio::ip::tcp::socket socket,
                                     boost::asio::ssl::context& context);
  void send_on_io(std::string data, const TransportAddress& to, ErrorHandler on_error);
  TlsConnection* find_reusable(const TransportAddress& to);

  boost::asio::io_context& context_;
  TlsContexts contexts_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::size_t max_message_;
  TlsKeepAlive keepalive_;
  TlsCounters& counters_;
  Hooks hooks_;
  boost::asio::ip::tcp::endpoint local_;
  std::uint64_t next_id_ = 1;
  bool listening_ = false;
  bool closed_ = false;
  std::unordered_map<std::uint64_t, Entry> connections_;
};

}  // namespace va::sip
