// Response routing: RFC 3261 18.2.1 / 18.2.2 and RFC 3581 (symmetric response routing).
#include "sip/response_routing.h"

#include <charconv>

namespace va::sip {
namespace {

std::optional<boost::asio::ip::address> ip_literal(std::string_view text) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return address;
}

std::optional<std::uint16_t> port_value(const std::string* text) {
  if (text == nullptr || text->empty()) return std::nullopt;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size() || value == 0 || value > 65535) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(value);
}

}  // namespace

void stamp_received(Via& top, const TransportAddress& source) {
  const std::string source_ip = source.address.to_string();
  const bool wants_rport = top.params.has("rport");
  const auto host = ip_literal(top.host);
  if (wants_rport || !host || *host != source.address) top.params.set("received", source_ip);
  if (wants_rport) top.params.set("rport", std::to_string(source.port));
}

core::Result<TransportAddress> response_destination(const Via& top,
                                                    const TransportAddress& source) {
  const std::uint16_t sent_by_port = top.port.value_or(5060);
  TransportAddress to;
  to.protocol = source.protocol;
  if (is_reliable(source.protocol)) {
    to.address = source.address;
    to.port = sent_by_port;
    to.connection_id = source.connection_id;
    return to;
  }
  if (const std::string* maddr = top.params.get("maddr")) {
    auto address = ip_literal(*maddr);
    if (!address) return std::make_error_code(std::errc::destination_address_required);
    to.address = *address;
    to.port = sent_by_port;
    return to;
  }
  std::optional<boost::asio::ip::address> address;
  if (const std::string* received = top.params.get("received")) address = ip_literal(*received);
  if (!address) address = ip_literal(top.host);
  if (!address) return std::make_error_code(std::errc::destination_address_required);
  to.address = *address;
  to.port = port_value(top.params.get("rport")).value_or(sent_by_port);
  return to;
}

}  // namespace va::sip
