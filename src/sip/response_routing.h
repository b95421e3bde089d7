// Response routing: stamping received/rport on arriving requests (RFC 3261 18.2.1,
// RFC 3581 4) and choosing where a response goes (RFC 3261 18.2.2, RFC 3581 5).
#pragma once

#include "core/result.h"
#include "sip/transport_address.h"
#include "sip/via.h"

namespace va::sip {

// Adds `received` when the sent-by host is not the source address, and when the Via asks
// for rport fills `rport` with the source port (then `received` is always added).
void stamp_received(Via& top, const TransportAddress& source);

// Where the response to a request with this (stamped) top Via goes:
//  - reliable: back on the connection it came on (`connection_id`); if that is gone, a new
//    connection to the source address and the sent-by port;
//  - maddr: that address, sent-by port (default 5060);
//  - otherwise: `received` (or the sent-by host if it is an IP literal), at the rport value
//    when present, else the sent-by port (default 5060).
// An error when no address can be derived (a host name without `received`).
core::Result<TransportAddress> response_destination(const Via& top, const TransportAddress& source);

}  // namespace va::sip
