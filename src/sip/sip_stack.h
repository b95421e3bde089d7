// SipStack: the SIP layers wired onto the shards (DESIGN.md "Threads"): the transports read
// on their own io thread and post each message to the shard owning its Call-ID, where that
// shard's TransactionLayer and UserAgentCore handle it without locks.
#pragma once

#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "core/config.h"
#include "core/shard.h"
#include "core/shard_pool.h"
#include "sip/asio_timer_service.h"
#include "sip/dns/ares_resolver.h"
#include "sip/dns/sip_locator.h"
#include "sip/sip_counters.h"
#include "sip/timer_config.h"
#include "sip/transaction_layer.h"
#include "sip/transport_layer.h"
#include "sip/user_agent_core.h"

namespace va::sip {

struct SipStackConfig {
  TransportConfig transport;
  TimerConfig timers;
  UserAgentConfig user_agent;
  // sip.dns_servers: "ip[:port],..." for RFC 3263 lookups; "" = the system's resolv.conf.
  std::string dns_servers;

  static SipStackConfig from(const core::Config& config);
};

class SipStack {
 public:
  SipStack(core::ShardPool& shards, SipStackConfig config);
  ~SipStack();
  SipStack(const SipStack&) = delete;
  SipStack& operator=(const SipStack&) = delete;

  // Binds the sockets and starts the io thread; an error if the address cannot be bound.
  std::error_code start();
  // Orderly stop: stop reading, drop every transaction and timer on its shard, close the
  // sockets, join the io thread. The shards must still be running; safe to call twice.
  void stop();

  const SipCounters& counters() const { return counters_; }
  std::vector<std::string> listen_addresses() const { return transport_->listen_addresses(); }
  // The bound SIP port (after start(); sip.listen may have asked for port 0).
  std::uint16_t port() const { return transport_->port(); }
  // The bound TLS listener port (0 = no listener).
  std::uint16_t tls_port() const { return transport_->tls_endpoint().port(); }
  // `handler` runs (on the transport thread) when a TLS flow we opened loses its keep-alive
  // (tls_connection.h rule 4); any thread.
  void set_flow_failed_handler(std::function<void(const TransportAddress&)> handler);
  // Why start() failed, in one line naming the config key.
  const std::string& start_error() const { return transport_->start_error(); }
  TransportLayer& transport() { return *transport_; }
  // Per-shard layers, for the call layer's hooks. Touch them only on that shard.
  TransactionLayer& transaction_layer(int shard) { return per_shard_.at(shard)->layer; }
  UserAgentCore& user_agent(int shard) { return per_shard_.at(shard)->user_agent; }
  // The shard's SIP timers and the timer base values (the dialog layer's 2xx resends and
  // session timers run on them).
  TimerService& timers(int shard) { return per_shard_.at(shard)->timers; }
  const TimerConfig& timer_config() const { return config_.timers; }
  // The shard's RFC 3263 locator (its DNS cache and statistics). Touch it only on that shard.
  SipLocator& locator(int shard) { return *per_shard_.at(shard)->locator; }

 private:
  struct PerShard {
    PerShard(core::Shard& shard, TransportLayer& transport, SipCounters& counters,
             const SipStackConfig& config);
    AsioTimerService timers;
    TransactionLayer layer;
    UserAgentCore user_agent;
    // One resolver and locator per shard, on the shard's event loop: no locks (DESIGN.md).
    std::unique_ptr<AresResolver> resolver;
    std::unique_ptr<SipLocator> locator;
  };

  // Runs `work` on `shard` and waits (bounded) for it to finish.
  static void run_on(core::Shard& shard, std::function<void()> work);

  core::ShardPool& shards_;
  SipStackConfig config_;
  SipCounters counters_;
  core::Shard io_shard_;
  std::unique_ptr<TransportLayer> transport_;
  std::vector<std::unique_ptr<PerShard>> per_shard_;
  bool started_ = false;
};

}  // namespace va::sip
