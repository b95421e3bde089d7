// DnsCache: one shard's cache of DNS RRsets by (name, type), each kept for its TTL (RFC 1035
// 3.2.1, RFC 2181 5.2: the smallest TTL of the set), and of negative answers (RFC 2308 5).
//
// Rules:
//  1. store_answer() keeps the records of the question's type under the question's name (after
//     any CNAME in the answer), for the smallest TTL among them and the CNAMEs; TTL 0 is not
//     kept. No such record (NXDOMAIN or NODATA) is kept as an empty set for min(SOA TTL, SOA
//     MINIMUM) of the authority's SOA, else for kDefaultNegativeTtl.
//  2. A/AAAA records of the additional section (glue for SRV targets) are kept under their
//     own names when that set is not already cached.
//  3. TTLs are capped at kMaxTtl. An entry is gone once its time is up (find() says so).
//  4. At most max_entries sets: a full cache first drops expired entries, then stores nothing
//     new (lookups still work, they only query more).
// Thread-compatible: one per shard.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "sip/dns/dns_record.h"

namespace va::sip {

class DnsCache {
 public:
  static constexpr std::chrono::seconds kDefaultNegativeTtl{30};
  static constexpr std::chrono::seconds kMaxTtl{86400};

  explicit DnsCache(const core::Clock& clock, std::size_t max_entries = 4096)
      : clock_(clock), max_entries_(max_entries) {}

  // The cached set (empty = a cached negative answer), or nullopt when not cached or expired.
  std::optional<std::vector<DnsRecord>> find(const std::string& name, DnsType type) const;
  // Rules 1 and 2; returns the question's records (whatever their TTL).
  std::vector<DnsRecord> store_answer(const DnsAnswer& answer);
  void store(const std::string& name, DnsType type, std::vector<DnsRecord> records,
             std::chrono::seconds ttl);
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::vector<DnsRecord> records;
    core::Clock::TimePoint expires;
  };
  using Key = std::pair<std::string, DnsType>;

  const core::Clock& clock_;
  std::size_t max_entries_;
  std::map<Key, Entry> entries_;
};

}  // namespace va::sip
