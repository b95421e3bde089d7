// name-addr / addr-spec with header parameters (RFC 3261 20.10, 20.20, 20.39, 25.1).
#include "sip/name_addr.h"

#include "sip/errc.h"
#include "sip/headers.h"
#include "sip/scanner.h"

namespace va::sip {

namespace {

// display-name = *(token LWS) / quoted-string. The token form is kept as written (trimmed).
bool valid_token_display(std::string_view s) {
  for (char c : s) {
    if (!scan::is_token_char(c) && !scan::is_ws(c)) return false;
  }
  return true;
}

core::Result<NameAddr> parse_bracketed(NameAddr na, std::string_view text, std::size_t lt) {
  const std::size_t gt = text.find('>', lt + 1);
  if (gt == std::string_view::npos) return Errc::BadUri;
  // RFC 4475 badaspec: no whitespace is allowed inside the brackets; parse_uri rejects it.
  auto uri = parse_uri(text.substr(lt + 1, gt - lt - 1));
  if (!uri) return uri.error();
  na.uri = std::move(*uri);
  if (!parse_generic_params(text.substr(gt + 1), na.params)) return Errc::BadParam;
  return na;
}

}  // namespace

core::Result<NameAddr> parse_name_addr(std::string_view text) {
  text = scan::trim(text);
  NameAddr na;
  if (text.empty()) return Errc::BadUri;
  if (text[0] == '"') {
    std::size_t pos = 0;
    if (!scan::scan_quoted(text, pos, &na.display_name)) return Errc::BadQuotedString;
    while (pos < text.size() && scan::is_ws(text[pos]))
      ++pos;
    if (pos >= text.size() || text[pos] != '<') return Errc::BadUri;
    return parse_bracketed(std::move(na), text, pos);
  }
  const std::size_t lt = text.find('<');
  if (lt != std::string_view::npos) {
    const std::string_view display = scan::trim(text.substr(0, lt));
    if (!valid_token_display(display)) return Errc::BadQuotedString;
    na.display_name = std::string(display);
    return parse_bracketed(std::move(na), text, lt);
  }
  // addr-spec: the URI ends at the first ';' or whitespace, and what follows are header
  // parameters (RFC 3261 20.10: a URI with ',', ';' or '?' must be in brackets).
  const std::size_t end = text.find_first_of("; \t");
  const std::string_view uri_text = text.substr(0, end);
  if (uri_text.find_first_of(",?") != std::string_view::npos) return Errc::BadUri;
  auto uri = parse_uri(uri_text);
  if (!uri) return uri.error();
  na.uri = std::move(*uri);
  if (end != std::string_view::npos && !parse_generic_params(text.substr(end), na.params)) {
    return Errc::BadParam;
  }
  return na;
}

core::Result<std::vector<NameAddr>> parse_name_addr_list(std::string_view text) {
  std::vector<NameAddr> out;
  if (text.find(',') == std::string_view::npos) {  // the common case: one value per line
    auto na = parse_name_addr(text);
    if (!na) return na.error();
    out.push_back(std::move(*na));
    return out;
  }
  for (std::string_view item : split_header_list(text)) {
    auto na = parse_name_addr(item);
    if (!na) return na.error();
    out.push_back(std::move(*na));
  }
  return out;
}

std::string NameAddr::to_string() const {
  std::string out;
  append_to(out);
  return out;
}

void NameAddr::append_to(std::string& out) const {
  if (!display_name.empty()) {
    out.push_back('"');
    for (char c : display_name) {
      if (c == '\r' || c == '\n') {
        out.push_back(' ');  // not representable in a quoted-string
        continue;
      }
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\' || (u < 0x20 && c != '\t') || u == 0x7F) out.push_back('\\');
      out.push_back(c);
    }
    out.append("\" ");
  }
  out.push_back('<');
  uri.append_to(out);
  out.push_back('>');
  params.append_to(out);
}

}  // namespace va::sip
