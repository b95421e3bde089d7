// Scanner: character classes and small string_view helpers of the SIP grammar (RFC 3261 25.1).
// Table-driven and allocation-free: every parser in sip/ scans with these.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace va::sip::scan {

enum CharClass : std::uint16_t {
  kAlnum = 1 << 0,
  kDigit = 1 << 1,
  kHex = 1 << 2,
  kToken = 1 << 3,         // token: alphanum / - . ! % * _ + ` ' ~
  kUnreserved = 1 << 4,    // alphanum / mark (- _ . ! ~ * ' ( ))
  kUserExtra = 1 << 5,     // user-unreserved: & = + $ , ; ? /
  kPassExtra = 1 << 6,     // password: & = + $ ,
  kParamExtra = 1 << 7,    // param-unreserved: [ ] / : & + $
  kHnvExtra = 1 << 8,      // hnv-unreserved: [ ] / ? : + $
  kWord = 1 << 9,          // word (Call-ID): token chars plus ( ) < > : \ " / [ ] ? { }
  kHostChar = 1 << 10,     // hostname / IPv4 / IPv6 reference characters
  kUric = 1 << 11,         // uric of RFC 2396 (opaque absoluteURI): reserved / unreserved / %
  kTextSpecial = 1 << 12,  // needs a look in header text: controls but HT, DEL, '"', '\\'
};

constexpr std::array<std::uint16_t, 256> make_table() {
  std::array<std::uint16_t, 256> t{};
  auto add = [&t](std::string_view chars, std::uint16_t cls) {
    for (char c : chars)
      t[static_cast<unsigned char>(c)] |= cls;
  };
  for (int c = 0; c < 256; ++c) {
    const bool digit = c >= '0' && c <= '9';
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (digit) t[c] |= kDigit | kHex;
    if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) t[c] |= kHex;
    if (digit || alpha) t[c] |= kAlnum | kToken | kUnreserved | kWord | kHostChar | kUric;
    if ((c < 0x20 && c != '\t') || c == 0x7F || c == '"' || c == '\\') t[c] |= kTextSpecial;
  }
  add("-.!%*_+`'~", kToken | kWord);
  add("-_.!~*'()", kUnreserved | kUric);
  add("&=+$,;?/", kUserExtra);
  add("&=+$,", kPassExtra);
  add("[]/:&+$", kParamExtra);
  add("[]/?:+$", kHnvExtra);
  add("()<>:\\\"/[]?{}", kWord);
  add("-.[]:", kHostChar);
  add(";/?:@&=+$,%", kUric);
  return t;
}

inline constexpr std::array<std::uint16_t, 256> kTable = make_table();

inline bool is(char c, std::uint16_t cls) {
  return (kTable[static_cast<unsigned char>(c)] & cls) != 0;
}
inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
inline bool is_token_char(char c) {
  return is(c, kToken);
}
inline bool is_ws(char c) {
  return c == ' ' || c == '\t';
}
inline char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}
inline char to_upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}

inline bool all_of(std::string_view s, std::uint16_t cls) {
  for (char c : s) {
    if (!is(c, cls)) return false;
  }
  return true;
}
inline bool is_token(std::string_view s) {
  return !s.empty() && all_of(s, kToken);
}

inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  }
  return true;
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = to_lower(c);
  return out;
}

// LWS here is SP/HT only: header values are unfolded before they reach a sub-parser.
inline std::string_view trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && is_ws(s[b]))
    ++b;
  while (e > b && is_ws(s[e - 1]))
    --e;
  return s.substr(b, e - b);
}
inline std::string_view trim_left(std::string_view s) {
  std::size_t b = 0;
  while (b < s.size() && is_ws(s[b]))
    ++b;
  return s.substr(b);
}

// Decimal digits only, no sign, value <= max. Leading zeros are allowed (RFC 4475 wsinv).
inline std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t max) {
  if (s.empty()) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
    if (v > max) return std::nullopt;
  }
  return v;
}

inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends `s` with %HEX escapes decoded (once, never recursively: RFC 4475 esc01).
// Every other character must be in `allowed`; false on a bad escape or character.
inline bool unescape_to(std::string_view s, std::uint16_t allowed, std::string& out) {
  out.reserve(out.size() + s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return false;
      const int h = hex_value(s[i + 1]);
      const int l = hex_value(s[i + 2]);
      if (h < 0 || l < 0) return false;
      out.push_back(static_cast<char>(h * 16 + l));
      i += 2;
    } else if (is(c, allowed)) {
      out.push_back(c);
    } else {
      return false;
    }
  }
  return true;
}

// Appends `s`, writing every character outside `allowed` as %HEX.
inline void escape_to(std::string_view s, std::uint16_t allowed, std::string& out) {
  static constexpr char kHexDigits[] = "0123456789ABCDEF";
  for (char c : s) {
    if (c != '%' && is(c, allowed)) {
      out.push_back(c);
    } else {
      const auto u = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHexDigits[u >> 4]);
      out.push_back(kHexDigits[u & 0xF]);
    }
  }
}

// Scans a quoted-string starting at s[pos] == '"'. On success pos is just past the closing
// quote and `out` (if given) receives the unescaped content. quoted-pair excludes CR and LF.
inline bool scan_quoted(std::string_view s, std::size_t& pos, std::string* out) {
  if (pos >= s.size() || s[pos] != '"') return false;
  for (std::size_t i = pos + 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') {
      pos = i + 1;
      return true;
    }
    if (c == '\\') {
      if (i + 1 >= s.size() || s[i + 1] == '\r' || s[i + 1] == '\n') return false;
      if (out) out->push_back(s[i + 1]);
      ++i;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7F) return false;  // qdtext: no raw controls
    if (out) out->push_back(c);
  }
  return false;
}

// Index of the first `ch` in s that is outside quotes and <> brackets, or npos.
inline std::size_t find_unquoted(std::string_view s, char ch, std::size_t from = 0) {
  bool quoted = false;
  int angle = 0;
  for (std::size_t i = from; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
      continue;
    }
    if (c == ch && angle == 0) return i;
    if (c == '"') {
      quoted = true;
    } else if (c == '<') {
      ++angle;
    } else if (c == '>' && angle > 0) {
      --angle;
    }
  }
  return std::string_view::npos;
}

}  // namespace va::sip::scan
