// locate_blocking: a private io_context with its own resolver and locator, run until done.
#include "sip/dns/locate_blocking.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "sip/dns/ares_resolver.h"
#include "sip/dns/sip_locator.h"

namespace va::sip {

core::Result<std::vector<TransportAddress>> locate_blocking(const Uri& uri,
                                                            const std::string& dns_servers,
                                                            std::chrono::milliseconds timeout) {
  boost::asio::io_context io;
  AresResolver resolver(io, dns_servers);
  SipLocator locator(resolver, core::Clock::steady(),
                     [&io](std::function<void()> work) { boost::asio::post(io, std::move(work)); });
  core::Result<std::vector<TransportAddress>> out = make_error_code(DnsErrc::Timeout);
  locator.locate(uri, [&](core::Result<std::vector<TransportAddress>> targets) {
    out = std::move(targets);
    io.stop();
  });
  io.run_for(timeout);
  return out;
}

}  // namespace va::sip
