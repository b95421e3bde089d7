// TlsConnection: one SIP-over-TLS connection (RFC 3261 26.2, RFC 5922 for the certificate's
// name, RFC 5626 3.5.1 for keep-alive): an async handshake, reads cut into messages by
// StreamFramer, writes queued in order. Lives on the transport io_context's thread.
//
// Rules:
//  1. accept(): the server handshake with our certificate; the peer is not asked for one.
//  2. connect(): TCP connect, then the client handshake. The peer's chain must lead to a trust
//     anchor and its certificate must name `to.host` (a DNS SAN; an IP literal an IP SAN); SNI
//     carries a host name (never an IP, RFC 6066 3). A refusal is one log line naming the host
//     and the reason, a TlsCounters failure, and every queued write's error handler (so the
//     request fails like an unreachable target).
//  3. Writes before the handshake completes wait in the queue; after a failure they are refused.
//  4. A CRLFCRLF ping from the peer is answered with CRLF (any connection). On a connection we
//     opened with a keep-alive interval, we send CRLFCRLF every interval; no CRLF back within
//     `pong_timeout` closes the connection and reports the flow as failed.
//  5. A stream that cannot be framed is closed: nothing after it can be trusted.
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "sip/stream_framer.h"
#include "sip/tls_counters.h"
#include "sip/transport_address.h"

namespace va::sip {

struct TlsKeepAlive {
  std::chrono::milliseconds interval{0};  // 0 = no pings (sip.keepalive_s)
  std::chrono::milliseconds pong_timeout{10000};
};

class TlsConnection : public std::enable_shared_from_this<TlsConnection> {
 public:
  using MessageHandler = std::function<void(std::string message, const TransportAddress& source)>;
  using ErrorHandler = std::function<void(const std::string& reason)>;
  struct Hooks {
    MessageHandler on_message;
    std::function<void(std::uint64_t id)> on_closed;
    // Rule 4: a flow we opened lost its pong (its registration should be refreshed).
    std::function<void(const TransportAddress& flow)> on_flow_failed;
  };

  TlsConnection(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& context,
                std::uint64_t id, std::size_t max_message, TlsCounters& counters, Hooks hooks);

  void accept();                                                     // rule 1
  void connect(const TransportAddress& to, TlsKeepAlive keepalive);  // rule 2
  void write(std::string data, ErrorHandler on_error = {});          // rule 3
  void close();

  std::uint64_t id() const { return id_; }
  const TransportAddress& remote() const { return remote_; }
  // The name verified on a connection we opened ("" for an accepted one).
  const std::string& verified_host() const { return verified_host_; }
  bool opened_by_us() const { return opened_by_us_; }

 private:
  void handshake(boost::asio::ssl::stream_base::handshake_type type);
  void on_handshake(const boost::system::error_code& ec);
  void refuse(TlsFailure failure, const std::string& reason);
  void read();
  void on_read(std::size_t bytes);
  void write_next();
  void arm_ping();
  void on_ping_timer();
  void fail();

  boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream_;
  std::uint64_t id_;
  StreamFramer framer_;
  TlsCounters& counters_;
  Hooks hooks_;
  TransportAddress remote_;
  std::string verified_host_;
  TlsKeepAlive keepalive_;
  boost::asio::steady_timer ping_timer_;
  boost::asio::steady_timer pong_timer_;
  bool opened_by_us_ = false;
  bool established_ = false;
  bool closed_ = false;
  bool awaiting_pong_ = false;
  struct Pending {
    std::string data;
    ErrorHandler on_error;
  };
  std::deque<Pending> queue_;
  std::array<char, 8192> buffer_{};
};

}  // namespace va::sip
