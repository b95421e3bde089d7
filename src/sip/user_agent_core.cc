// UserAgentCore: UAS request handling of RFC 3261 8.2, 9.2 and 11.2 (rules in the header).
#include "sip/user_agent_core.h"

#include "sip/option_tags.h"
#include "sip/random_token.h"

namespace va::sip {

UserAgentCore::UserAgentCore(TransactionLayer& layer, SipCounters& counters, UserAgentConfig config)
    : layer_(layer), counters_(counters), config_(std::move(config)) {}

Message UserAgentCore::make_response(const Message& request, int status,
                                     std::string_view reason) const {
  const bool needs_tag = status > 100 && request.to.tag() == nullptr;
  return with_server(sip::make_response(request, status, reason, needs_tag ? make_tag() : ""));
}

Message UserAgentCore::with_server(Message response) const {
  if (!config_.user_agent.empty()) response.headers.add("Server", config_.user_agent);
  return response;
}

void UserAgentCore::answer(ServerTransaction& transaction, int status, std::string_view reason) {
  transaction.respond(make_response(transaction.request(), status, reason));
}

void UserAgentCore::answer_with_allow(ServerTransaction& transaction, int status) {
  Message response = make_response(transaction.request(), status);
  response.headers.add("Allow", kAllow);
  transaction.respond(std::move(response));
}

void UserAgentCore::on_request(const Message& request,
                               const std::shared_ptr<ServerTransaction>& transaction) {
  const auto& scheme = request.request_uri.scheme;
  if (scheme != "sip" && scheme != "sips" && scheme != "tel") {
    answer(*transaction, 416);
    return;
  }
  if (request.method != Method::Options && request.max_forwards && *request.max_forwards <= 0) {
    answer(*transaction, 483);
    return;
  }
  switch (request.method) {
    case Method::Options:
      if (refuse_unsupported(*transaction)) return;
      if (draining()) {
        answer(*transaction, 503, "Draining");
        return;
      }
      on_options(*transaction);
      return;
    case Method::Cancel:
      // 8.2.2.3: Require in a CANCEL is ignored.
      on_cancel(*transaction);
      return;
    case Method::Invite:
    case Method::Bye:
      break;
    case Method::Info:
    case Method::Update:
    case Method::Prack:
    case Method::Notify:
      // In-dialog only, and only when the dialog layer is there to take them (RFC 6086,
      // RFC 3311, RFC 3262; NOTIFY: the progress of our REFER, RFC 3515); otherwise they stay
      // unsupported.
      if (handler_) break;
      answer_with_allow(*transaction, 405);
      return;
    case Method::Unknown:
      answer_with_allow(*transaction, 501);
      return;
    default:
      answer_with_allow(*transaction, 405);
      return;
  }
  if (request.to.tag() != nullptr) {
    if (!handler_ || !handler_->on_in_dialog_request(request, transaction)) {
      answer(*transaction, 481);
    }
    return;
  }
  if (request.method != Method::Invite) {
    answer(*transaction, 481);
    return;
  }
  if (draining()) {
    answer(*transaction, 503, "Draining");
    return;
  }
  if (!handler_ || !handler_->on_dialog_request(request, transaction)) answer(*transaction, 480);
}

bool UserAgentCore::refuse_unsupported(ServerTransaction& transaction) {
  const std::string unsupported = unsupported_requirements(transaction.request());
  if (unsupported.empty()) return false;
  Message response = make_response(transaction.request(), 420);
  response.headers.add("Unsupported", unsupported);
  transaction.respond(std::move(response));
  return true;
}

void UserAgentCore::on_options(ServerTransaction& transaction) {
  Message response = make_response(transaction.request(), 200);
  response.headers.add("Allow", kAllow);
  response.headers.add("Accept", "application/sdp");
  response.headers.add("Supported", kSupportedOptions);
  transaction.respond(std::move(response));
}

void UserAgentCore::on_cancel(ServerTransaction& transaction) {
  auto invite = layer_.find_invite_for(transaction.request());
  if (!invite) {
    answer(transaction, 481);
    return;
  }
  // 9.2: the CANCEL gets its 200 whatever the INVITE's state, with the To tag the INVITE's
  // responses carry (one is made if none was sent yet); a still-pending INVITE gets 487.
  std::string tag;
  if (const auto& last = invite->last_response(); last && last->to.tag()) tag = *last->to.tag();
  if (tag.empty()) tag = make_tag();
  transaction.respond(with_server(sip::make_response(transaction.request(), 200, {}, tag)));
  if (invite->state() == TransactionState::Proceeding) {
    const Message invite_request = invite->request();
    invite->respond(with_server(sip::make_response(invite_request, 487, {}, tag)));
    if (handler_) handler_->on_cancelled(invite_request);
  }
}

void UserAgentCore::on_ack(const Message& ack, const TransportAddress& source) {
  if (handler_ && handler_->on_ack(ack, source)) return;
  counters_.stray_acks.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace va::sip
