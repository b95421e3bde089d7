// MediaAddress: no DNS here; every input is an IP literal or the rule falls through.
#include "call/media_address.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

namespace va::call {

std::string host_of(const std::string& host_port) {
  if (!host_port.empty() && host_port.front() == '[') {
    const auto close = host_port.find(']');
    return close == std::string::npos ? host_port : host_port.substr(1, close - 1);
  }
  const auto first = host_port.find(':');
  if (first != std::string::npos && host_port.find(':', first + 1) != std::string::npos) {
    return host_port;  // a bare IPv6 address without a port
  }
  return first == std::string::npos ? host_port : host_port.substr(0, first);
}

std::string choose_media_address(const std::string& public_address, const std::string& listen,
                                 const std::string& peer_host) {
  if (!public_address.empty()) return host_of(public_address);
  const std::string listen_host = host_of(listen);
  boost::system::error_code ec;
  const auto listen_ip = boost::asio::ip::make_address(listen_host, ec);
  if (!ec && !listen_ip.is_unspecified()) return listen_host;
  const auto peer = boost::asio::ip::make_address(peer_host, ec);
  if (!ec) {
    boost::asio::io_context io;
    boost::asio::ip::udp::socket probe(io);
    probe.open(peer.is_v4() ? boost::asio::ip::udp::v4() : boost::asio::ip::udp::v6(), ec);
    if (!ec) probe.connect({peer, 9}, ec);  // connect sends nothing on UDP
    if (!ec) {
      auto local = probe.local_endpoint(ec);
      if (!ec) return local.address().to_string();
    }
  }
  return listen_ip.is_v6() ? "::1" : "127.0.0.1";
}

}  // namespace va::call
