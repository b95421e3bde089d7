// dns_locator_driver: N RFC 3263 lookups of one SIP URI through the real AresResolver and
// SipLocator on one event loop, against the DNS server the test started (dnsmasq). Prints one
// JSON line: how often each target came first, the DNS questions asked and the cache hits.
//   dns_locator_driver DNS_SERVER URI COUNT   (COUNT at most 100000: the loop is bounded)
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>

#include "core/clock.h"
#include "sip/dns/ares_resolver.h"
#include "sip/dns/sip_locator.h"

namespace {

struct Run {
  va::sip::SipLocator& locator;
  va::sip::Uri uri;
  int remaining;
  std::map<std::string, int> first;
  int failures = 0;

  void next() {
    if (remaining-- <= 0) return;
    locator.locate(uri, [this](va::core::Result<va::sip::SipLocator::Targets> targets) {
      if (targets) {
        ++first[targets->front().to_string()];
      } else {
        ++failures;
      }
      next();
    });
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: dns_locator_driver DNS_SERVER URI COUNT\n");
    return 2;
  }
  const int count = std::stoi(argv[3]);
  auto uri = va::sip::parse_uri(argv[2]);
  if (!uri || count < 1 || count > 100000) {
    std::fprintf(stderr, "bad URI or count\n");
    return 2;
  }
  boost::asio::io_context io;
  va::sip::AresResolver resolver(io, argv[1]);
  va::sip::SipLocator locator(
      resolver, va::core::Clock::steady(),
      [&io](std::function<void()> work) { boost::asio::post(io, std::move(work)); });
  Run run{locator, *uri, count, {}, 0};
  const auto started = std::chrono::steady_clock::now();
  run.next();
  io.run_for(std::chrono::seconds(60));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  std::string counts;
  for (const auto& [target, n] : run.first)
    counts += (counts.empty() ? "\"" : ", \"") + target + "\": " + std::to_string(n);
  std::printf(
      "{\"lookups\": %d, \"first\": {%s}, \"failures\": %d, \"dns_queries_sent\": %llu, "
      "\"cache_hits\": %llu, \"ms\": %lld}\n",
      count - std::max(run.remaining, 0), counts.c_str(), run.failures,
      static_cast<unsigned long long>(resolver.queries_sent()),
      static_cast<unsigned long long>(locator.stats().cache_hits), static_cast<long long>(ms));
  return run.failures == 0 ? 0 : 1;
}
