// ServerTransaction: what the TU sees of an INVITE or non-INVITE server transaction
// (RFC 3261 17.2): the request, and respond() which the state machine sends and retransmits.
#pragma once

#include <optional>

#include "sip/message.h"
#include "sip/transaction.h"

namespace va::sip {

class ServerTransaction : public Transaction {
 public:
  ServerTransaction(const TransactionContext& context, TransactionKey key, TransportAddress peer,
                    Message request)
      : Transaction(context, std::move(key), std::move(peer)), request_(std::move(request)) {}

  const Message& request() const { return request_; }
  const std::optional<Message>& last_response() const { return last_response_; }
  bool is_invite() const { return request_.method == Method::Invite; }

  // Starts the state machine's first timers (the INVITE 100 Trying delay).
  virtual void start() {}
  // The TU's response, sent at once and retransmitted as the state machine requires.
  // Responses the current state does not allow are ignored (returns false).
  virtual bool respond(Message response) = 0;
  // A retransmitted request, or for INVITE the ACK, matched this transaction. Returns false
  // when the message is not for the transaction but for the TU (an ACK in Accepted, RFC 6026).
  virtual bool on_request(const Message& request) = 0;

 protected:
  Message request_;
  std::optional<Message> last_response_;
};

}  // namespace va::sip
