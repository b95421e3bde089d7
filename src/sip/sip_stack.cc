// SipStack: start-up, Call-ID sharding of arriving messages, and the orderly stop.
#include "sip/sip_stack.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <future>

namespace va::sip {

SipStackConfig SipStackConfig::from(const core::Config& config) {
  SipStackConfig out;
  out.transport.listen = config.sip.listen;
  out.transport.max_message_bytes = static_cast<std::size_t>(config.sip.max_message_bytes);
  out.transport.server = config.sip.user_agent;
  out.user_agent.user_agent = config.sip.user_agent;
  out.timers.t1 = std::chrono::milliseconds(config.sip.t1_ms);
  out.dns_servers = config.sip.dns_servers;
  out.transport.tls_listen = config.sip.tls_listen;
  out.transport.tls =
      TlsSettings{config.sip.tls_cert_file, config.sip.tls_key_file, config.sip.tls_ca_file};
  out.transport.keepalive.interval = std::chrono::seconds(config.sip.keepalive_s);
  return out;
}

SipStack::PerShard::PerShard(core::Shard& shard, TransportLayer& transport, SipCounters& counters,
                             const SipStackConfig& config)
    : timers(shard.context()),
      layer(TransactionContext{transport, timers, config.timers, counters}),
      user_agent(layer, counters, config.user_agent),
      resolver(std::make_unique<AresResolver>(shard.context(), config.dns_servers)) {
  auto& context = shard.context();
  locator = std::make_unique<SipLocator>(
      *resolver, core::Clock::steady(),
      [&context](std::function<void()> work) { boost::asio::post(context, std::move(work)); });
  layer.set_user(&user_agent);
  layer.set_locator(locator.get());
}

SipStack::SipStack(core::ShardPool& shards, SipStackConfig config)
    : shards_(shards), config_(std::move(config)), io_shard_(shards.size()) {
  transport_ = std::make_unique<TransportLayer>(
      io_shard_.context(), counters_, config_.transport,
      [this](Message message, const TransportAddress& source) {
        core::Shard& shard = shards_.by_key(message.call_id);
        PerShard* target = per_shard_[static_cast<std::size_t>(shard.index())].get();
        boost::asio::post(shard.context(), [target, message = std::move(message), source] {
          target->layer.on_message(message, source);
        });
      });
  for (int i = 0; i < shards_.size(); ++i) {
    per_shard_.push_back(
        std::make_unique<PerShard>(shards_.at(i), *transport_, counters_, config_));
  }
}

void SipStack::set_flow_failed_handler(std::function<void(const TransportAddress&)> handler) {
  boost::asio::post(io_shard_.context(), [this, handler = std::move(handler)]() mutable {
    transport_->set_flow_failed_handler(std::move(handler));
  });
}

SipStack::~SipStack() {
  stop();
}

std::error_code SipStack::start() {
  if (auto ec = transport_->start()) return ec;
  io_shard_.start();
  started_ = true;
  return {};
}

void SipStack::run_on(core::Shard& shard, std::function<void()> work) {
  if (!core::run_on(shard, std::move(work), std::chrono::seconds(5))) {
    spdlog::warn("sip: shard {} did not run its SIP shutdown within 5 s", shard.index());
  }
}

void SipStack::stop() {
  if (!started_) return;
  started_ = false;
  run_on(io_shard_, [this] { transport_->stop_reading(); });
  for (int i = 0; i < shards_.size(); ++i) {
    PerShard* p = per_shard_[static_cast<std::size_t>(i)].get();
    run_on(shards_.at(i), [p] {
      p->layer.clear();
      p->timers.cancel_all();
      p->layer.set_locator(nullptr);
      p->locator.reset();  // before its resolver, which drops the queries in flight
      p->resolver.reset();
    });
  }
  run_on(io_shard_, [this] { transport_->close(); });
  io_shard_.stop();
  spdlog::info("sip stopped: {}", counters_.summary());
}

}  // namespace va::sip
