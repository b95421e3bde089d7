// Out-of-dialog request failover between RFC 3263 targets (RFC 3263 4.3).
#include "sip/request_failover.h"

#include <boost/asio/ip/address.hpp>

#include "sip/dns/sip_locator.h"
#include "sip/random_token.h"
#include "sip/request_builder.h"

namespace va::sip {

void locate_targets(TransactionLayer& layer, const Uri& uri, TargetsDone done) {
  SipLocator* locator = layer.locator();
  if (locator == nullptr) {
    auto hop = next_hop_for(uri);
    if (!hop) return done(hop.error());
    return done(std::vector<TransportAddress>{*hop});
  }
  locator->locate(uri, std::move(done));
}

bool is_failover_response(const Message& response) {
  const bool made_up = response.to.tag() == nullptr;
  return response.status == 503 || (response.status == 408 && made_up);
}

void retarget(Message& request, TransportProtocol protocol, const LocalContact& local) {
  if (!request.via.empty()) {
    request.via.front().transport = to_string(protocol);
    request.via.front().port = local.port_for(protocol);
    request.via.front().params.set("branch", make_branch());
  }
  LocalContact ours = local;
  ours.transport = protocol;
  const Uri contact_uri = ours.contact().uri;
  for (auto& contact : request.contact) {
    contact.uri.scheme = contact_uri.scheme;
    contact.uri.port = contact_uri.port;
    if (protocol == TransportProtocol::Tcp) {
      contact.uri.params.set("transport", "tcp");
    } else {
      contact.uri.params.remove("transport");
    }
  }
}

std::string host_port_text(const TransportAddress& target) {
  const std::string host =
      target.address.is_v6() ? "[" + target.address.to_string() + "]" : target.address.to_string();
  return host + ":" + std::to_string(target.port);
}

}  // namespace va::sip
