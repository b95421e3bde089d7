// WebSocket URL parsing with Boost.URL and the loopback rule.
#include "ai/gemini/ws_url.h"

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "ai/errc.h"

namespace va::ai::gemini {

bool is_loopback_host(std::string_view host) {
  if (host == "localhost") return true;
  boost::system::error_code ec;
  auto addr = boost::asio::ip::make_address(std::string(host), ec);
  return !ec && addr.is_loopback();
}

namespace {

core::Result<WsUrl> parse_url(std::string_view text, std::string_view tls_scheme,
                              std::string_view plain_scheme) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return make_error_code(Errc::BadUrl);
  const auto& u = *parsed;
  WsUrl out;
  if (u.scheme() == tls_scheme) {
    out.tls = true;
  } else if (u.scheme() == plain_scheme) {
    out.tls = false;
  } else {
    return make_error_code(Errc::BadUrl);
  }
  if (!u.has_authority() || u.encoded_host().empty() || u.has_userinfo()) {
    return make_error_code(Errc::BadUrl);
  }
  out.host = u.host_type() == boost::urls::host_type::ipv6 ? u.host_ipv6_address().to_string()
                                                           : std::string(u.host());
  out.port = u.has_port() ? std::string(u.port()) : (out.tls ? "443" : "80");
  out.target = std::string(u.encoded_path());
  if (out.target.empty()) out.target = "/";
  if (u.has_query()) out.target += "?" + std::string(u.encoded_query());
  if (!out.tls && !is_loopback_host(out.host)) return make_error_code(Errc::InsecureUrl);
  return out;
}

}  // namespace

core::Result<WsUrl> parse_ws_url(std::string_view text) {
  return parse_url(text, "wss", "ws");
}

core::Result<WsUrl> parse_rest_url(std::string_view text) {
  return parse_url(text, "https", "http");
}

std::string target_with_key(const WsUrl& url, std::string_view key) {
  std::string out = url.target;
  out += out.find('?') == std::string::npos ? "?key=" : "&key=";
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : key) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace va::ai::gemini
