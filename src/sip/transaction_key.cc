// TransactionKey: RFC 3261 17.1.3 / 17.2.3 matching rules, and the RFC 2543 fallback.
#include "sip/transaction_key.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/container_hash/hash.hpp>
#include <cctype>

namespace va::sip {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string sent_by(const Via& via) {
  // An absent port and the default port are the same sent-by (5060; 5061 for TLS).
  const std::uint16_t port = via.port.value_or(via.transport == "TLS" ? 5061 : 5060);
  return fmt::format("{} {}:{}", lower(via.transport), lower(via.host), port);
}

std::string tag_of(const NameAddr& a) {
  const std::string* tag = a.tag();
  return tag ? *tag : std::string{};
}

TransactionKey key_with_method(const Message& m, Method method, std::string_view method_text) {
  TransactionKey key;
  key.method = method;
  if (method == Method::Unknown) key.method_text = std::string(method_text);
  if (m.via.empty()) {
    key.rfc3261 = false;
  } else {
    key.sent_by = sent_by(m.via.front());
    key.rfc3261 = m.via.front().rfc3261_branch();
    if (key.rfc3261) {
      key.branch = std::string(m.via.front().branch());
      return key;
    }
  }
  key.request_uri = m.request_uri.to_string();
  key.from_tag = tag_of(m.from);
  if (method != Method::Invite) key.to_tag = tag_of(m.to);
  key.call_id = m.call_id;
  key.cseq = m.cseq.number;
  return key;
}

}  // namespace

std::string TransactionKey::to_string() const {
  const std::string_view name =
      method == Method::Unknown ? std::string_view(method_text) : sip::to_string(method);
  if (rfc3261) return fmt::format("{} {} {}", branch, sent_by, name);
  return fmt::format("2543 {} {} {} {} {} {}", call_id, cseq, name, request_uri, from_tag, to_tag);
}

std::size_t TransactionKeyHash::operator()(const TransactionKey& k) const {
  std::size_t seed = 0;
  boost::hash_combine(seed, k.rfc3261);
  boost::hash_combine(seed, k.branch);
  boost::hash_combine(seed, k.sent_by);
  boost::hash_combine(seed, static_cast<int>(k.method));
  boost::hash_combine(seed, k.method_text);
  boost::hash_combine(seed, k.call_id);
  boost::hash_combine(seed, k.cseq);
  return seed;
}

TransactionKey server_key(const Message& request) {
  if (request.method == Method::Ack) return invite_key_for(request);
  return key_with_method(request, request.method, request.method_text);
}

TransactionKey invite_key_for(const Message& cancel_or_ack) {
  return key_with_method(cancel_or_ack, Method::Invite, "INVITE");
}

TransactionKey client_key(const Message& response) {
  TransactionKey key;
  if (!response.via.empty()) key.branch = std::string(response.via.front().branch());
  key.method = response.cseq.method;
  if (key.method == Method::Unknown) key.method_text = response.cseq.method_text;
  return key;
}

TransactionKey client_key_for_request(const Message& request) {
  TransactionKey key;
  if (!request.via.empty()) key.branch = std::string(request.via.front().branch());
  key.method = request.method;
  if (key.method == Method::Unknown) key.method_text = request.method_text;
  return key;
}

}  // namespace va::sip
