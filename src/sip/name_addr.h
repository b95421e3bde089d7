// name-addr / addr-spec with header parameters: From, To, Contact, Route, Record-Route
// (RFC 3261 section 20 and 25.1).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sip/param.h"
#include "sip/uri.h"

namespace va::sip {

struct NameAddr {
  std::string display_name;  // unquoted and unescaped
  Uri uri;
  Params params;  // header params after the URI (;tag=..., ;expires=..., ;q=...)

  const std::string* tag() const { return params.get("tag"); }
  // Always serializes the URI in angle brackets (required when it has params or headers).
  std::string to_string() const;
  void append_to(std::string& out) const;  // to_string() without the temporary
  bool operator==(const NameAddr&) const = default;
};

core::Result<NameAddr> parse_name_addr(std::string_view text);
// A comma-separated list (Contact, Route, Record-Route); commas inside quotes or <> are data.
core::Result<std::vector<NameAddr>> parse_name_addr_list(std::string_view text);

}  // namespace va::sip
