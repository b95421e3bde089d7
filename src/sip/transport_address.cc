// TransportAddress: printable form for logs and tests.
#include "sip/transport_address.h"

#include <fmt/format.h>

namespace va::sip {

const char* to_string(TransportProtocol p) {
  switch (p) {
    case TransportProtocol::Udp:
      return "UDP";
    case TransportProtocol::Tcp:
      return "TCP";
    case TransportProtocol::Tls:
      return "TLS";
  }
  return "UDP";
}

std::string TransportAddress::to_string() const {
  const char* proto = protocol == TransportProtocol::Udp   ? "udp"
                      : protocol == TransportProtocol::Tcp ? "tcp"
                                                           : "tls";
  std::string shown =
      address.is_v6() ? fmt::format("[{}]", address.to_string()) : address.to_string();
  std::string out = fmt::format("{}:{}:{}", proto, shown, port);
  if (connection_id != 0) out += fmt::format("#{}", connection_id);
  return out;
}

}  // namespace va::sip
