// ApiRuntime: the CRM and REST API inside `voiceagent serve`: opens the database and the
// master key, creates the first superadmin, takes this node over (crm::NodeHeartbeat: the
// calls a crashed previous process left live are closed as interrupted, then the heartbeat
// runs), starts the DB pool and the HTTP server on config.http.listen. Construct it after the
// shards; destroy (or stop()) before them.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <memory>

#include "api/call_control.h"
#include "core/config.h"
#include "crm/key_pool.h"
#include "crm/store.h"

namespace va::api {
class EventHub;
}
namespace va::crm {
struct ClusterDuties;
}

namespace va::app {

class EventRelay;

class ApiRuntime {
 public:
  // Throws std::runtime_error with one clear line (database, master key, listen address).
  // `calls` may be nullptr: POST /api/calls then answers 503 calls_unavailable.
  explicit ApiRuntime(const core::Config& config, api::CallControl* calls = nullptr);
  ~ApiRuntime();

  std::uint16_t http_port() const;
  crm::Store& store();
  crm::KeyPool& keys();  // the call layer resolves a call's key here
  // GET /api/sip/registration answers from this (set once the SIP side runs; {} = disabled).
  void set_sip_status(std::function<boost::json::object()> provider);
  // /healthz answers 503 "starting" until the call layer takes INVITEs (true), and 503
  // "draining" again once it stops (false).
  void set_taking_calls(bool taking);
  // What the heartbeat reports beyond itself (drains, dead nodes); {} stops the reports.
  void set_cluster_duties(crm::ClusterDuties duties);
  // Sets this node's drain flag in the database (read back at the next heartbeat).
  core::Result<void> drain_this_node();
  // POST /api/calls/{id}/analyze wakes the analysis queue through this ({} = none).
  void set_analysis_wake(std::function<void()> wake);
  // More /metrics lines (the call layer's counters); empty removes them.
  void set_metrics_source(std::function<std::string()> source);
  // The viewers of /api/events (this node's and, relayed, the other nodes' events).
  api::EventHub& events();
  // Where the call layer and the dialer publish: webhooks, viewers, the other nodes.
  EventRelay& event_sink();
  // The DB pool: the call layer plans calls and writes their records there.
  boost::asio::any_io_executor db_executor();
  void stop();

 private:
  void join_cluster(const core::Config& config);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace va::app
