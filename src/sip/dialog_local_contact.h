// LocalContact: how this UA names itself in the requests and responses of a dialog: the
// Contact URI (RFC 3261 12.1.1: the remote target the peer will use) and the Via sent-by of
// the requests it sends inside the dialog (18.1.1).
#pragma once

#include <cstdint>
#include <string>

#include "sip/name_addr.h"
#include "sip/transport_address.h"
#include "sip/via.h"

namespace va::sip {

struct LocalContact {
  std::string user = "voiceagent";  // user part of the Contact URI
  std::string host = "127.0.0.1";   // the address peers can reach us at (not 0.0.0.0)
  std::uint16_t port = 5060;        // UDP and TCP share it
  std::uint16_t tls_port = 0;       // our TLS listener's port (0 = none: `port` is named)
  TransportProtocol transport = TransportProtocol::Udp;

  // <sip:user@host:port> (with ;transport=tcp on TCP), <sips:user@host:tls_port> on TLS.
  NameAddr contact() const;
  // "SIP/2.0/UDP host:port;branch=<fresh>;rport" for a new request (8.1.1.7, RFC 3581).
  Via via() const;
  // The port we are reached at over `protocol`.
  std::uint16_t port_for(TransportProtocol protocol) const;
};

}  // namespace va::sip
