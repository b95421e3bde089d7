// TransactionLayer: one per shard; matches arriving messages to transactions (RFC 3261
// 17.1.3, 17.2.3), creates server transactions for new requests, and runs client
// transactions for the TU. Thread-compatible: it and its transactions live on one shard.
#pragma once

#include <memory>
#include <unordered_map>

#include "sip/client_transaction.h"
#include "sip/server_transaction.h"
#include "sip/transaction.h"
#include "sip/transaction_key.h"
#include "sip/transaction_user.h"

namespace va::sip {

class SipLocator;

class TransactionLayer {
 public:
  explicit TransactionLayer(const TransactionContext& context) : context_(context) {}
  ~TransactionLayer();
  TransactionLayer(const TransactionLayer&) = delete;
  TransactionLayer& operator=(const TransactionLayer&) = delete;

  void set_user(TransactionUser* user) { user_ = user; }
  // The shard's RFC 3263 locator (SipStack sets it): how out-of-dialog requests (REGISTER,
  // INVITE, MESSAGE) to a host name find their targets. nullptr = numeric hosts only.
  void set_locator(SipLocator* locator) { locator_ = locator; }
  SipLocator* locator() const { return locator_; }

  // A parsed message from the transport (a request's top Via already stamped, 18.2.1).
  // Retransmitted requests are absorbed by their transaction; ACKs reach the INVITE
  // transaction they belong to; responses reach their client transaction or are dropped.
  void on_message(const Message& message, const TransportAddress& source);

  // Starts a client transaction for `request` (its top Via carries the branch) towards `to`.
  // A CANCEL also starts the 64*T1 give-up of the INVITE client transaction it cancels (9.1;
  // invite_client_transaction.h rule 5).
  std::shared_ptr<ClientTransaction> send_request(Message request, const TransportAddress& to,
                                                  ClientTransaction::ResponseHandler handler);

  // The INVITE server transaction a CANCEL refers to (9.2), or nullptr.
  std::shared_ptr<ServerTransaction> find_invite_for(const Message& cancel) const;
  std::shared_ptr<ServerTransaction> find_server(const TransactionKey& key) const;

  std::size_t server_count() const { return servers_.size(); }
  std::size_t client_count() const { return clients_.size(); }

  // Shutdown: every transaction is dropped and its timers cancelled; no callbacks run.
  void clear();

 private:
  void on_request(const Message& request, const TransportAddress& source);
  void on_ack(const Message& ack, const TransportAddress& source);
  void on_response(const Message& response);
  void arm_cancelled_invite(const TransactionKey& cancel_key);

  TransactionContext context_;
  TransactionUser* user_ = nullptr;
  SipLocator* locator_ = nullptr;
  std::unordered_map<TransactionKey, std::shared_ptr<ServerTransaction>, TransactionKeyHash>
      servers_;
  std::unordered_map<TransactionKey, std::shared_ptr<ClientTransaction>, TransactionKeyHash>
      clients_;
};

}  // namespace va::sip
