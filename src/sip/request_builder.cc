// RequestBuilder: out-of-dialog requests, dial targets, next hops, credentials (RFC 3261 8.1,
// 19.1, 22.2).
#include "sip/request_builder.h"

#include <boost/asio/ip/address.hpp>

#include "sip/dialog.h"
#include "sip/listen_address.h"
#include "sip/random_token.h"

namespace va::sip {

Message RequestBuilder::build(const RequestSpec& spec) const {
  Message m = make_request(spec.method, spec.request_uri);
  m.via.push_back(local_.via());
  if (spec.from) {
    m.from = *spec.from;
  } else {
    m.from.uri.scheme = "sip";
    m.from.uri.user = local_.user;
    m.from.uri.host = local_.host;
  }
  m.from.params.set("tag", make_tag());
  m.to = spec.to;
  m.to.params.remove("tag");
  m.call_id = spec.call_id.empty() ? new_call_id() : spec.call_id;
  m.cseq = CSeq{spec.cseq, spec.method, m.method_text};
  m.max_forwards = 70;
  m.contact.push_back(local_.contact());
  if (!user_agent_.empty()) m.headers.set("User-Agent", user_agent_);
  if (!spec.body.empty()) {
    m.content_type = spec.content_type;
    m.body = spec.body;
  }
  return m;
}

std::string RequestBuilder::new_call_id() const {
  std::string host = local_.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return make_tag() + make_tag() + "@" + host;
}

namespace {

// "host" or "host:port" or "[v6]:port" -> host; port into `port` when present.
std::string host_of(std::string_view text, std::uint16_t& port) {
  std::string host;
  std::optional<std::uint16_t> parsed_port;
  if (parse_host_port(text, host, parsed_port) != Errc::Ok) return {};
  if (parsed_port) port = *parsed_port;
  return host;
}

bool is_unspecified(const std::string& host) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(host, ec);
  return !ec && address.is_unspecified();
}

}  // namespace

LocalContact local_contact_for(const core::SipConfig& sip, std::uint16_t port,
                               TransportProtocol transport) {
  LocalContact out;
  out.port = port;
  out.transport = transport;
  if (!sip.trunk.username.empty()) out.user = sip.trunk.username;
  std::string host;
  if (!sip.public_address.empty()) host = host_of(sip.public_address, out.port);
  if (host.empty()) {
    std::uint16_t ignored = 0;  // the bound port beats sip.listen's (which may be 0)
    host = host_of(sip.listen, ignored);
  }
  out.host = host.empty() || is_unspecified(host) ? "127.0.0.1" : host;
  if (!sip.tls_listen.empty()) {
    std::uint16_t tls_port = 0;  // a TLS listener on port 0 cannot be named in a Contact
    host_of(sip.tls_listen, tls_port);
    out.tls_port = tls_port;
  }
  return out;
}

namespace {

// Rule 2's number: digits, '*', '#', a leading '+'; visual separators are dropped.
std::optional<std::string> clean_number(std::string_view text) {
  std::string out;
  for (char c : text) {
    if ((c >= '0' && c <= '9') || c == '*' || c == '#') {
      out += c;
    } else if (c == '+' && out.empty()) {
      out += c;
    } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') {
      continue;
    } else {
      return std::nullopt;
    }
  }
  if (out.empty() || out == "+") return std::nullopt;
  return out;
}

}  // namespace

core::Result<Uri> dial_uri(std::string_view target, std::string_view trunk_uri,
                           bool allow_direct_uri) {
  if (target.starts_with("sip:") || target.starts_with("sips:")) {
    if (!allow_direct_uri) return UacErrc::DirectUriForbidden;
    auto uri = parse_uri(target);
    if (!uri || uri->host.empty()) return UacErrc::BadTarget;
    return *uri;
  }
  if (target.starts_with("tel:")) target.remove_prefix(4);
  auto number = clean_number(target);
  if (!number) return UacErrc::BadTarget;
  if (trunk_uri.empty()) return UacErrc::NoTrunk;
  auto trunk = parse_uri(trunk_uri);
  if (!trunk || !trunk->is_sip() || trunk->host.empty()) return UacErrc::BadTrunkUri;
  Uri out = *trunk;
  out.user = *number;  // the serializer escapes '#' (not allowed raw in a user part, 25.1)
  out.password.reset();
  out.headers = Params{};
  return out;
}

namespace {
Uri with_host(Uri uri, std::string host) {
  uri.host = std::move(host);
  return uri;
}
}  // namespace

core::Result<TransportAddress> next_hop_for(const Uri& uri) {
  if (!uri.is_sip() || uri.host.empty()) return UacErrc::BadTarget;
  // The dialog's numeric_hop does the work; what we dial may also say "localhost".
  auto hop = uri.host == "localhost" ? numeric_hop(with_host(uri, "127.0.0.1")) : numeric_hop(uri);
  if (!hop) return UacErrc::NoNumericHop;
  return *hop;
}

core::Result<std::optional<Uri>> parse_outbound_proxy(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ')
    text.remove_suffix(1);
  if (text.empty()) return std::optional<Uri>();
  const bool is_uri = text.starts_with("sip:") || text.starts_with("sips:");
  auto uri = parse_uri(is_uri ? std::string(text) : "sip:" + std::string(text));
  if (!uri || !uri->is_sip() || uri->host.empty() || !uri->user.empty()) {
    return UacErrc::BadOutboundProxy;
  }
  uri->params.set("lr");  // a host name is located like the trunk (request_failover.h)
  return std::optional<Uri>(std::move(*uri));
}

core::Result<TransportAddress> route_via(Message& request, const Uri& proxy) {
  NameAddr route;
  route.uri = proxy;
  request.route.insert(request.route.begin(), std::move(route));
  return next_hop_for(proxy);  // NoNumericHop for a name: the caller located its targets
}

core::Result<Message> with_credentials(const Message& request, const Message& response,
                                       DigestClient& digest, std::string_view realm) {
  std::string_view challenge_header;
  std::string_view answer_header;
  if (response.status == 401) {
    challenge_header = "WWW-Authenticate";
    answer_header = "Authorization";
  } else if (response.status == 407) {
    challenge_header = "Proxy-Authenticate";
    answer_header = "Proxy-Authorization";
  } else {
    return UacErrc::NotAChallenge;
  }
  const auto values = response.headers.get_all(challenge_header);
  if (values.empty()) return UacErrc::NotAChallenge;
  auto answer = digest.on_challenge(values);
  if (!answer) return answer.error();
  if (!*answer) return UacErrc::CredentialsRefused;
  if (!realm.empty() && digest.challenge() && digest.challenge()->realm != realm) {
    return UacErrc::RealmMismatch;
  }
  Message out = request;
  if (!out.via.empty()) out.via.front().params.set("branch", make_branch());
  out.cseq.number += 1;
  const std::string uri = out.request_uri.to_string();
  auto value = digest.authorization(out.method_text, uri);
  if (!value) return UacErrc::NotAChallenge;
  out.headers.set(answer_header, *value);
  return out;
}

}  // namespace va::sip
