// ReferProgress: the NOTIFYs of a REFER (RFC 3515 2.4.4) and their message/sipfrag bodies
// (RFC 3420). Rules in refer_progress.h.
#include "sip/refer_progress.h"

#include <cctype>

namespace va::sip {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// The token before the first ';', trimmed and lower-cased.
std::string first_token(std::string_view value) {
  const auto semi = value.find(';');
  std::string out(trim(value.substr(0, semi)));
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

ReferProgress failed(ReferProgress::Verdict verdict, std::string error) {
  ReferProgress p;
  p.verdict = verdict;
  p.error = std::move(error);
  return p;
}

}  // namespace

int ReferProgress::response_status() const {
  switch (verdict) {
    case Verdict::Ok:
      return 200;
    case Verdict::BadEvent:
      return 489;
    case Verdict::UnsupportedType:
      return 415;
    case Verdict::Malformed:
      break;
  }
  return 400;
}

ReferProgress parse_sipfrag(std::string_view body) {
  using V = ReferProgress::Verdict;
  if (body.size() > kMaxSipfragBody) return failed(V::Malformed, "sipfrag body too large");
  const auto eol = body.find_first_of("\r\n");
  const auto line = body.substr(0, eol);
  constexpr std::string_view kVersion = "SIP/2.0 ";
  if (line.substr(0, kVersion.size()) != kVersion)
    return failed(V::Malformed, "sipfrag does not start with a SIP/2.0 status line");
  const auto rest = line.substr(kVersion.size());
  if (rest.size() < 3 || !std::isdigit(static_cast<unsigned char>(rest[0])) ||
      !std::isdigit(static_cast<unsigned char>(rest[1])) ||
      !std::isdigit(static_cast<unsigned char>(rest[2])))
    return failed(V::Malformed, "sipfrag status is not 3 digits");
  const int status = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
  if (status < 100 || status > 699) return failed(V::Malformed, "sipfrag status not in 100-699");
  if (rest.size() > 3 && rest[3] != ' ')
    return failed(V::Malformed, "sipfrag status is not 3 digits");
  const auto reason = rest.size() > 4 ? rest.substr(4) : std::string_view{};
  for (char c : reason) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t') return failed(V::Malformed, "control character in sipfrag reason");
    if (u == 0x7f) return failed(V::Malformed, "control character in sipfrag reason");
  }
  for (char c : body) {
    if (c == '\0') return failed(V::Malformed, "NUL in sipfrag body");
  }
  ReferProgress p;
  p.verdict = V::Ok;
  p.status = status;
  p.reason = std::string(reason);
  return p;
}

ReferProgress parse_refer_notify(std::string_view event, std::string_view content_type,
                                 std::string_view subscription_state, std::string_view body) {
  using V = ReferProgress::Verdict;
  if (first_token(event) != "refer") return failed(V::BadEvent, "Event is not refer");
  if (first_token(content_type) != "message/sipfrag")
    return failed(V::UnsupportedType, "Content-Type is not message/sipfrag");
  auto p = parse_sipfrag(body);
  if (p.verdict != V::Ok) return p;
  p.terminated = first_token(subscription_state) == "terminated" || p.status >= 200;
  return p;
}

}  // namespace va::sip
