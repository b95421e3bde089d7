// Generic ;name=value parameters (RFC 3261 25.1 generic-param).
#include "sip/param.h"

#include "sip/scanner.h"

namespace va::sip {

const std::string* Params::get(std::string_view name) const {
  for (const Param& p : items_) {
    if (scan::iequals(p.name, name)) return p.value ? &*p.value : &flag_value_;
  }
  return nullptr;
}

bool Params::has(std::string_view name) const {
  return get(name) != nullptr;
}

void Params::set(std::string_view name, std::optional<std::string> value) {
  for (Param& p : items_) {
    if (scan::iequals(p.name, name)) {
      p.value = std::move(value);
      return;
    }
  }
  items_.push_back(Param{std::string(name), std::move(value)});
}

void Params::remove(std::string_view name) {
  std::erase_if(items_, [name](const Param& p) { return scan::iequals(p.name, name); });
}

void Params::append_to(std::string& out, char separator) const {
  for (const Param& p : items_) {
    out.push_back(separator);
    out.append(p.name);
    if (p.value) {
      out.push_back('=');
      out.append(*p.value);
    }
  }
}

namespace {
// gen-value = token / host / quoted-string; host adds ':' '[' ']' for IPv6 references.
bool scan_gen_value(std::string_view s, std::size_t& pos) {
  if (pos < s.size() && s[pos] == '"') return scan::scan_quoted(s, pos, nullptr);
  const std::size_t start = pos;
  while (pos < s.size() &&
         (scan::is_token_char(s[pos]) || s[pos] == ':' || s[pos] == '[' || s[pos] == ']')) {
    ++pos;
  }
  return pos > start;
}

void skip_ws(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && scan::is_ws(s[pos]))
    ++pos;
}
}  // namespace

bool parse_generic_params(std::string_view text, Params& out) {
  std::size_t pos = 0;
  skip_ws(text, pos);
  while (pos < text.size()) {
    if (text[pos] != ';') return false;
    ++pos;
    skip_ws(text, pos);
    const std::size_t name_start = pos;
    while (pos < text.size() && scan::is_token_char(text[pos]))
      ++pos;
    if (pos == name_start) return false;
    Param p{std::string(text.substr(name_start, pos - name_start)), std::nullopt};
    skip_ws(text, pos);
    if (pos < text.size() && text[pos] == '=') {
      ++pos;
      skip_ws(text, pos);
      const std::size_t value_start = pos;
      if (!scan_gen_value(text, pos)) return false;
      p.value = std::string(text.substr(value_start, pos - value_start));
      skip_ws(text, pos);
    }
    out.items().push_back(std::move(p));
  }
  return true;
}

}  // namespace va::sip
