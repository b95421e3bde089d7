// TransportAddress: printable form for logs and tests.
#include "sip/transport_address.h"

#include <fmt/format.h>

namespace va::sip {

const char* to_string(TransportProtocol p) {
  return p == TransportProtocol::Udp ? "UDP" : "TCP";
}

std::string TransportAddress::to_string() const {
  const char* proto = protocol == TransportProtocol::Udp ? "udp" : "tcp";
  std::string host =
      address.is_v6() ? fmt::format("[{}]", address.to_string()) : address.to_string();
  std::string out = fmt::format("{}:{}:{}", proto, host, port);
  if (connection_id != 0) out += fmt::format("#{}", connection_id);
  return out;
}

}  // namespace va::sip
