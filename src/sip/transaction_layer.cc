// TransactionLayer: matching and creation of transactions (RFC 3261 17.1.3, 17.2.3).
#include "sip/transaction_layer.h"

#include <spdlog/spdlog.h>

#include "sip/invite_client_transaction.h"
#include "sip/invite_server_transaction.h"
#include "sip/non_invite_client_transaction.h"
#include "sip/non_invite_server_transaction.h"
#include "sip/response_routing.h"

namespace va::sip {

TransactionLayer::~TransactionLayer() {
  clear();
}

void TransactionLayer::clear() {
  // Detach first so a terminating transaction cannot call back into a map being cleared.
  for (auto& [key, t] : servers_)
    t->set_on_terminated(nullptr);
  for (auto& [key, t] : clients_)
    t->set_on_terminated(nullptr);
  servers_.clear();
  clients_.clear();
}

void TransactionLayer::on_message(const Message& message, const TransportAddress& source) {
  if (message.is_response()) {
    on_response(message);
  } else if (message.method == Method::Ack) {
    on_ack(message, source);
  } else {
    on_request(message, source);
  }
}

void TransactionLayer::on_request(const Message& request, const TransportAddress& source) {
  TransactionKey key = server_key(request);
  if (auto it = servers_.find(key); it != servers_.end()) {
    auto transaction = it->second;  // keeps it alive if it terminates inside
    transaction->on_request(request);
    return;
  }
  if (request.via.empty()) return;  // the parser guarantees a Via; defensive only
  auto destination = response_destination(request.via.front(), source);
  if (!destination) {
    spdlog::debug("sip: no route for responses to {} from {}", request.call_id, source.to_string());
    context_.counters.send_errors.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  std::shared_ptr<ServerTransaction> transaction;
  if (request.method == Method::Invite) {
    transaction = std::make_shared<InviteServerTransaction>(context_, key, *destination, request);
  } else {
    transaction =
        std::make_shared<NonInviteServerTransaction>(context_, key, *destination, request);
  }
  context_.counters.server_transactions.fetch_add(1, std::memory_order_relaxed);
  transaction->set_on_terminated([this](Transaction& t) { servers_.erase(t.key()); });
  servers_.emplace(std::move(key), transaction);
  transaction->start();
  if (user_) user_->on_request(request, transaction);
}

void TransactionLayer::on_ack(const Message& ack, const TransportAddress& source) {
  const TransactionKey key = server_key(ack);
  if (auto it = servers_.find(key); it != servers_.end()) {
    auto transaction = it->second;
    bool tag_matches = true;
    if (!key.rfc3261) {
      // RFC 2543 (17.2.3): the key leaves the To tag out for INVITE/ACK; the ACK must carry
      // the tag of the response we sent.
      const auto* invite = static_cast<const InviteServerTransaction*>(transaction.get());
      const std::string* ack_tag = ack.to.tag();
      tag_matches = ack_tag && *ack_tag == invite->response_to_tag();
    }
    if (tag_matches && transaction->on_request(ack)) return;
  }
  if (user_) user_->on_ack(ack, source);
}

void TransactionLayer::on_response(const Message& response) {
  auto it = clients_.find(client_key(response));
  if (it == clients_.end()) {
    // 18.1.2: a response matching no client transaction is discarded.
    context_.counters.stray_responses.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  auto transaction = it->second;
  transaction->on_response(response);
}

std::shared_ptr<ClientTransaction> TransactionLayer::send_request(
    Message request, const TransportAddress& to, ClientTransaction::ResponseHandler handler) {
  TransactionKey key = client_key_for_request(request);
  std::shared_ptr<ClientTransaction> transaction;
  if (request.method == Method::Invite) {
    transaction = std::make_shared<InviteClientTransaction>(context_, key, to, std::move(request),
                                                            std::move(handler));
  } else {
    transaction = std::make_shared<NonInviteClientTransaction>(
        context_, key, to, std::move(request), std::move(handler));
  }
  context_.counters.client_transactions.fetch_add(1, std::memory_order_relaxed);
  if (key.method == Method::Cancel) arm_cancelled_invite(key);
  transaction->set_on_terminated([this](Transaction& t) { clients_.erase(t.key()); });
  clients_[key] = transaction;
  transaction->start();
  return transaction;
}

void TransactionLayer::arm_cancelled_invite(const TransactionKey& cancel_key) {
  // 9.1: the CANCEL carries the INVITE's top Via, so the INVITE's key differs only in method.
  TransactionKey invite_key = cancel_key;
  invite_key.method = Method::Invite;
  invite_key.method_text.clear();
  auto it = clients_.find(invite_key);
  if (it == clients_.end()) return;
  // Every client transaction stored under an INVITE key is an InviteClientTransaction
  // (send_request chooses the class by method).
  static_cast<InviteClientTransaction&>(*it->second).on_cancel_sent();
}

std::shared_ptr<ServerTransaction> TransactionLayer::find_server(const TransactionKey& key) const {
  auto it = servers_.find(key);
  return it == servers_.end() ? nullptr : it->second;
}

std::shared_ptr<ServerTransaction> TransactionLayer::find_invite_for(const Message& cancel) const {
  return find_server(invite_key_for(cancel));
}

}  // namespace va::sip
