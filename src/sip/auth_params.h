// The auth-param list of WWW-Authenticate / Authorization values (RFC 3261 section 25.1,
// RFC 7616 section 3.3): `scheme name=value, name="quoted value", ...`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace va::sip {

struct AuthParam {
  std::string name;   // lower-cased: auth-param names are case-insensitive
  std::string value;  // unquoted and unescaped
  bool quoted = false;
};

struct AuthParams {
  std::string scheme;  // as received, e.g. "Digest"
  std::vector<AuthParam> params;
  // First value of a parameter (name in lower case); nullptr if absent.
  const AuthParam* find(std::string_view name) const;
};

// nullopt on any syntax error: no scheme, a parameter without '=', an unterminated quoted
// string, a control character, or a parameter that appears twice.
std::optional<AuthParams> parse_auth_params(std::string_view value);

// Appends `"text"` with '"' and '\' escaped (RFC 3261 quoted-pair).
void append_quoted(std::string& out, std::string_view text);

bool iequals_ascii(std::string_view a, std::string_view b);

}  // namespace va::sip
