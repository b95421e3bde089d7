// SIP/SIPS URIs (RFC 3261 19.1), tel URIs (RFC 3966) and opaque absoluteURIs (RFC 2396).
#include "sip/uri.h"

#include <arpa/inet.h>

#include <cstring>

#include "sip/scanner.h"

namespace va::sip {

namespace {

constexpr std::uint16_t kUserChars = scan::kUnreserved | scan::kUserExtra;
constexpr std::uint16_t kPasswordChars = scan::kUnreserved | scan::kPassExtra;
constexpr std::uint16_t kParamChars = scan::kUnreserved | scan::kParamExtra;
constexpr std::uint16_t kHeaderChars = scan::kUnreserved | scan::kHnvExtra;

bool inet_parse(int family, std::string_view text) {
  char buf[64];
  if (text.empty() || text.size() >= sizeof buf) return false;
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  unsigned char out[16];
  return inet_pton(family, buf, out) == 1;
}

// hostname = *( domainlabel "." ) toplabel [ "." ]; '_' is tolerated inside labels because
// real deployments use it. A name whose last label starts with a digit must be an IPv4.
bool valid_hostname_or_ipv4(std::string_view h) {
  if (h.empty()) return false;
  std::string_view body = h.back() == '.' ? h.substr(0, h.size() - 1) : h;
  if (body.empty()) return false;
  const std::size_t last_dot = body.rfind('.');
  const std::string_view top =
      last_dot == std::string_view::npos ? body : body.substr(last_dot + 1);
  if (!top.empty() && scan::is_digit(top[0])) return inet_parse(AF_INET, h);
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= body.size(); ++i) {
    if (i < body.size() && body[i] != '.') {
      const char c = body[i];
      if (!scan::is(c, scan::kAlnum) && c != '-' && c != '_') return false;
      continue;
    }
    const std::string_view label = body.substr(label_start, i - label_start);
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    label_start = i + 1;
  }
  return true;
}

// ";name[=value]" URI parameters up to the end of `text`; names and values unescaped.
bool parse_uri_params(std::string_view text, Params& out) {
  while (!text.empty()) {
    if (text[0] != ';') return false;
    text.remove_prefix(1);
    const std::size_t end = text.find(';');
    const std::string_view item = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end);
    const std::size_t eq = item.find('=');
    Param p;
    if (!scan::unescape_to(item.substr(0, eq), kParamChars, p.name) || p.name.empty()) {
      return false;
    }
    if (eq != std::string_view::npos) {
      p.value.emplace();
      if (!scan::unescape_to(item.substr(eq + 1), kParamChars, *p.value) || p.value->empty()) {
        return false;
      }
    }
    out.items().push_back(std::move(p));
  }
  return true;
}

// "?hname=hvalue&..." (without the '?').
bool parse_uri_headers(std::string_view text, Params& out) {
  while (true) {
    const std::size_t end = text.find('&');
    const std::string_view item = text.substr(0, end);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) return false;
    Param p;
    p.value.emplace();
    if (!scan::unescape_to(item.substr(0, eq), kHeaderChars, p.name) || p.name.empty() ||
        !scan::unescape_to(item.substr(eq + 1), kHeaderChars, *p.value)) {
      return false;
    }
    out.items().push_back(std::move(p));
    if (end == std::string_view::npos) return true;
    text.remove_prefix(end + 1);
  }
}

core::Result<Uri> parse_sip_uri(Uri uri, std::string_view rest) {
  const std::size_t at = rest.find('@');
  if (at != std::string_view::npos) {
    const std::string_view userinfo = rest.substr(0, at);
    const std::size_t colon = userinfo.find(':');
    if (!scan::unescape_to(userinfo.substr(0, colon), kUserChars, uri.user) || uri.user.empty()) {
      return Errc::BadUri;
    }
    if (colon != std::string_view::npos) {
      uri.password.emplace();
      if (!scan::unescape_to(userinfo.substr(colon + 1), kPasswordChars, *uri.password)) {
        return Errc::BadUri;
      }
    }
    rest.remove_prefix(at + 1);
  }
  const std::size_t host_end = rest.find_first_of(";?");
  if (parse_host_port(rest.substr(0, host_end), uri.host, uri.port) != Errc::Ok) {
    return Errc::BadUri;
  }
  if (host_end == std::string_view::npos) return uri;
  rest.remove_prefix(host_end);
  const std::size_t q = rest.find('?');
  if (!parse_uri_params(rest.substr(0, q), uri.params)) return Errc::BadUri;
  if (q != std::string_view::npos && !parse_uri_headers(rest.substr(q + 1), uri.headers)) {
    return Errc::BadUri;
  }
  return uri;
}

// tel: telephone-subscriber; the number keeps its visual separators (RFC 3966 5.1).
core::Result<Uri> parse_tel_uri(Uri uri, std::string_view rest) {
  const std::size_t semi = rest.find(';');
  const std::string_view number = rest.substr(0, semi);
  if (number.empty()) return Errc::BadUri;
  for (char c : number) {
    if (!scan::is(c, scan::kHex) && std::strchr("*#+-.()", c) == nullptr) return Errc::BadUri;
  }
  uri.opaque = std::string(number);
  if (semi != std::string_view::npos && !parse_uri_params(rest.substr(semi), uri.params)) {
    return Errc::BadUri;
  }
  return uri;
}

void append_params_escaped(const Params& params, std::string& out) {
  for (const Param& p : params.items()) {
    out.push_back(';');
    scan::escape_to(p.name, kParamChars, out);
    if (p.value) {
      out.push_back('=');
      scan::escape_to(*p.value, kParamChars, out);
    }
  }
}

}  // namespace

bool is_ip_address(std::string_view host) {
  return host.find(':') != std::string_view::npos ? inet_parse(AF_INET6, host)
                                                  : inet_parse(AF_INET, host);
}

Errc parse_host_port(std::string_view text, std::string& host, std::optional<std::uint16_t>& port) {
  std::string_view h;
  std::string_view rest;
  if (!text.empty() && text[0] == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return Errc::BadHost;
    h = text.substr(1, close - 1);
    if (!inet_parse(AF_INET6, h)) return Errc::BadHost;
    rest = text.substr(close + 1);
  } else {
    const std::size_t colon = text.find(':');
    h = text.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view{} : text.substr(colon);
    if (!valid_hostname_or_ipv4(h)) return Errc::BadHost;
  }
  if (!rest.empty()) {
    if (rest[0] != ':') return Errc::BadHost;
    const auto p = scan::parse_uint(rest.substr(1), 65535);
    if (!p) return Errc::BadPort;
    port = static_cast<std::uint16_t>(*p);
  } else {
    port.reset();
  }
  host.assign(h);
  for (char& c : host)
    c = scan::to_lower(c);
  return Errc::Ok;
}

core::Result<Uri> parse_uri(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return Errc::BadUri;
  Uri uri;
  const std::string_view scheme = text.substr(0, colon);
  if (!(scheme[0] >= 'a' && scheme[0] <= 'z') && !(scheme[0] >= 'A' && scheme[0] <= 'Z')) {
    return Errc::BadUri;
  }
  for (char c : scheme) {
    if (!scan::is(c, scan::kAlnum) && c != '+' && c != '-' && c != '.') return Errc::BadUri;
  }
  uri.scheme = scan::lower(scheme);
  const std::string_view rest = text.substr(colon + 1);
  if (uri.scheme == "sip" || uri.scheme == "sips") return parse_sip_uri(std::move(uri), rest);
  if (uri.scheme == "tel") return parse_tel_uri(std::move(uri), rest);
  if (rest.empty() || !scan::all_of(rest, scan::kUric)) return Errc::BadUri;
  uri.opaque = std::string(rest);
  return uri;
}

void append_host_port(std::string_view host, std::optional<std::uint16_t> port, std::string& out) {
  const bool v6 = host.find(':') != std::string_view::npos;
  if (v6) out.push_back('[');
  out.append(host);
  if (v6) out.push_back(']');
  if (port) {
    char buf[8];
    char* end = buf + sizeof buf;
    char* p = end;
    unsigned v = *port;
    do {
      *--p = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    out.push_back(':');
    out.append(p, static_cast<std::size_t>(end - p));
  }
}

std::string Uri::host_port() const {
  std::string out;
  append_host_port(host, port, out);
  return out;
}

std::string Uri::to_string() const {
  std::string out;
  out.reserve(scheme.size() + user.size() + host.size() + opaque.size() + 16);
  append_to(out);
  return out;
}

void Uri::append_to(std::string& out) const {
  out.append(scheme);
  out.push_back(':');
  if (!is_sip()) {
    if (scheme == "tel") {
      out.append(opaque);
      append_params_escaped(params, out);
    } else {
      out.append(opaque);
    }
    return;
  }
  if (!user.empty()) {
    scan::escape_to(user, kUserChars, out);
    if (password) {
      out.push_back(':');
      scan::escape_to(*password, kPasswordChars, out);
    }
    out.push_back('@');
  }
  append_host_port(host, port, out);
  append_params_escaped(params, out);
  char sep = '?';
  for (const Param& h : headers.items()) {
    out.push_back(sep);
    sep = '&';
    scan::escape_to(h.name, kHeaderChars, out);
    out.push_back('=');
    if (h.value) scan::escape_to(*h.value, kHeaderChars, out);
  }
}

namespace {
bool param_values_equal(const std::string* a, const std::string* b) {
  if (!a || !b) return a == b;
  return scan::iequals(*a, *b);
}
}  // namespace

bool uri_equivalent(const Uri& a, const Uri& b) {
  if (a.scheme != b.scheme) return false;
  if (!a.is_sip()) return a.opaque == b.opaque && a.params == b.params;
  // 19.1.4: user and password case-sensitive; host case-insensitive; ports must both be
  // given and equal or both absent.
  if (a.user != b.user || a.password != b.password || a.host != b.host || a.port != b.port) {
    return false;
  }
  // user, ttl, method, maddr and transport must match when either side has them.
  for (const char* name : {"user", "ttl", "method", "maddr", "transport"}) {
    if (!param_values_equal(a.params.get(name), b.params.get(name))) return false;
  }
  // Any other parameter present on both sides must match.
  for (const Param& p : a.params.items()) {
    const std::string* other = b.params.get(p.name);
    if (other && !param_values_equal(a.params.get(p.name), other)) return false;
  }
  // Header components are never ignored: each must be present on both sides and match
  // (compared as multisets, so repeated headers count).
  if (a.headers.items().size() != b.headers.items().size()) return false;
  auto occurrences = [](const Params& in, const Param& h) {
    std::size_t n = 0;
    for (const Param& x : in.items())
      n += scan::iequals(x.name, h.name) && x.value == h.value;
    return n;
  };
  for (const Param& h : a.headers.items()) {
    if (occurrences(a.headers, h) != occurrences(b.headers, h)) return false;
  }
  return true;
}

}  // namespace va::sip
