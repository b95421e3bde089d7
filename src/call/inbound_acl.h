// InboundAcl: which source addresses may start calls with us (a source-address ACL).
// A list of addresses and CIDR blocks, IPv4 and IPv6; an IPv4-mapped IPv6 source is matched
// as IPv4. An empty list admits everyone (the caller decides whether that is acceptable).
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace va::call {

class InboundAcl {
 public:
  // "192.0.2.10, 10.0.0.0/8, 2001:db8::/32": entries separated by commas or spaces. An entry
  // that is not an address or has a bad prefix length is an error naming it.
  static core::Result<InboundAcl> parse(std::string_view text, std::string* bad_entry = nullptr);

  bool admits(const boost::asio::ip::address& source) const;
  bool empty() const { return blocks_.empty(); }
  std::string to_string() const;

 private:
  struct Block {
    boost::asio::ip::address network;
    unsigned prefix = 0;
  };
  std::vector<Block> blocks_;
};

}  // namespace va::call
