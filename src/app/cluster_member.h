// ClusterMember: this node among several on one PostgreSQL (issue 18). It owns the node's
// drain flag, which the SIP stack (503 to new INVITEs and to OPTIONS, so Kamailio's probing
// takes the node out), the REST API (POST /api/calls refused, /healthz "draining") and the
// dialer (no new claims) all read; the heartbeat (crm::NodeHeartbeat) sets it from the
// database at every beat, where `voiceagent drain` or SIGUSR1 put it. It also hands the nodes
// this node declares dead to its dialer, which takes their `calling` leads back.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <memory>

#include "core/config.h"
#include "sip/sip_stack.h"

namespace va::dialer {
class Dialer;
}

namespace va::app {

class ApiRuntime;

class ClusterMember {
 public:
  // SIGUSR1 on `control` drains this node (waited for from start() to stop()).
  ClusterMember(const core::Config& config, boost::asio::io_context& control);

  std::shared_ptr<const std::atomic<bool>> draining() const { return draining_; }
  // The SIP stack's settings with the drain flag in them.
  sip::SipStackConfig sip_config() const;
  // From now on the heartbeat reports drains and deaths to the API and the dialer.
  void start(ApiRuntime& api, dialer::Dialer& dialer);
  // Before the dialer and the API stop: no report reaches them any more; SIGUSR1 is let go.
  void stop();

 private:
  void on_draining(bool draining);
  void wait_for_drain_signal();

  const core::Config& config_;
  std::shared_ptr<std::atomic<bool>> draining_ = std::make_shared<std::atomic<bool>>(false);
  boost::asio::signal_set drain_signal_;
  ApiRuntime* api_ = nullptr;
  dialer::Dialer* dialer_ = nullptr;
};

}  // namespace va::app
