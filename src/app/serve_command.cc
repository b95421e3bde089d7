// `voiceagent serve`: wires the modules onto the shards and waits for a stop signal.
#include "app/serve_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <boost/asio/signal_set.hpp>
#include <csignal>

#include "app/api_wiring.h"
#include "core/shard_pool.h"
#include "core/version.h"
#include "sip/sip_stack.h"

namespace va::app {

int run_serve(const core::Config& config) {
  core::ShardPool shards(static_cast<int>(config.shards));
  spdlog::info("voiceagent {} starting: {} shards, sip {}, http {}, db {}", core::kVersion,
               shards.size(), config.sip.listen, config.http.listen, config.database_url());

  // The control loop owns signal handling; stop is requested once, from any signal.
  boost::asio::io_context control;
  boost::asio::signal_set signals(control, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (!ec) spdlog::info("signal {} received: shutting down", sig);
  });

  shards.start();
  sip::SipStack sip_stack(shards, sip::SipStackConfig::from(config));
  if (auto ec = sip_stack.start()) {
    spdlog::error("sip: cannot listen on {}: {}", config.sip.listen, ec.message());
    shards.stop();
    return 1;
  }
  spdlog::info("sip listening on {}", fmt::join(sip_stack.listen_addresses(), " "));
  // Placing calls answers 503 until the call layer (issue 5) provides CallControl.
  ApiRuntime api(config);
  spdlog::info("voiceagent ready");
  control.run();

  // Order matters: the SIP stack drops its transactions on the still-running shards, then
  // closes its sockets; only then do the shards stop.
  api.stop();
  sip_stack.stop();
  shards.stop();
  spdlog::info("voiceagent stopped cleanly");
  return 0;
}

}  // namespace va::app
