// Via header (RFC 3261 section 20.42, 18.2.1 received, RFC 3581 rport).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sip/param.h"

namespace va::sip {

// The branch prefix that marks an RFC 3261 transaction id (section 8.1.1.7).
inline constexpr std::string_view kMagicCookie = "z9hG4bK";

struct Via {
  std::string protocol = "SIP/2.0";
  std::string transport = "UDP";  // upper-case: UDP, TCP, TLS, SCTP, WS...
  std::string host;               // IPv6 without brackets
  std::optional<std::uint16_t> port;
  Params params;

  // "" when absent.
  std::string_view branch() const;
  bool rfc3261_branch() const { return branch().starts_with(kMagicCookie); }
  std::string to_string() const;  // "SIP/2.0/UDP host:port;branch=..."
  void append_to(std::string& out) const;
  bool operator==(const Via&) const = default;
};

core::Result<Via> parse_via(std::string_view one_value);
// Parses a comma-joined Via header value into each via-parm.
core::Result<std::vector<Via>> parse_via_list(std::string_view text);

}  // namespace va::sip
