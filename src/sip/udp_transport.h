// UdpTransport: SIP over UDP (RFC 3261 18), IPv4 or IPv6, one socket per listen address.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <functional>
#include <string_view>
#include <system_error>

#include "sip/transport_address.h"

namespace va::sip {

// Reads on its io_context's thread; send() may be called from any thread: it is one
// synchronous ::sendto on the native handle, which the kernel makes thread-safe.
class UdpTransport {
 public:
  // `data` is one datagram; `truncated` when it was larger than the receive buffer.
  using Handler =
      std::function<void(std::string_view data, bool truncated, const TransportAddress& source)>;

  UdpTransport(boost::asio::io_context& context, Handler handler);

  std::error_code bind(const boost::asio::ip::udp::endpoint& endpoint);
  void start();  // begins reading (on the io_context)
  // Stops reading; sends still work until close().
  void stop_reading();
  void close();

  bool send(std::string_view data, const TransportAddress& to);
  boost::asio::ip::udp::endpoint local_endpoint() const { return local_; }

 private:
  void read();

  boost::asio::ip::udp::socket socket_;
  Handler handler_;
  boost::asio::ip::udp::endpoint local_;
  boost::asio::ip::udp::endpoint sender_;
  std::atomic<int> fd_{-1};
  std::atomic<bool> reading_{false};
  // One datagram plus one byte, so an over-long datagram is seen as such (64 KiB limit).
  std::array<char, 65536> buffer_{};
};

// Maps an IPv4-mapped IPv6 address (dual-stack socket) back to IPv4.
boost::asio::ip::address normalize(const boost::asio::ip::address& address);

}  // namespace va::sip
