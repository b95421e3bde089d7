// TransportAddress: where a SIP message came from or goes to (RFC 3261 section 18), with the
// connection it arrived on so a response can reuse it (18.2.2).
#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <string>

namespace va::sip {

enum class TransportProtocol { Udp, Tcp, Tls };

// "UDP" / "TCP" / "TLS", as written in a Via.
const char* to_string(TransportProtocol p);
// Reliable transports carry their own retransmission: timers A, E, G are not started (17.1.1.2).
inline bool is_reliable(TransportProtocol p) {
  return p != TransportProtocol::Udp;
}

struct TransportAddress {
  TransportProtocol protocol = TransportProtocol::Udp;
  boost::asio::ip::address address;
  std::uint16_t port = 0;
  // The TCP connection a request arrived on (0 = none): responses go back on it while it is open.
  std::uint64_t connection_id = 0;
  // TLS: the name the peer's certificate must carry and the SNI we send (RFC 5922: the host
  // of the URI that was located; an IP literal verifies against the IP SAN). "" = the address.
  std::string host;

  std::string to_string() const;  // "udp:127.0.0.1:5060", "tcp:[::1]:5070#3", "tls:10.0.0.1:5061"
  bool operator==(const TransportAddress&) const = default;
};

}  // namespace va::sip
