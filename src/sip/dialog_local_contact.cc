// LocalContact: our Contact and Via sent-by for dialog requests (RFC 3261 12.1.1, 18.1.1).
#include "sip/dialog_local_contact.h"

#include "sip/random_token.h"

namespace va::sip {

NameAddr LocalContact::contact() const {
  NameAddr out;
  out.uri.scheme = "sip";
  out.uri.user = user;
  out.uri.host = host;
  out.uri.port = port;
  if (transport == TransportProtocol::Tcp) out.uri.params.set("transport", "tcp");
  return out;
}

Via LocalContact::via() const {
  Via out;
  out.transport = transport == TransportProtocol::Tcp ? "TCP" : "UDP";
  out.host = host;
  out.port = port;
  out.params.set("branch", make_branch());
  out.params.set("rport");
  return out;
}

}  // namespace va::sip
