// `voiceagent serve`: wires the modules onto the shards and waits for a stop signal.
#include "app/serve_command.h"

#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <future>
#include <spdlog/spdlog.h>

#include "core/shard_pool.h"
#include "core/version.h"

namespace va::app {

int run_serve(const core::Config& config) {
  core::ShardPool shards(static_cast<int>(config.shards));
  spdlog::info("voiceagent {} starting: {} shards, sip {}, http {}, db {}", core::kVersion,
               shards.size(), config.sip.listen, config.http.listen, config.database_url());

  // The control shard owns signal handling; stop is requested once, from any signal.
  boost::asio::io_context control;
  boost::asio::signal_set signals(control, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (!ec) spdlog::info("signal {} received: shutting down", sig);
  });

  shards.start();
  spdlog::info("voiceagent ready");
  control.run();

  shards.stop();
  spdlog::info("voiceagent stopped cleanly");
  return 0;
}

}  // namespace va::app
