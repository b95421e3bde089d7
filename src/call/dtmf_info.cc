// DTMF in SIP INFO bodies: application/dtmf-relay and application/dtmf (see dtmf_info.h).
#include "call/dtmf_info.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdint>

namespace va::call {
namespace {

constexpr int kMaxDurationMs = 10000;  // a longer "key press" is not one

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

DtmfInfo malformed(std::string why) {
  DtmfInfo d;
  d.verdict = DtmfInfo::Verdict::Malformed;
  d.error = std::move(why);
  return d;
}

std::string printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 16)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7f) ? std::string(1, c) : fmt::format("\\x{:02x}", u);
  }
  return out;
}

// One key: a single key character, or the event codes 10 (*) and 11 (#) some phones send.
bool parse_key(std::string_view v, char& out) {
  if (v.size() == 1 && is_dtmf_key(v[0])) {
    out = static_cast<char>(std::toupper(static_cast<unsigned char>(v[0])));
    return true;
  }
  if (v == "10")
    out = '*';
  else if (v == "11")
    out = '#';
  else
    return false;
  return true;
}

bool parse_ms(std::string_view v, int& out) {
  if (v.empty() || v.size() > 6) return false;
  int n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  out = n;
  return true;
}

DtmfInfo parse_relay(std::string_view body) {
  DtmfInfo d;
  bool have_signal = false;
  bool have_duration = false;
  while (!body.empty()) {
    const auto nl = body.find('\n');
    std::string_view line = body.substr(0, nl);
    body = nl == std::string_view::npos ? std::string_view{} : body.substr(nl + 1);
    line = trim(line);
    if (line.empty()) continue;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) return malformed("a line without '=': " + printable(line));
    const std::string name = lower(trim(line.substr(0, eq)));
    const std::string_view value = trim(line.substr(eq + 1));
    if (name == "signal") {
      if (have_signal) return malformed("Signal given twice");
      if (!parse_key(value, d.digit))
        return malformed("Signal is not one key: " + printable(value));
      have_signal = true;
    } else if (name == "duration") {
      if (have_duration) return malformed("Duration given twice");
      if (!parse_ms(value, d.duration) || d.duration == 0 || d.duration > kMaxDurationMs)
        return malformed("Duration is not 1-10000 ms: " + printable(value));
      have_duration = true;
    }  // other fields (e.g. Volume) are ignored
  }
  if (!have_signal) return malformed("no Signal");
  d.verdict = DtmfInfo::Verdict::Digit;
  return d;
}

}  // namespace

bool is_dtmf_key(char c) {
  return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D') ||
         (c >= 'a' && c <= 'd');
}

int dtmf_event_code(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c == '*') return 10;
  if (c == '#') return 11;
  if (c >= 'A' && c <= 'D') return 12 + (c - 'A');
  if (c >= 'a' && c <= 'd') return 12 + (c - 'a');
  return -1;
}

std::string dtmf_digits_error(std::string_view digits) {
  if (digits.empty()) return "no digits";
  if (digits.size() > kMaxDtmfDigits) return fmt::format("more than {} digits", kMaxDtmfDigits);
  for (char c : digits)
    if (!is_dtmf_key(c)) return "only 0-9, *, # and A-D can be sent: " + printable(digits);
  return {};
}

std::string sms_text_error(std::string_view text) {
  if (text.empty()) return "empty";
  if (text.size() > kMaxSmsBytes) return fmt::format("longer than {} bytes", kMaxSmsBytes);
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xe  ? 3
                    : (c >> 3) == 0x1e ? 4
                                       : 0;
    if (c == 0) return "contains NUL";
    if (n == 0 || i + n > text.size()) return "not valid UTF-8";
    std::uint32_t cp = n == 1 ? c : c & (0x7f >> n);
    for (std::size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xc0) != 0x80) return "not valid UTF-8";
      cp = (cp << 6) | (cc & 0x3f);
    }
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "not valid UTF-8";
    i += n;
  }
  return {};
}

int DtmfInfo::status() const {
  switch (verdict) {
    case Verdict::Digit:
      return 200;
    case Verdict::Malformed:
      return 400;
    case Verdict::UnsupportedType:
      return 415;
  }
  return 400;
}

DtmfInfo parse_dtmf_info(std::string_view content_type, std::string_view body) {
  const std::string type = lower(trim(content_type.substr(0, content_type.find(';'))));
  if (type != "application/dtmf-relay" && type != "application/dtmf") {
    DtmfInfo d;
    d.verdict = DtmfInfo::Verdict::UnsupportedType;
    d.error = "not a DTMF body: " + (type.empty() ? std::string("(none)") : printable(type));
    return d;
  }
  if (body.size() > kMaxDtmfInfoBody) return malformed("body too long");
  if (type == "application/dtmf-relay") return parse_relay(body);
  DtmfInfo d;
  std::string_view v = body;
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r'))
    v.remove_suffix(1);
  v = trim(v);
  if (!parse_key(v, d.digit)) return malformed("not one key: " + printable(v));
  d.verdict = DtmfInfo::Verdict::Digit;
  return d;
}

}  // namespace va::call
