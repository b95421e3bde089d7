// ClusterMember: the drain flag's readers, set from the heartbeat's thread; dead nodes' leads.
#include "app/cluster_member.h"

#include <spdlog/spdlog.h>

#include <csignal>

#include "app/api_runtime.h"
#include "app/event_relay.h"
#include "crm/node_heartbeat.h"
#include "dialer/dialer.h"

namespace va::app {

ClusterMember::ClusterMember(const core::Config& config, boost::asio::io_context& control)
    : config_(config), drain_signal_(control, SIGUSR1) {}

sip::SipStackConfig ClusterMember::sip_config() const {
  auto out = sip::SipStackConfig::from(config_);
  out.user_agent.draining = draining_;
  return out;
}

void ClusterMember::start(ApiRuntime& api, dialer::Dialer& dialer) {
  api_ = &api;
  dialer_ = &dialer;
  crm::ClusterDuties duties;
  duties.dead_after = std::chrono::seconds(config_.node_dead_after_s);
  duties.on_draining = [this](bool draining) { on_draining(draining); };
  duties.on_dead = [this](const crm::DeadNode& dead) {
    dialer_->recover_node(dead.name);
    api_->event_sink().publish_interrupted(api_->store(), dead.interrupted);
  };
  api.set_cluster_duties(std::move(duties));
  wait_for_drain_signal();
}

void ClusterMember::stop() {
  if (api_) api_->set_cluster_duties({});
  boost::system::error_code ignored;
  drain_signal_.cancel(ignored);
}

void ClusterMember::on_draining(bool draining) {
  if (draining_->exchange(draining) == draining) return;
  spdlog::warn(
      "node {}: {}", config_.node_name,
      draining ? "draining: no new calls, the calls up go on" : "drain lifted: taking calls again");
  dialer_->set_draining(draining);
  api_->set_taking_calls(!draining);
}

void ClusterMember::wait_for_drain_signal() {
  drain_signal_.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    spdlog::info("node {}: SIGUSR1: draining", config_.node_name);
    if (auto r = api_->drain_this_node(); !r)
      spdlog::warn("node {}: drain not recorded: {}", config_.node_name, r.error().message());
    wait_for_drain_signal();
  });
}

}  // namespace va::app
