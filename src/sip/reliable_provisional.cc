// RSeq / RAck (RFC 3262 7.1, 7.2); rules in the header.
#include "sip/reliable_provisional.h"

#include <limits>

#include "sip/dialog_errc.h"
#include "sip/headers.h"
#include "sip/scanner.h"
#include "sip/session_timer.h"

namespace va::sip {
namespace {

using scan::is_ws;
using scan::parse_uint;
using scan::trim_left;

constexpr std::uint64_t kMax32 = std::numeric_limits<std::uint32_t>::max();

std::string_view trim(std::string_view s) {
  s = trim_left(s);
  while (!s.empty() && is_ws(s.back()))
    s.remove_suffix(1);
  return s;
}

// The next LWS-separated word of `s` (advanced past it).
std::string_view next_word(std::string_view& s) {
  s = trim_left(s);
  std::size_t end = 0;
  while (end < s.size() && !is_ws(s[end]))
    ++end;
  const std::string_view word = s.substr(0, end);
  s.remove_prefix(end);
  return word;
}

}  // namespace

std::string RAck::to_string() const {
  return std::to_string(rseq) + " " + std::to_string(cseq) + " " +
         std::string(sip::to_string(method));
}

core::Result<std::uint32_t> parse_rseq(std::string_view value) {
  const auto n = parse_uint(trim(value), kMax32);
  if (!n || *n == 0) return DialogErrc::BadRSeq;
  return static_cast<std::uint32_t>(*n);
}

core::Result<RAck> parse_rack(std::string_view value) {
  std::string_view rest = value;
  const auto rseq = parse_uint(next_word(rest), kMax32);
  const auto cseq = parse_uint(next_word(rest), kMax32);
  const std::string_view method_text = next_word(rest);
  if (!rseq || *rseq == 0 || !cseq || method_text.empty() || !trim(rest).empty()) {
    return DialogErrc::BadRAck;
  }
  RAck out;
  out.rseq = static_cast<std::uint32_t>(*rseq);
  out.cseq = static_cast<std::uint32_t>(*cseq);
  out.method = method_from_string(method_text);
  if (out.method == Method::Unknown) return DialogErrc::BadRAck;
  return out;
}

std::optional<std::uint32_t> reliable_rseq(const Message& response) {
  if (!response.is_response() || response.status <= 100 || response.status >= 200) {
    return std::nullopt;
  }
  if (!has_option_tag(response, "Require", k100rel)) return std::nullopt;
  const std::string* rseq = response.headers.get("RSeq");
  if (rseq == nullptr) return std::nullopt;
  auto n = parse_rseq(*rseq);
  if (!n) return std::nullopt;
  return *n;
}

bool wants_reliable_provisionals(const Message& invite) {
  return has_option_tag(invite, "Require", k100rel);
}

}  // namespace va::sip
