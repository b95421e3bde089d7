// Transfer targets: normal forms, the allow check and the URI we REFER to. Rules in
// transfer_targets.h.
#include "call/transfer_targets.h"

#include <algorithm>
#include <cctype>

#include "crm/phone_number.h"
#include "sip/request_builder.h"
#include "sip/uri.h"

namespace va::call {
namespace {

std::optional<std::string> fail(std::string* error, std::string why) {
  if (error) *error = std::move(why);
  return std::nullopt;
}

bool is_uri(std::string_view text) {
  auto lower = [](char c) { return static_cast<char>(c | 0x20); };
  auto starts = [&](std::string_view p) {
    if (text.size() < p.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
      if (lower(text[i]) != p[i]) return false;
    return true;
  };
  return starts("sip:") || starts("sips:");
}

std::string lower_text(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// One transfer.allow entry: a URI prefix (scheme and at least one more character) or a number
// prefix (rule 1's characters, at least one digit).
std::optional<std::string> allow_prefix(std::string_view entry) {
  if (is_uri(entry)) {
    const auto colon = entry.find(':');
    if (colon + 1 >= entry.size()) return std::nullopt;
    for (char c : entry) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x21 || u == 0x7f || c == '<' || c == '>' || c == '"' || c == '?')
        return std::nullopt;
    }
    return lower_text(entry);
  }
  std::string out;
  for (char c : entry) {
    if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') continue;
    if (!(c >= '0' && c <= '9') && !(c == '+' && out.empty())) return std::nullopt;
    out.push_back(c);
  }
  if (out.empty() || out == "+") return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::vector<std::string>> parse_transfer_allow(std::string_view text,
                                                             std::string* bad) {
  std::vector<std::string> out;
  while (!trim(text).empty()) {
    const auto comma = text.find(',');
    const auto entry = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (entry.empty()) continue;
    auto prefix = allow_prefix(entry);
    if (!prefix) {
      if (bad) *bad = std::string(entry);
      return std::nullopt;
    }
    if (std::find(out.begin(), out.end(), *prefix) == out.end()) out.push_back(*prefix);
  }
  return out;
}

bool transfer_prefix_allowed(const std::vector<std::string>& prefixes, const std::string& target) {
  const bool uri = is_uri(target);
  const auto text = uri ? lower_text(target) : target;
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& p) { return is_uri(p) == uri && text.starts_with(p); });
}

std::optional<std::string> normalize_transfer_target(std::string_view text, std::string* error) {
  if (text.empty()) return fail(error, "must not be empty");
  if (text.size() > kMaxTransferTarget)
    return fail(error, "must be at most " + std::to_string(kMaxTransferTarget) + " characters");
  const bool uri_form = is_uri(text);
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool number_space = c == ' ' && !uri_form;  // "+49 30 555" is a number
    if ((u < 0x21 && !number_space) || u == 0x7f || c == ',' || c == '<' || c == '>' || c == '"')
      return fail(error, "must not contain spaces, quotes, commas, < > or control characters");
  }
  if (uri_form) {
    auto uri = sip::parse_uri(text);
    if (!uri || !uri->is_sip() || uri->host.empty())
      return fail(error, "must be a phone number or a sip: URI with a host");
    if (!uri->headers.empty()) return fail(error, "must not carry URI headers (?...)");
    return uri->to_string();
  }
  auto number = crm::normalize_number(std::string(text));
  if (!number) return fail(error, "must be a phone number (e.g. +4930123456) or a sip: URI");
  if (number->find_first_of("*#") != std::string::npos)
    return fail(error, "must not contain * or # (service codes are not people)");
  const auto digits =
      std::count_if(number->begin(), number->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits < 3) return fail(error, "must have at least 3 digits");
  return number;
}

bool transfer_allowed(const std::vector<std::string>& allowed, const std::string& target) {
  if (!is_uri(target)) return std::find(allowed.begin(), allowed.end(), target) != allowed.end();
  auto want = sip::parse_uri(target);
  if (!want) return false;
  return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) {
    if (!is_uri(a)) return false;
    auto have = sip::parse_uri(a);
    return have && sip::uri_equivalent(*have, *want);
  });
}

core::Result<std::string> transfer_uri(const std::string& target, std::string_view trunk_uri) {
  // The target passed the allow list: a URI needs no sip.allow_direct_uri.
  auto uri = sip::dial_uri(target, trunk_uri, true);
  if (!uri) return uri.error();
  return uri->to_string();
}

}  // namespace va::call
