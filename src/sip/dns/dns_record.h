// DnsRecord / DnsAnswer: the resource records RFC 3263 needs (A, AAAA, SRV, NAPTR, CNAME, SOA)
// with their TTLs, as our parser reads them off the wire (RFC 1035 4.1, RFC 2782, RFC 3403).
#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace va::sip {

enum class DnsType : std::uint16_t {
  A = 1,
  Cname = 5,
  Soa = 6,
  Aaaa = 28,
  Srv = 33,
  Naptr = 35,
  Opt = 41,
};

// "A", "SRV", ... ("TYPE<n>" for others).
std::string to_string(DnsType type);

struct SrvData {  // RFC 2782
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
  std::uint16_t port = 0;
  std::string target;  // "." (empty after parsing) = the service is not offered
};

struct NaptrData {  // RFC 3403 4.1
  std::uint16_t order = 0;
  std::uint16_t preference = 0;
  std::string flags;     // lower-cased, e.g. "s"
  std::string services;  // e.g. "SIP+D2U" (case kept; compare case-insensitively)
  std::string regexp;
  std::string replacement;  // a domain name; empty = "."
};

// One resource record. Names are lower-case without the trailing dot ("" = the root).
struct DnsRecord {
  std::string name;
  DnsType type = DnsType::A;
  std::uint32_t ttl = 0;             // seconds (RFC 2181 8: a value with the top bit set is 0)
  boost::asio::ip::address address;  // A, AAAA
  SrvData srv;                       // SRV
  NaptrData naptr;                   // NAPTR
  std::string cname;                 // CNAME
  std::uint32_t soa_minimum = 0;     // SOA: the negative-caching TTL (RFC 2308 4)
};

struct DnsAnswer {
  std::uint16_t id = 0;
  int rcode = 0;  // 0 NOERROR, 3 NXDOMAIN (others are refused by the resolver as failures)
  std::string question_name;
  DnsType question_type = DnsType::A;
  std::vector<DnsRecord> answers;
  std::vector<DnsRecord> authority;   // SOA kept (negative TTL); others are skipped
  std::vector<DnsRecord> additional;  // A/AAAA glue of SRV targets, when the server adds it
};

}  // namespace va::sip
