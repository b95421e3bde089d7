// ListenAddress: the "host:port" of sip.listen ("0.0.0.0:5060", "[::1]:5070", "127.0.0.1:0").
#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <string_view>

#include "core/result.h"

namespace va::sip {

struct ListenAddress {
  boost::asio::ip::address address;
  std::uint16_t port = 0;  // 0 = any free port (the same one for UDP and TCP)
};

// IP literals only (IPv6 in brackets); a host name or a missing port is an error.
core::Result<ListenAddress> parse_listen_address(std::string_view text);

}  // namespace va::sip
