// SipLocator: RFC 3263 section 4 for the UAC: the ordered list of transport addresses to try
// for a SIP URI, from NAPTR, SRV and A/AAAA records, through a per-shard TTL cache.
//
// Rules (for a sip: or sips: URI; a sips: URI, or ;transport=tls, means TLS, whose default
// port is 5061; every TLS target carries the URI's host as the name its certificate must
// show, RFC 5922 4.2, not the SRV target's):
//  1. A numeric host (or "localhost" = 127.0.0.1): that address, the URI's port or 5060, its
//     transport param or UDP. No DNS.
//  2. An explicit port: A records of the host (AAAA only when it has no A), that port.
//  3. A transport param without a port: SRV _sip._udp/_sip._tcp/_sips._tcp.<host>; none:
//     rule 5.
//  4. Neither: NAPTR of the host, the records with flag "s" and service SIP+D2U or SIP+D2T,
//     by order then preference; each one's replacement is looked up as SRV (transport from the
//     service; SIPS+D2T is TLS, taken for sips: URIs only). No usable NAPTR: SRV
//     _sip._udp.<host>, then _sip._tcp.<host>. No SRV: rule 5. A sips: URI takes only
//     SIPS+D2T and falls back to SRV _sips._tcp, then A/AAAA on 5061.
//  5. A/AAAA of the host, port 5060 (5061 for TLS), the URI's transport or UDP.
//  6. SRV targets go in RFC 2782 order (order_srv: priority, then a weighted draw per lookup,
//     so load spreads by weight), each expanded to its addresses (rule 2's A-then-AAAA);
//     duplicates are dropped. The list is the failover order of the request.
//  7. Every question goes through the DnsCache first; a question already in flight is not
//     asked twice (its waiters share the answer). A failed NAPTR or SRV question counts as
//     "none" (the next rule is tried); if nothing is found at all, the first error, else
//     NoTargets.
//  8. `done` is called exactly once, on the shard, never from inside locate().
// Thread-compatible: one per shard, with that shard's DnsQuerier.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "sip/dns/dns_cache.h"
#include "sip/dns/dns_errc.h"
#include "sip/dns/dns_querier.h"
#include "sip/transport_address.h"
#include "sip/uri.h"

namespace va::sip {

struct LocatorStats {
  std::uint64_t lookups = 0;     // locate() calls that needed DNS
  std::uint64_t questions = 0;   // questions asked to the querier (cache misses)
  std::uint64_t cache_hits = 0;  // questions answered by the cache
  std::uint64_t failures = 0;    // lookups that ended with an error
};

class SipLocator {
 public:
  using Targets = std::vector<TransportAddress>;
  using Done = std::function<void(core::Result<Targets>)>;
  using Post = std::function<void(std::function<void()>)>;

  // `post` runs work later on the shard (rule 8); `random_unit` in [0, 1) for the weighted
  // draw (default: a per-thread engine).
  SipLocator(DnsQuerier& dns, const core::Clock& clock, Post post,
             std::function<double()> random_unit = {});
  ~SipLocator();
  SipLocator(const SipLocator&) = delete;
  SipLocator& operator=(const SipLocator&) = delete;

  void locate(const Uri& uri, Done done);

  const LocatorStats& stats() const { return stats_; }
  const DnsCache& cache() const { return cache_; }

 private:
  struct Lookup;
  using Records = core::Result<std::vector<DnsRecord>>;
  using RecordsDone = std::function<void(Records)>;

  void fetch(const std::string& name, DnsType type, RecordsDone done);
  void on_answer(const std::string& name, DnsType type, core::Result<DnsAnswer> answer);
  void addresses(std::shared_ptr<Lookup> lookup, std::string host, std::uint16_t port,
                 TransportProtocol protocol, std::function<void()> next);
  void srv(std::shared_ptr<Lookup> lookup, std::string name, TransportProtocol protocol,
           std::function<void()> next);
  void srv_targets(std::shared_ptr<Lookup> lookup, std::vector<SrvData> targets, std::size_t index,
                   TransportProtocol protocol, std::function<void()> next);
  void naptr(std::shared_ptr<Lookup> lookup);
  void naptr_services(std::shared_ptr<Lookup> lookup, std::vector<NaptrData> records,
                      std::size_t index);
  void srv_fallback(std::shared_ptr<Lookup> lookup);
  void finish(const std::shared_ptr<Lookup>& lookup);

  DnsQuerier& dns_;
  DnsCache cache_;
  Post post_;
  std::function<double()> random_unit_;
  std::map<std::pair<std::string, DnsType>, std::vector<RecordsDone>> in_flight_;
  LocatorStats stats_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace va::sip
