// A page-mode MESSAGE (RFC 3428) outside any dialog, with one digest retry (see page_message.h).
#include "sip/page_message.h"

#include <spdlog/spdlog.h>

#include <memory>

#include "sip/dialog_registry.h"
#include "sip/request_builder.h"
#include "sip/request_failover.h"
#include "sip/uri.h"

namespace va::sip {
namespace {

struct PageMessage : std::enable_shared_from_this<PageMessage> {
  PageMessage(TransactionLayer& t, PageMessageConfig c, std::function<void(int, std::string)> d)
      : transactions(t),
        config(std::move(c)),
        done(std::move(d)),
        digest(config.username, config.password) {}

  void send(Message request) {
    pending = request;
    transactions.send_request(std::move(request), targets.at(target),
                              [self = shared_from_this()](const Message& r) { self->on(r); });
  }

  void on(const Message& response) {
    if (response.status_class() < 2 || finished) return;
    if (is_failover_response(response) && target + 1 < targets.size()) {  // RFC 3263 4.3
      Message next = pending;
      next.cseq.number += 1;
      retarget(next, targets[++target].protocol, local);
      send(std::move(next));
      return;
    }
    if ((response.status == 401 || response.status == 407) && !config.username.empty()) {
      if (auto retry = with_credentials(pending, response, digest, config.realm)) {
        send(std::move(*retry));
        return;
      }
    }
    finished = true;
    spdlog::info("sip: MESSAGE {} to {}: {} {}", pending.call_id, pending.request_uri.to_string(),
                 response.status, response.reason);
    if (done) done(response.status, response.reason);
  }

  TransactionLayer& transactions;
  PageMessageConfig config;
  std::function<void(int, std::string)> done;
  DigestClient digest;
  std::vector<TransportAddress> targets;  // RFC 3263 order (request_failover.h)
  LocalContact local;                     // our Via and Contact, for retarget()
  std::size_t target = 0;
  Message pending;
  bool finished = false;
};

}  // namespace

namespace {

void send_to_targets(DialogRegistry& registry, const Uri& uri, PageMessageConfig config,
                     std::vector<TransportAddress> targets,
                     std::function<void(int, std::string)> done) {
  LocalContact local = registry.config().local;
  local.transport = targets.front().protocol;
  RequestBuilder builder(local, registry.config().user_agent);
  RequestSpec spec;
  spec.method = Method::Message;
  spec.request_uri = uri;
  spec.to.uri = uri;
  spec.to.uri.params = Params{};
  NameAddr from;
  from.uri.scheme = "sip";
  from.uri.user = config.username.empty() ? local.user : config.username;
  from.uri.host = uri.host;
  spec.from = from;
  spec.call_id = config.call_id;
  spec.cseq = 1;
  spec.content_type = config.content_type;
  spec.body = config.body;
  auto message =
      std::make_shared<PageMessage>(registry.transactions(), std::move(config), std::move(done));
  message->targets = std::move(targets);
  message->local = local;
  message->send(builder.build(spec));
}

}  // namespace

void send_page_message(DialogRegistry& registry, PageMessageConfig config,
                       std::function<void(int status, std::string reason)> done) {
  auto uri = parse_uri(config.request_uri);
  if (!uri) {
    if (done) done(0, make_error_code(UacErrc::BadTarget).message());
    return;
  }
  if (auto hop = next_hop_for(*uri)) {  // numeric: no DNS
    send_to_targets(registry, *uri, std::move(config), {*hop}, std::move(done));
    return;
  }
  // The registry outlives its shard's requests (SipStack stops them first).
  locate_targets(
      registry.transactions(), *uri,
      [&registry, uri = *uri, config = std::move(config),
       done = std::move(done)](core::Result<std::vector<TransportAddress>> targets) mutable {
        if (!targets) {
          if (done) done(0, targets.error().message());
          return;
        }
        send_to_targets(registry, uri, std::move(config), std::move(*targets), std::move(done));
      });
}

}  // namespace va::sip
