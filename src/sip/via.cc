// Via header (RFC 3261 20.42 and 18.2.1 received; RFC 3581 rport).
#include "sip/via.h"

#include "sip/errc.h"
#include "sip/headers.h"
#include "sip/scanner.h"
#include "sip/uri.h"

namespace va::sip {

namespace {

void skip_ws(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && scan::is_ws(s[pos]))
    ++pos;
}

std::string_view scan_token(std::string_view s, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < s.size() && scan::is_token_char(s[pos]))
    ++pos;
  return s.substr(start, pos - start);
}

// sent-protocol = protocol-name SLASH protocol-version SLASH transport, LWS around slashes.
bool parse_sent_protocol(std::string_view s, std::size_t& pos, Via& via) {
  std::string_view parts[3];
  for (int i = 0; i < 3; ++i) {
    if (i > 0) {
      skip_ws(s, pos);
      if (pos >= s.size() || s[pos] != '/') return false;
      ++pos;
      skip_ws(s, pos);
    }
    parts[i] = scan_token(s, pos);
    if (parts[i].empty()) return false;
  }
  via.protocol.clear();
  for (char c : parts[0])
    via.protocol.push_back(scan::to_upper(c));
  via.protocol.push_back('/');
  via.protocol.append(parts[1]);
  via.transport.clear();
  for (char c : parts[2])
    via.transport.push_back(scan::to_upper(c));
  return true;
}

// The via-params with a defined syntax: received (an IP address), rport (empty or a port),
// ttl (0-255), maddr (a host) and branch (a token with a value).
bool valid_via_params(const Params& params) {
  for (const Param& p : params.items()) {
    const std::string_view v = p.value ? std::string_view(*p.value) : std::string_view{};
    if (scan::iequals(p.name, "branch")) {
      if (!p.value || !scan::is_token(v)) return false;
    } else if (scan::iequals(p.name, "received")) {
      // An IPv4 or IPv6 address; some stacks bracket the IPv6 one, which we tolerate.
      const bool bracketed = v.size() > 2 && v.front() == '[' && v.back() == ']';
      if (!is_ip_address(bracketed ? v.substr(1, v.size() - 2) : v)) return false;
    } else if (scan::iequals(p.name, "rport")) {
      if (p.value && !scan::parse_uint(v, 65535)) return false;
    } else if (scan::iequals(p.name, "ttl")) {
      if (!scan::parse_uint(v, 255)) return false;
    } else if (scan::iequals(p.name, "maddr")) {
      std::string host;
      std::optional<std::uint16_t> port;
      if (parse_host_port(v, host, port) != Errc::Ok || port) return false;
    }
  }
  return true;
}

}  // namespace

std::string_view Via::branch() const {
  const std::string* b = params.get("branch");
  return b ? std::string_view(*b) : std::string_view{};
}

std::string Via::to_string() const {
  std::string out;
  out.reserve(protocol.size() + transport.size() + host.size() + 48);
  append_to(out);
  return out;
}

void Via::append_to(std::string& out) const {
  out.append(protocol);
  out.push_back('/');
  out.append(transport);
  out.push_back(' ');
  append_host_port(host, port, out);
  params.append_to(out);
}

core::Result<Via> parse_via(std::string_view one_value) {
  const std::string_view s = scan::trim(one_value);
  Via via;
  std::size_t pos = 0;
  if (!parse_sent_protocol(s, pos, via)) return Errc::BadVia;
  const std::size_t ws = pos;
  skip_ws(s, pos);
  if (pos == ws) return Errc::BadVia;  // LWS is required before sent-by
  const std::size_t end = s.find_first_of("; \t", pos);
  const std::string_view sent_by = s.substr(pos, end - pos);
  if (parse_host_port(sent_by, via.host, via.port) != Errc::Ok) return Errc::BadVia;
  if (end != std::string_view::npos && !parse_generic_params(s.substr(end), via.params)) {
    return Errc::BadVia;
  }
  if (!valid_via_params(via.params)) return Errc::BadVia;
  return via;
}

core::Result<std::vector<Via>> parse_via_list(std::string_view text) {
  std::vector<Via> out;
  if (text.find(',') == std::string_view::npos) {  // the common case: one value per line
    auto via = parse_via(text);
    if (!via) return via.error();
    out.push_back(std::move(*via));
    return out;
  }
  for (std::string_view item : split_header_list(text)) {
    auto via = parse_via(item);
    if (!via) return via.error();
    out.push_back(std::move(*via));
  }
  return out;
}

}  // namespace va::sip
