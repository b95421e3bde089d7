// MessageSender: the transport seam transactions send through (RFC 3261 section 18).
// Implemented by TransportLayer (real sockets) and by a recording fake in tests.
#pragma once

#include "sip/message.h"
#include "sip/transport_address.h"

namespace va::sip {

class MessageSender {
 public:
  virtual ~MessageSender() = default;
  // Serializes and sends `message` to `to`; callable from any shard. Returns false when no
  // socket could take it (the transaction then reports a transport error, 17.1.4).
  virtual bool send(const Message& message, const TransportAddress& to) = 0;
};

}  // namespace va::sip
