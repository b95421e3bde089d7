// DnsMessageBuilder: DNS response messages in wire format (RFC 1035 4.1) for the parser and
// locator tests: uncompressed names unless a test writes a pointer itself.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace va::sip::test {

using Bytes = std::vector<std::uint8_t>;

inline void put16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
inline void put32(Bytes& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v >> 16));
  put16(b, static_cast<std::uint16_t>(v));
}
inline Bytes encode_name(std::string_view name) {
  Bytes out;
  while (!name.empty()) {
    const auto dot = name.find('.');
    const auto label = name.substr(0, dot);
    out.push_back(static_cast<std::uint8_t>(label.size()));
    out.insert(out.end(), label.begin(), label.end());
    name = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  }
  out.push_back(0);
  return out;
}
inline void put_text(Bytes& b, std::string_view text) {
  b.push_back(static_cast<std::uint8_t>(text.size()));
  b.insert(b.end(), text.begin(), text.end());
}

inline Bytes rdata_a(std::string_view ip) {
  const auto bytes = boost::asio::ip::make_address_v4(std::string(ip)).to_bytes();
  return Bytes(bytes.begin(), bytes.end());
}
inline Bytes rdata_aaaa(std::string_view ip) {
  const auto bytes = boost::asio::ip::make_address_v6(std::string(ip)).to_bytes();
  return Bytes(bytes.begin(), bytes.end());
}
inline Bytes rdata_srv(std::uint16_t priority, std::uint16_t weight, std::uint16_t port,
                       std::string_view target) {
  Bytes b;
  put16(b, priority);
  put16(b, weight);
  put16(b, port);
  const Bytes name = encode_name(target);
  b.insert(b.end(), name.begin(), name.end());
  return b;
}
inline Bytes rdata_naptr(std::uint16_t order, std::uint16_t preference, std::string_view flags,
                         std::string_view services, std::string_view replacement) {
  Bytes b;
  put16(b, order);
  put16(b, preference);
  put_text(b, flags);
  put_text(b, services);
  put_text(b, "");
  const Bytes name = encode_name(replacement);
  b.insert(b.end(), name.begin(), name.end());
  return b;
}

class DnsMessageBuilder {
 public:
  enum Section { Answer = 0, Authority = 1, Additional = 2 };

  DnsMessageBuilder(std::string_view qname, std::uint16_t qtype, std::uint16_t flags = 0x8180)
      : flags_(flags) {
    question_ = encode_name(qname);
    put16(question_, qtype);
    put16(question_, 1);
  }
  DnsMessageBuilder& add(Section s, std::string_view name, std::uint16_t type, std::uint32_t ttl,
                         const Bytes& rdata) {
    Bytes& b = records_[s];
    const Bytes n = encode_name(name);
    b.insert(b.end(), n.begin(), n.end());
    put16(b, type);
    put16(b, 1);
    put32(b, ttl);
    put16(b, static_cast<std::uint16_t>(rdata.size()));
    b.insert(b.end(), rdata.begin(), rdata.end());
    ++counts_[s];
    return *this;
  }
  Bytes bytes() const {
    Bytes b;
    put16(b, 0x1234);
    put16(b, flags_);
    put16(b, 1);
    for (int c : counts_)
      put16(b, static_cast<std::uint16_t>(c));
    b.insert(b.end(), question_.begin(), question_.end());
    for (const Bytes& r : records_)
      b.insert(b.end(), r.begin(), r.end());
    return b;
  }

 private:
  std::uint16_t flags_;
  Bytes question_;
  Bytes records_[3];
  int counts_[3] = {0, 0, 0};
};

}  // namespace va::sip::test
