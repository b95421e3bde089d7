// ClientTransaction: what the TU sees of an INVITE or non-INVITE client transaction
// (RFC 3261 17.1): it sends the request, and hands every response the TU should see to a
// handler; a timeout arrives as a 408 and a transport error as a 503 (8.1.3.1, 17.1.4).
#pragma once

#include <functional>

#include "sip/message.h"
#include "sip/transaction.h"

namespace va::sip {

class ClientTransaction : public Transaction {
 public:
  using ResponseHandler = std::function<void(const Message& response)>;

  ClientTransaction(const TransactionContext& context, TransactionKey key, TransportAddress peer,
                    Message request, ResponseHandler handler)
      : Transaction(context, std::move(key), std::move(peer)),
        request_(std::move(request)),
        handler_(std::move(handler)) {}

  const Message& request() const { return request_; }

  // Sends the request and starts the timers.
  virtual void start() = 0;
  // A response whose branch and CSeq method matched (17.1.3).
  virtual void on_response(const Message& response) = 0;

 protected:
  void deliver(const Message& response) {
    if (handler_) handler_(response);
  }
  // Tells the TU the request failed locally (408 timeout, 503 transport error) and ends.
  void fail(int status) {
    deliver(make_response(request_, status));
    terminate();
  }

  Message request_;

 private:
  ResponseHandler handler_;
};

}  // namespace va::sip
