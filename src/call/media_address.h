// MediaAddress: the address our SDP names for RTP (c=). sip.public_address when set (a host
// behind NAT); else the SIP listen address when it is a concrete one; else (listening on
// 0.0.0.0 or ::) the local address the kernel would use to reach the peer, found with an
// unsent UDP connect, so a multi-homed host names the interface the gateway can reach.
#pragma once

#include <string>

namespace va::call {

// `public_address` and `listen` as in the config (host or host:port, IPv6 in brackets);
// `peer_host` an IP literal of the far end (the trunk or the INVITE's source), may be empty.
std::string choose_media_address(const std::string& public_address, const std::string& listen,
                                 const std::string& peer_host);

// "host:port" / "[v6]:port" / "host" -> host without brackets.
std::string host_of(const std::string& host_port);

}  // namespace va::call
