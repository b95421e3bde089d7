// DialogRegistry: routing of dialog-creating and in-dialog requests to calls and sessions
// (RFC 3261 8.2.2.2, 12.2.2, 9.2); rules in the header.
#include "sip/dialog_registry.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "sip/incoming_call.h"
#include "sip/option_tags.h"
#include "sip/random_token.h"
#include "sip/reliable_provisional.h"
#include "sip/sdp/parser.h"
#include "sip/user_agent_core.h"

namespace va::sip {
namespace {

// Media types are case-insensitive (RFC 2045 5.1); parameters after ';' are ignored.
bool is_sdp(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  while (!content_type.empty() && content_type.back() == ' ')
    content_type.remove_suffix(1);
  constexpr std::string_view kSdp = "application/sdp";
  return content_type.size() == kSdp.size() &&
         std::equal(kSdp.begin(), kSdp.end(), content_type.begin(),
                    [](char a, char b) { return a == (b | 0x20) || a == b; });
}

}  // namespace

DialogRegistry::DialogRegistry(TransactionLayer& transactions, MessageSender& sender,
                               TimerService& timers, const TimerConfig& timer_config,
                               DialogConfig config)
    : DialogContext(transactions, sender, timers, timer_config, std::move(config)) {}

DialogRegistry::~DialogRegistry() {
  auto sessions = std::move(sessions_);
  sessions_.clear();
  for (auto& [id, session] : sessions)
    session->close();
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& [key, call] : pending)
    call->detach();
}

void DialogRegistry::attach(UserAgentCore& core) {
  core.set_dialog_handler(this);
}

std::shared_ptr<InviteSession> DialogRegistry::create_uac_session(Dialog dialog,
                                                                  std::string local_sdp,
                                                                  TransportAddress peer,
                                                                  InviteSessionEvents events) {
  auto session =
      std::make_shared<InviteSession>(InviteSession::PrivateTag{}, *this, std::move(dialog),
                                      InviteSession::Role::Uac, std::move(local_sdp), peer);
  session->set_events(std::move(events));
  add(*session);
  return session;
}

InviteSession* DialogRegistry::find(const DialogId& id) const {
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : it->second;
}

void DialogRegistry::add(InviteSession& session) {
  count(&DialogCounters::sessions_started);
  sessions_[session.id()] = &session;
  if (!session.origin_key_.empty()) origins_.insert(session.origin_key_);
}

void DialogRegistry::remove(InviteSession& session) {
  auto it = sessions_.find(session.id());
  if (it != sessions_.end() && it->second == &session) sessions_.erase(it);
  if (!session.origin_key_.empty()) origins_.erase(session.origin_key_);
}

std::string DialogContext::origin_key(const Message& invite) {
  const std::string* from_tag = invite.from.tag();
  std::string key = invite.call_id;
  key += '\n';
  if (from_tag != nullptr) key += *from_tag;
  key += '\n';
  key += std::to_string(invite.cseq.number);
  return key;
}

void DialogRegistry::forget_pending(const IncomingCall& call) {
  auto it = pending_.find(origin_key(call.request()));
  if (it != pending_.end() && it->second == &call) pending_.erase(it);
}

void DialogRegistry::reply(ServerTransaction& transaction, int status, std::string_view reason) {
  Message response = make_response(transaction.request(), status, reason, make_tag());
  if (!config_.user_agent.empty()) response.headers.add("Server", config_.user_agent);
  transaction.respond(std::move(response));
}

bool DialogRegistry::refuse_unsupported(const Message& request, ServerTransaction& transaction) {
  const std::string unsupported = unsupported_requirements(request);
  if (unsupported.empty()) return false;
  count(&DialogCounters::unsupported);
  Message response = make_response(request, 420, {}, request.to.tag() ? "" : make_tag());
  response.headers.add("Unsupported", unsupported);
  if (!config_.user_agent.empty()) response.headers.add("Server", config_.user_agent);
  transaction.respond(std::move(response));
  return true;
}

bool DialogRegistry::on_dialog_request(const Message& request,
                                       const std::shared_ptr<ServerTransaction>& transaction) {
  if (!on_incoming_ || request.method != Method::Invite) return false;
  const std::string key = origin_key(request);
  if (pending_.contains(key) || origins_.contains(key)) {
    count(&DialogCounters::merged_requests);
    reply(*transaction, 482);  // 8.2.2.2: merged request
    return true;
  }
  if (refuse_unsupported(request, *transaction)) return true;
  if (auto dialog = Dialog::as_uas(request, "probe"); !dialog) {
    // No usable From tag or Contact: the call could never be answered (12.1.1).
    count(&DialogCounters::bad_requests);
    reply(*transaction, 400, describe(static_cast<DialogErrc>(dialog.error().value())));
    return true;
  }
  auto decision = negotiate_as_uas(request, config_.session_timer);
  if (!decision) {
    count(&DialogCounters::bad_requests);
    reply(*transaction, 400, describe(static_cast<DialogErrc>(decision.error().value())));
    return true;
  }
  if (decision->reject_with_min_se) {
    count(&DialogCounters::interval_too_small);
    Message response = make_response(request, 422, {}, make_tag());
    response.headers.add("Min-SE", std::to_string(*decision->reject_with_min_se));
    transaction->respond(std::move(response));
    return true;
  }
  std::optional<sdp::SessionDescription> offer;
  if (!request.body.empty()) {
    if (!is_sdp(request.content_type)) {
      count(&DialogCounters::bad_requests);
      Message response = make_response(request, 415, {}, make_tag());
      response.headers.add("Accept", "application/sdp");
      transaction->respond(std::move(response));
      return true;
    }
    auto parsed = sdp::parse(request.body);
    if (!parsed) {
      count(&DialogCounters::bad_requests);
      reply(*transaction, 400, "Bad SDP");
      return true;
    }
    offer = std::move(*parsed);
  }
  auto call = std::make_shared<IncomingCall>(IncomingCall::PrivateTag{}, *this, transaction,
                                             std::move(offer), decision->timer);
  pending_[key] = call.get();
  count(&DialogCounters::calls_offered);
  on_incoming_(call);
  return true;
}

bool DialogRegistry::on_in_dialog_request(const Message& request,
                                          const std::shared_ptr<ServerTransaction>& transaction) {
  InviteSession* session = find(DialogId::of_incoming_request(request));
  if (session == nullptr && request.method == Method::Prack) {
    // RFC 3262: a PRACK in the early dialog of a call not yet answered; its RAck names the
    // INVITE (CSeq), so with Call-ID and From tag it finds the pending call.
    const std::string* text = request.headers.get("RAck");
    auto rack = text ? parse_rack(*text) : core::Result<RAck>(make_error_code(DialogErrc::BadRAck));
    const std::string* from_tag = request.from.tag();
    if (!rack || from_tag == nullptr) return false;
    auto it = pending_.find(request.call_id + '\n' + *from_tag + '\n' + std::to_string(rack->cseq));
    if (it == pending_.end() || request.to.tag() == nullptr ||
        *request.to.tag() != it->second->local_tag()) {
      return false;
    }
    if (refuse_unsupported(request, *transaction)) return true;
    auto keep = it->second->shared_from_this();
    keep->on_prack(request, *transaction);
    return true;
  }
  if (session == nullptr) return false;                        // the core answers 481 (12.2.2)
  if (refuse_unsupported(request, *transaction)) return true;  // 8.2.2.3, BYE too
  session->on_request(request, transaction);
  return true;
}

void DialogRegistry::on_cancelled(const Message& invite) {
  auto it = pending_.find(origin_key(invite));
  if (it == pending_.end()) return;
  IncomingCall* call = it->second;
  pending_.erase(it);
  call->cancelled();
}

bool DialogRegistry::on_ack(const Message& ack, const TransportAddress& /*source*/) {
  InviteSession* session = find(DialogId::of_incoming_request(ack));
  if (session == nullptr) return false;
  session->on_ack(ack);
  return true;
}

}  // namespace va::sip
