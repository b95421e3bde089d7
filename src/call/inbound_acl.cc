// InboundAcl: prefix matching on the address bytes, so v4 and v6 share one rule.
#include "call/inbound_acl.h"

#include <fmt/format.h>

#include <charconv>

namespace va::call {
namespace {

boost::asio::ip::address normalize(const boost::asio::ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6());
  }
  return a;
}

template <class Bytes>
bool prefix_equal(const Bytes& a, const Bytes& b, unsigned prefix) {
  for (unsigned bit = 0; bit < prefix; bit += 8) {
    const unsigned left = prefix - bit;
    const auto mask = static_cast<std::uint8_t>(left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff);
    if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) return false;
  }
  return true;
}

}  // namespace

core::Result<InboundAcl> InboundAcl::parse(std::string_view text, std::string* bad_entry) {
  InboundAcl acl;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find_first_of(", \t", pos);
    const auto entry =
        text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    if (entry.empty()) continue;
    auto fail = [&]() -> core::Result<InboundAcl> {
      if (bad_entry) *bad_entry = std::string(entry);
      return std::make_error_code(std::errc::invalid_argument);
    };
    const auto slash = entry.find('/');
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(std::string(entry.substr(0, slash)), ec);
    if (ec) return fail();
    address = normalize(address);
    const unsigned max_prefix = address.is_v4() ? 32 : 128;
    unsigned prefix = max_prefix;
    if (slash != std::string_view::npos) {
      const auto digits = entry.substr(slash + 1);
      auto [p, err] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
      if (err != std::errc() || p != digits.data() + digits.size() || digits.empty() ||
          prefix > max_prefix) {
        return fail();
      }
    }
    acl.blocks_.push_back({address, prefix});
  }
  return acl;
}

bool InboundAcl::admits(const boost::asio::ip::address& source) const {
  if (blocks_.empty()) return true;
  const auto from = normalize(source);
  for (const auto& b : blocks_) {
    if (from.is_v4() && b.network.is_v4()) {
      if (prefix_equal(from.to_v4().to_bytes(), b.network.to_v4().to_bytes(), b.prefix)) {
        return true;
      }
    } else if (from.is_v6() && b.network.is_v6()) {
      if (prefix_equal(from.to_v6().to_bytes(), b.network.to_v6().to_bytes(), b.prefix)) {
        return true;
      }
    }
  }
  return false;
}

std::string InboundAcl::to_string() const {
  std::string out;
  for (const auto& b : blocks_) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{}/{}", b.network.to_string(), b.prefix);
  }
  return out;
}

}  // namespace va::call
