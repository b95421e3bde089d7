// OutgoingCall: locating the INVITE's targets (RFC 3263), the first INVITE, and the failover
// to the next target on 503 or timeout (RFC 3263 4.3; request_failover.h).
#include <spdlog/spdlog.h>

#include "sip/outgoing_call_impl.h"
#include "sip/reliable_provisional.h"
#include "sip/request_failover.h"

namespace va::sip {

void OutgoingCall::Impl::start() {
  starting_ = true;
  invite_.call_id = config_.call_id;
  auto uri = parse_uri(config_.request_uri);
  if (!uri) {
    state_ = State::Failed;
    report_failure(CallOutcome::Unreachable, 0, make_error_code(UacErrc::BadTarget).message());
    starting_ = false;
    return;
  }
  const Uri hop_uri = config_.outbound_proxy ? *config_.outbound_proxy : *uri;
  if (auto hop = next_hop_for(hop_uri)) {
    on_located(std::vector<TransportAddress>{*hop}, *uri);  // numeric: no DNS
  } else if (transactions_.locator() == nullptr) {
    on_located(hop.error(), *uri);
  } else {
    std::weak_ptr<Impl> weak = weak_from_this();
    locate_targets(transactions_, hop_uri,
                   [weak, uri = *uri](core::Result<std::vector<TransportAddress>> targets) {
                     if (auto self = weak.lock()) self->on_located(std::move(targets), uri);
                   });
  }
  if (config_.dial_timeout.count() > 0 && !reported_) {
    std::weak_ptr<Impl> weak = weak_from_this();
    dial_timer_ = timers_.start(config_.dial_timeout, [weak] {
      if (auto self = weak.lock()) {
        self->dial_timer_ = 0;
        self->on_dial_timeout();
      }
    });
  }
  starting_ = false;
}

void OutgoingCall::Impl::on_located(core::Result<std::vector<TransportAddress>> targets,
                                    const Uri& uri) {
  if (reported_ || cancel_wanted_) return;  // cancelled or timed out while locating
  if (!targets) {
    state_ = State::Failed;
    cancel_timers();
    report_failure(CallOutcome::Unreachable, 0, targets.error().message());
    return;
  }
  targets_ = std::move(*targets);
  target_ = 0;
  send_first_invite(uri);
}

void OutgoingCall::Impl::send_first_invite(const Uri& uri) {
  hop_ = targets_.front();
  local_.transport = hop_.protocol;  // Via and Contact name the transport the INVITE takes
  RequestBuilder builder(local_, user_agent_);
  RequestSpec spec;
  spec.method = Method::Invite;
  spec.request_uri = uri;
  if (config_.to) {
    spec.to = *config_.to;
  } else {
    spec.to.uri = uri;
    spec.to.uri.params = Params{};
  }
  if (config_.from) {
    spec.from = *config_.from;
  } else {
    NameAddr from;
    from.uri.scheme = "sip";
    from.uri.user = config_.username.empty() ? local_.user : config_.username;
    from.uri.host = uri.host;
    spec.from = from;
  }
  spec.call_id = config_.call_id;
  spec.cseq = 1;
  spec.content_type = "application/sdp";
  spec.body = config_.sdp_offer;
  invite_ = builder.build(spec);
  invite_.headers.set("Allow", kDialogAllow);
  if (config_.outbound_proxy) route_via(invite_, *config_.outbound_proxy);
  // RFC 3262: the gateway may send its 180/183 reliably; we PRACK them (rule 9). Not "timer":
  // our session-timer support as UAC follows what the 2xx says (RFC 4028 7.2).
  invite_.headers.set("Supported", k100rel);
  spdlog::info("sip: outgoing call {} to {} via {}", invite_.call_id,
               invite_.request_uri.to_string(), hop_.to_string());
  send_invite();
}

// RFC 3263 4.3: a 503 or a timeout of this target -> the INVITE, as a new transaction (CSeq
// + 1, no credentials: the next server challenges on its own), to the next target.
bool OutgoingCall::Impl::fail_over(const Message& response) {
  if (!is_failover_response(response) || target_ + 1 >= targets_.size()) return false;
  ++target_;
  spdlog::info("sip: outgoing call {}: {} from {}, trying {}", invite_.call_id, response.status,
               hop_.to_string(), targets_[target_].to_string());
  hop_ = targets_[target_];
  local_.transport = hop_.protocol;
  invite_.headers.remove("Authorization");
  invite_.headers.remove("Proxy-Authorization");
  invite_.cseq.number += 1;
  digest_.reset();
  retarget(invite_, hop_.protocol, local_);
  send_invite();
  return true;
}

}  // namespace va::sip
