// Generic ;name=value parameters shared by URIs, Via and name-addr headers (RFC 3261 25.1).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace va::sip {

struct Param {
  std::string name;                  // as received; compared case-insensitively
  std::optional<std::string> value;  // nullopt for a flag such as ;lr or ;rport
  bool operator==(const Param&) const = default;
};

class Params {
 public:
  // Value of the first parameter with this name (case-insensitive); nullptr if absent.
  // A flag parameter (no value) returns a pointer to an empty string.
  const std::string* get(std::string_view name) const;
  bool has(std::string_view name) const;
  // Replaces the first parameter with this name, or appends it.
  void set(std::string_view name, std::optional<std::string> value = std::nullopt);
  void remove(std::string_view name);

  std::vector<Param>& items() { return items_; }
  const std::vector<Param>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  bool operator==(const Params&) const = default;

  // Appends ";name=value" for each parameter (value written as stored).
  void append_to(std::string& out, char separator = ';') const;

 private:
  std::vector<Param> items_;
  mutable std::string flag_value_;  // empty string returned for flags
};

// Parses header parameters (RFC 3261 generic-param: `*( SEMI name [ EQUAL value ] )`, value a
// token, a host or a quoted-string, the latter kept with its quotes). `text` is empty or
// starts with ';' (after optional whitespace); whitespace around ';' and '=' is allowed.
// False on an empty name (";;"), a bad value or trailing garbage.
bool parse_generic_params(std::string_view text, Params& out);

}  // namespace va::sip
