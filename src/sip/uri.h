// SIP/SIPS/tel URIs (RFC 3261 section 19.1, RFC 3966) and other absolute URIs kept opaque.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sip/errc.h"
#include "sip/param.h"

namespace va::sip {

struct Uri {
  std::string scheme;  // lower-case: "sip", "sips", "tel", or another absoluteURI scheme
  // sip/sips: the userinfo, host and port, unescaped.
  std::string user;
  std::optional<std::string> password;
  std::string host;  // IPv6 literals without brackets; lower-cased
  std::optional<std::uint16_t> port;
  Params params;   // ;transport=tcp;lr ...
  Params headers;  // ?Subject=x&Priority=y (values unescaped)
  // tel: the number ("+14155551234"); other schemes: everything after "scheme:".
  std::string opaque;

  bool is_sip() const { return scheme == "sip" || scheme == "sips"; }
  bool is_ipv6_host() const { return host.find(':') != std::string::npos; }
  // host[:port] as it appears in a URI or Via (IPv6 bracketed).
  std::string host_port() const;
  // Serialized form, escaping what the grammar requires.
  std::string to_string() const;
  void append_to(std::string& out) const;  // to_string() without the temporary
  bool operator==(const Uri&) const = default;
};

core::Result<Uri> parse_uri(std::string_view text);

// URI comparison per RFC 3261 section 19.1.4 (case rules, params present on both sides).
bool uri_equivalent(const Uri& a, const Uri& b);

// hostport of a URI or Via sent-by: hostname, IPv4 or "[IPv6]" with an optional ":port".
// `host` receives the host lower-cased, IPv6 without brackets. Errc::Ok, BadHost or BadPort.
Errc parse_host_port(std::string_view text, std::string& host, std::optional<std::uint16_t>& port);
// Appends host[:port], bracketing an IPv6 host.
void append_host_port(std::string_view host, std::optional<std::uint16_t> port, std::string& out);
// True for a valid IPv4 dotted quad or (unbracketed) IPv6 literal.
bool is_ip_address(std::string_view host);

}  // namespace va::sip
