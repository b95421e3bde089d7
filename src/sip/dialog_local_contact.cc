// LocalContact: our Contact and Via sent-by for dialog requests (RFC 3261 12.1.1, 18.1.1).
#include "sip/dialog_local_contact.h"

#include "sip/random_token.h"

namespace va::sip {

NameAddr LocalContact::contact() const {
  NameAddr out;
  out.uri.user = user;
  out.uri.host = host;
  out.uri.port = port_for(transport);
  // RFC 5630 3.1.3: over TLS our Contact is a sips: URI (a sips: Request-URI or Route demands
  // one, 8.1.1.8); ;transport=tls is deprecated.
  out.uri.scheme = transport == TransportProtocol::Tls ? "sips" : "sip";
  if (transport == TransportProtocol::Tcp) out.uri.params.set("transport", "tcp");
  return out;
}

std::uint16_t LocalContact::port_for(TransportProtocol protocol) const {
  return protocol == TransportProtocol::Tls && tls_port != 0 ? tls_port : port;
}

Via LocalContact::via() const {
  Via out;
  out.transport = to_string(transport);
  out.host = host;
  out.port = port_for(transport);
  out.params.set("branch", make_branch());
  out.params.set("rport");
  // RFC 5923: the peer may send its requests back over the TLS connection we open.
  if (transport == TransportProtocol::Tls) out.params.set("alias");
  return out;
}

}  // namespace va::sip
