// Fuzz target: DNS answer parser (RFC 1035 4.1) and the cache and SRV order fed by it: any
// bytes are refused with a DnsErrc or give records whose invariants hold.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "core/clock.h"
#include "sip/dns/dns_answer_parser.h"
#include "sip/dns/dns_cache.h"
#include "sip/dns/srv_order.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace va::sip;
  auto answer = parse_dns_answer(std::span<const std::uint8_t>(data, size));
  if (!answer) {
    if (answer.error().category() != dns_category()) std::abort();
    return 0;
  }
  if (answer->answers.size() + answer->additional.size() > kMaxDnsRecords) std::abort();
  std::vector<SrvData> srv;
  for (const auto& r : answer->answers) {
    if (r.name.size() > 255) std::abort();
    if (r.type == DnsType::A && !r.address.is_v4()) std::abort();
    if (r.type == DnsType::Aaaa && !r.address.is_v6()) std::abort();
    if (r.ttl > 0x7FFFFFFFU) std::abort();
    if (r.type == DnsType::Srv) srv.push_back(r.srv);
  }
  const auto ordered = order_srv(srv, [] { return 0.5; });
  if (ordered.size() > srv.size()) std::abort();
  for (std::size_t i = 1; i < ordered.size(); ++i) {
    if (ordered[i].priority < ordered[i - 1].priority) std::abort();
  }
  va::core::SimulatedClock clock;
  DnsCache cache(clock, 16);
  cache.store_answer(*answer);
  if (cache.size() > 16) std::abort();
  return 0;
}
