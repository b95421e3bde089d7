// auth-param lists (RFC 3261 section 25.1 digest-cln / dig-resp, RFC 7616 section 3.3).
#include "sip/auth_params.h"

namespace va::sip {
namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_token_char(char c) {
  const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return alnum || std::string_view("-.!%*_+`'~").find(c) != std::string_view::npos;
}

// Linear white space, including an unfolded CRLF followed by a space.
bool is_lws(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}
  void skip_lws() {
    while (i_ < s_.size() && is_lws(s_[i_]))
      ++i_;
  }
  bool at_end() const { return i_ == s_.size(); }
  bool consume(char c) {
    skip_lws();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  std::string_view token() {
    skip_lws();
    const std::size_t start = i_;
    while (i_ < s_.size() && is_token_char(s_[i_]))
      ++i_;
    return s_.substr(start, i_ - start);
  }
  // After the opening quote; false if unterminated or a control character appears, escaped
  // or not (no credential needs one, and none could be written back unescaped).
  bool quoted(std::string& out) {
    while (i_ < s_.size()) {
      char c = s_[i_++];
      if (c == '"') return true;
      if (c == '\\') {
        if (i_ == s_.size()) return false;
        c = s_[i_++];
      }
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) return false;
      out += c;
    }
    return false;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

bool parse_param(Lexer& lx, AuthParams& out) {
  AuthParam p;
  const auto name = lx.token();
  if (name.empty() || !lx.consume('=')) return false;
  for (const char c : name)
    p.name += lower(c);
  if (out.find(p.name)) return false;
  if (lx.consume('"')) {
    p.quoted = true;
    if (!lx.quoted(p.value)) return false;
  } else {
    const auto v = lx.token();
    if (v.empty()) return false;
    p.value = std::string(v);
  }
  out.params.push_back(std::move(p));
  return true;
}

}  // namespace

const AuthParam* AuthParams::find(std::string_view name) const {
  for (const auto& p : params) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::optional<AuthParams> parse_auth_params(std::string_view value) {
  Lexer lx(value);
  AuthParams out;
  out.scheme = std::string(lx.token());
  if (out.scheme.empty()) return std::nullopt;
  lx.skip_lws();
  if (lx.at_end()) return out;
  do {
    if (!parse_param(lx, out)) return std::nullopt;
  } while (lx.consume(','));
  lx.skip_lws();
  if (!lx.at_end()) return std::nullopt;
  return out;
}

void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace va::sip
