// WebhookUrl: Boost.URL parses (RFC 3986); the rules of webhook_url.h are checked after it.
#include "api/webhook_url.h"

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>

namespace va::api {
namespace {

constexpr std::size_t kMaxUrlBytes = 2048;

ApiError bad_url(const std::string& why) {
  return bad_request("invalid_field", "field 'url' " + why);
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  if (host == "localhost") return true;
  boost::system::error_code ec;
  auto addr = boost::asio::ip::make_address(std::string(host), ec);
  return !ec && addr.is_loopback();
}

ApiResult<WebhookUrl> parse_webhook_url(std::string_view text) {
  if (text.empty()) return bad_url("must not be empty");
  if (text.size() > kMaxUrlBytes) return bad_url("is longer than 2048 bytes");
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) return bad_url("is not a valid absolute URL");
  const boost::urls::url_view u = *parsed;
  WebhookUrl out;
  const std::string scheme = u.scheme();
  if (scheme == "https") {
    out.tls = true;
  } else if (scheme == "http") {
    out.tls = false;
  } else {
    return bad_url("must be an http or https URL");
  }
  if (u.has_userinfo()) return bad_url("must not carry a user name or password");
  if (u.has_fragment()) return bad_url("must not have a fragment");
  out.host = u.host_address();  // IPv6 without brackets
  if (out.host.empty()) return bad_url("has no host");
  if (!out.tls && !is_loopback_host(out.host)) {
    return bad_url("must be https (plain http only to a loopback receiver)");
  }
  const std::string default_port = out.tls ? "443" : "80";
  out.port = default_port;
  if (u.has_port()) {
    // Boost.URL keeps any digits; a TCP port is 1..65535.
    const std::string port(u.port());
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value < 1 ||
        value > 65535) {
      return bad_url("has an invalid port");
    }
    out.port = port;
  }
  out.target = u.encoded_path().empty() ? "/" : std::string(u.encoded_path());
  if (u.has_query()) out.target += "?" + std::string(u.encoded_query());
  out.host_header = u.encoded_host_and_port();
  if (out.port == default_port) out.host_header = u.encoded_host();
  return out;
}

}  // namespace va::api
