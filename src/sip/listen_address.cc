// ListenAddress: parsing "host:port" with IPv6 in brackets (RFC 3986 3.2.2 style).
#include "sip/listen_address.h"

#include <charconv>
#include <string>

namespace va::sip {

core::Result<ListenAddress> parse_listen_address(std::string_view text) {
  const auto invalid = std::make_error_code(std::errc::invalid_argument);
  std::string_view host;
  std::string_view port;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos || text.substr(close + 1, 1) != ":") return invalid;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) return invalid;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  boost::system::error_code ec;
  ListenAddress out;
  out.address = boost::asio::ip::make_address(std::string(host), ec);
  if (ec) return invalid;
  unsigned value = 0;
  auto [end, perr] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || perr != std::errc{} || end != port.data() + port.size() || value > 65535) {
    return invalid;
  }
  out.port = static_cast<std::uint16_t>(value);
  return out;
}

}  // namespace va::sip
