// locate_blocking: RFC 3263 for one URI at start-up, on a private event loop (never a shard):
// the default inbound ACL of a trunk named by host name admits every address its NAPTR/SRV/A
// records give.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/result.h"
#include "sip/transport_address.h"
#include "sip/uri.h"

namespace va::sip {

// Every target SipLocator finds for `uri` through `dns_servers` (AresResolver's syntax), or
// its error; Timeout when no answer came within `timeout`. Blocks the calling thread.
core::Result<std::vector<TransportAddress>> locate_blocking(const Uri& uri,
                                                            const std::string& dns_servers,
                                                            std::chrono::milliseconds timeout);

}  // namespace va::sip
