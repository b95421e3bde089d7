// Fuzz target: SIP message parser (RFC 3261 7). Parses, touches every accessor, and checks that
// serialize -> parse succeeds and is stable (the second serialization equals the first).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sip/errc.h"
#include "sip/message.h"

namespace {

using namespace va::sip;

void check(bool ok) {
  if (!ok) std::abort();
}

std::size_t touch(const Uri& u) {
  std::size_t n = u.to_string().size() + u.is_sip() + u.is_ipv6_host();
  if (u.is_sip()) {
    n += u.host_port().size();
    check(uri_equivalent(u, u));
  }
  for (const Param& p : u.params.items())
    n += u.params.get(p.name) != nullptr;
  return n;
}

std::size_t touch(const NameAddr& na) {
  std::size_t n = na.to_string().size() + touch(na.uri) + (na.tag() ? na.tag()->size() : 0);
  for (const Param& p : na.params.items())
    check(na.params.has(p.name));
  return n;
}

std::size_t touch(const Message& m) {
  std::size_t n = static_cast<std::size_t>(m.status_class()) + m.is_response();
  n += to_string(m.method).size() + touch(m.request_uri) + m.reason.size();
  for (const Via& v : m.via) {
    n += v.to_string().size() + v.branch().size() + v.rfc3261_branch();
    check(parse_via(v.to_string()).has_value());
  }
  n += touch(m.from) + touch(m.to) + m.call_id.size() + m.cseq.number;
  n += static_cast<std::size_t>(m.max_forwards.value_or(0)) + m.contact_star;
  for (const auto* list : {&m.contact, &m.route, &m.record_route}) {
    for (const NameAddr& na : *list)
      n += touch(na);
  }
  for (const Header& h : m.headers.items()) {
    check(m.headers.get(h.name) != nullptr);
    n += m.headers.get_all(h.name).size() + split_header_list(h.value).size();
  }
  return n + m.content_type.size() + m.body.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Message partial;
  auto parsed = parse_message(input, {}, &partial);
  if (!parsed) {
    const auto e = static_cast<Errc>(parsed.error().value());
    check(describe(e)[0] != '\0');
    check(response_status(e) >= 400);
    volatile std::size_t sink = touch(partial);
    (void)sink;
    // A stream parse of the same bytes must not crash either.
    (void)parse_message(input, ParseOptions{.datagram = false});
    return 0;
  }
  volatile std::size_t sink = touch(*parsed);
  (void)sink;
  const std::string wire = parsed->serialize();
  auto again =
      parse_message(wire, ParseOptions{.max_message_bytes = wire.size() + 1, .datagram = false});
  check(again.has_value());
  check(*again == *parsed);
  check(again->serialize() == wire);
  if (parsed->is_request) {
    const Message r = make_response(*parsed, 400, describe(Errc::BadVia), "fuzz");
    check(parse_message(r.serialize()).has_value());
  }
  return 0;
}
