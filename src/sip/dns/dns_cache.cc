// DnsCache: RRsets and negative answers kept for their TTL (RFC 2181 5.2, RFC 2308 5).
#include "sip/dns/dns_cache.h"

#include <algorithm>
#include <limits>

namespace va::sip {

std::optional<std::vector<DnsRecord>> DnsCache::find(const std::string& name, DnsType type) const {
  auto it = entries_.find({name, type});
  if (it == entries_.end() || it->second.expires <= clock_.now()) return std::nullopt;
  return it->second.records;
}

void DnsCache::store(const std::string& name, DnsType type, std::vector<DnsRecord> records,
                     std::chrono::seconds ttl) {
  ttl = std::min(ttl, kMaxTtl);
  if (ttl.count() <= 0) return;
  const auto now = clock_.now();
  if (entries_.size() >= max_entries_ && !entries_.contains({name, type})) {
    std::erase_if(entries_, [now](const auto& e) { return e.second.expires <= now; });
    if (entries_.size() >= max_entries_) return;  // rule 4
  }
  entries_[{name, type}] = Entry{std::move(records), now + ttl};
}

namespace {

// Rule 1: the name the question's records are owned by, after the answer's CNAME chain.
std::string canonical_name(const DnsAnswer& answer, std::uint32_t& min_ttl) {
  std::string name = answer.question_name;
  for (std::size_t hops = 0; hops < answer.answers.size(); ++hops) {
    auto it = std::find_if(answer.answers.begin(), answer.answers.end(), [&](const DnsRecord& r) {
      return r.type == DnsType::Cname && r.name == name;
    });
    if (it == answer.answers.end()) break;
    min_ttl = std::min(min_ttl, it->ttl);
    name = it->cname;
  }
  return name;
}

std::chrono::seconds negative_ttl(const DnsAnswer& answer) {
  for (const auto& soa : answer.authority) {
    if (soa.type == DnsType::Soa) return std::chrono::seconds(std::min(soa.ttl, soa.soa_minimum));
  }
  return DnsCache::kDefaultNegativeTtl;
}

}  // namespace

std::vector<DnsRecord> DnsCache::store_answer(const DnsAnswer& answer) {
  std::uint32_t min_ttl = std::numeric_limits<std::uint32_t>::max();
  const std::string owner = canonical_name(answer, min_ttl);
  std::vector<DnsRecord> records;
  for (const auto& r : answer.answers) {
    if (r.type != answer.question_type || r.name != owner) continue;
    min_ttl = std::min(min_ttl, r.ttl);
    records.push_back(r);
  }
  const auto ttl = records.empty() ? negative_ttl(answer) : std::chrono::seconds(min_ttl);
  store(answer.question_name, answer.question_type, records, ttl);
  std::map<Key, std::vector<DnsRecord>> glue;  // rule 2
  for (const auto& r : answer.additional) {
    if (r.type == DnsType::A || r.type == DnsType::Aaaa) glue[{r.name, r.type}].push_back(r);
  }
  for (auto& [key, set] : glue) {
    if (find(key.first, key.second)) continue;
    std::uint32_t ttl_s = std::numeric_limits<std::uint32_t>::max();
    for (const auto& r : set)
      ttl_s = std::min(ttl_s, r.ttl);
    store(key.first, key.second, std::move(set), std::chrono::seconds(ttl_s));
  }
  return records;
}

}  // namespace va::sip
