// RequestBuilder: out-of-dialog requests of our user-agent client (RFC 3261 8.1.1), the
// Request-URI and next hop of a dialled target (8.1.2, 19.1), and the retry of a request
// with digest credentials after 401/407 (22.2).
//
// Rules:
//  1. build(): Request-URI, To (no tag), From with a fresh tag, Call-ID (fresh "<random>@host"
//     unless given), CSeq, Max-Forwards 70, one Via whose sent-by is our public address with a
//     fresh z9hG4bK branch (and rport, RFC 3581), Contact <sip:user@host:port[;transport=tcp]>,
//     User-Agent, and the body with its Content-Type when one is given.
//  2. dial_uri(): a number ("0123", "+49 30 1234", digits * # + and the separators - . ( )
//     and space) becomes sip:<number>@<trunk host:port;params>; a "sip:"/"sips:" URI passes
//     through only when direct URIs are allowed; "tel:<number>" is treated as the number.
//  3. next_hop_for(): the Request-URI's host and port (5060 by default), UDP unless
//     ;transport=tcp, for an IP literal; "localhost" maps to 127.0.0.1; any other name is
//     UacErrc::NoNumericHop: such names are located by RFC 3263 (request_failover.h).
//  4. with_credentials(): the same request with a new branch, CSeq + 1 and an Authorization
//     (401) or Proxy-Authorization (407) from the DigestClient; CredentialsRefused when the
//     DigestClient says our credentials were already refused for this challenge.
//  5. parse_outbound_proxy(): sip.trunk.outbound_proxy, "host:port" or a sip: URI ("" =
//     none), as a loose-routing URI (;lr). route_via() makes it a request's first Route and
//     its next hop (8.1.2): the Request-URI stays the target. A proxy named by host name is
//     located like the trunk (RFC 3263, request_failover.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/result.h"
#include "sip/dialog_local_contact.h"
#include "sip/digest_auth.h"
#include "sip/message.h"
#include "sip/transport_address.h"
#include "sip/uac_errc.h"

namespace va::sip {

// One out-of-dialog request to build (rule 1).
struct RequestSpec {
  Method method = Method::Options;
  Uri request_uri;
  NameAddr to;                   // its tag, if any, is dropped
  std::optional<NameAddr> from;  // default <sip:local.user@local.host>; a fresh tag is added
  std::string call_id;           // "" = a fresh one
  std::uint32_t cseq = 1;
  std::string content_type;  // with a non-empty body, e.g. "application/sdp"
  std::string body;
};

class RequestBuilder {
 public:
  explicit RequestBuilder(LocalContact local, std::string user_agent = "voiceagent")
      : local_(std::move(local)), user_agent_(std::move(user_agent)) {}

  Message build(const RequestSpec& spec) const;
  // "<32 random hex>@<local host>" (8.1.1.4): globally unique, no other meaning.
  std::string new_call_id() const;

  const LocalContact& local() const { return local_; }
  const std::string& user_agent() const { return user_agent_; }

 private:
  LocalContact local_;
  std::string user_agent_;
};

// Our Contact / Via sent-by for out-of-dialog requests: the host of sip.public_address
// (host or host:port; its port wins over `port`), else the host of sip.listen; an
// unspecified listen host (0.0.0.0 / ::) falls back to 127.0.0.1, so set public_address on
// any real deployment. `port` is the bound SIP port; the TLS port is sip.tls_listen's. User part:
// the trunk username, else "voiceagent".
LocalContact local_contact_for(const core::SipConfig& sip, std::uint16_t port,
                               TransportProtocol transport = TransportProtocol::Udp);

// Rule 2. Errors: NoTrunk, BadTrunkUri, BadTarget, DirectUriForbidden.
core::Result<Uri> dial_uri(std::string_view target, std::string_view trunk_uri,
                           bool allow_direct_uri);

// Rule 3. Errors: NoNumericHop, BadTarget (not a sip/sips URI).
core::Result<TransportAddress> next_hop_for(const Uri& uri);

// Rule 5. Errors: BadOutboundProxy.
core::Result<std::optional<Uri>> parse_outbound_proxy(std::string_view text);
// Rule 5: the proxy first in the request's Route; returns the proxy's numeric next hop, or
// NoNumericHop for a host name (the Route is added either way).
core::Result<TransportAddress> route_via(Message& request, const Uri& proxy);

// Rule 4. `response` is the 401/407; `realm`, if non-empty, is the only realm we answer.
// Errors: NotAChallenge, CredentialsRefused, RealmMismatch, and the DigestClient's
// BadAuthChallenge / UnsupportedAuth.
core::Result<Message> with_credentials(const Message& request, const Message& response,
                                       DigestClient& digest, std::string_view realm = {});

}  // namespace va::sip
