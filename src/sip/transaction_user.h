// TransactionUser: the layer above the transactions (RFC 3261 17: the "TU"), here the
// UserAgentCore; later the dialog and call layers through its DialogHandler hook.
#pragma once

#include <memory>

#include "sip/message.h"
#include "sip/server_transaction.h"
#include "sip/transport_address.h"

namespace va::sip {

class TransactionUser {
 public:
  virtual ~TransactionUser() = default;
  // A request that created a new server transaction (never an ACK). The TU answers through
  // `transaction`, now or later, on this shard.
  virtual void on_request(const Message& request,
                          const std::shared_ptr<ServerTransaction>& transaction) = 0;
  // An ACK that no INVITE server transaction consumed: the ACK for a 2xx (17.2.1, 13.3.1.4).
  virtual void on_ack(const Message& ack, const TransportAddress& source) = 0;
};

}  // namespace va::sip
