// Failover of out-of-dialog requests between RFC 3263 targets (RFC 3263 4.3, RFC 3261 8.1.2):
// REGISTER, INVITE and MESSAGE to a host name try the located targets in order.
//
// Rules:
//  1. locate_targets(): a numeric host (or localhost) gives its one hop without DNS; a host name
//     goes to the shard's SipLocator (TransactionLayer::locator()). `done` runs on the shard,
//     never inside the call. Without a locator (unit tests without a stack) the numeric hop or
//     NoNumericHop comes at once, inside the call.
//  2. A request fails over to the next target on a 503 (from the far end, or the transport
//     error the transaction made up) or on the transaction's timeout (Timer B/F: a 408 without
//     To tag). Any other response is the answer, whatever target gave it.
//  3. retarget(): the request as a new transaction to a target of `protocol`: a fresh branch,
//     the Via's transport and port and the Contact's scheme, port and transport param follow
//     the protocol (TLS: our TLS port and a sips: Contact, RFC 5630).
//  4. In-dialog requests never come here: they keep the dialog's remote target (12.2.1.1).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "sip/dialog_local_contact.h"
#include "sip/message.h"
#include "sip/transaction_layer.h"
#include "sip/transport_address.h"

namespace va::sip {

using TargetsDone = std::function<void(core::Result<std::vector<TransportAddress>>)>;

// Rule 1.
void locate_targets(TransactionLayer& layer, const Uri& uri, TargetsDone done);
// Rule 2.
bool is_failover_response(const Message& response);
// Rule 3.
void retarget(Message& request, TransportProtocol protocol, const LocalContact& local);
// "host:port" of a target ("[::1]:5060" for IPv6), as GET /api/sip/registration shows it.
std::string host_port_text(const TransportAddress& target);

}  // namespace va::sip
