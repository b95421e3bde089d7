// ApiRuntime: construction order = dependency order; stop() reverses it.
#include "app/api_runtime.h"

#include <spdlog/spdlog.h>

#include <iostream>
#include <stdexcept>

#include "api/event_hub.h"
#include "api/http_server.h"
#include "api/rest_api.h"
#include "api/static_files.h"
#include "api/webhook_dispatcher.h"
#include "app/cluster_bus.h"
#include "app/cluster_call_control.h"
#include "app/crm_context.h"
#include "app/event_relay.h"
#include "crm/db_pool.h"
#include "crm/errc.h"
#include "crm/node_heartbeat.h"

namespace va::app {
namespace {
std::vector<std::string> line_names(const core::Config& config) {
  std::vector<std::string> out;
  for (const auto& l : config.sip.trunk.lines)
    out.push_back(l.name);
  return out;
}
}  // namespace

namespace {
// One connection per thread of the HTTP and call pools: neither waits for the other's.
constexpr int kConnections = 8;

api::WebhookSettings webhook_settings(const core::Config& config) {
  const auto& w = config.webhooks;
  api::WebhookSettings s;
  s.workers = static_cast<int>(w.workers);
  s.timeout = std::chrono::seconds(w.timeout_s);
  s.first_retry = std::chrono::seconds(w.first_retry_s);
  s.max_retry = std::chrono::seconds(w.max_retry_s);
  s.give_up_after = std::chrono::seconds(w.give_up_after_s);
  return s;
}

// How long POST /api/calls and hangup wait for another node's answer over the bus.
constexpr auto kClusterTimeout = std::chrono::seconds(5);

std::unique_ptr<ClusterCallControl> cluster_calls_over(api::CallControl* calls, crm::Store& store,
                                                       const core::Config& config) {
  if (!calls) return nullptr;
  return std::make_unique<ClusterCallControl>(*calls, store, config.node_name,
                                              std::chrono::seconds(config.node_dead_after_s),
                                              kClusterTimeout);
}

core::WorkPoolLimits work_limits(const core::Config& config) {
  return {static_cast<int>(config.limits.work_threads),
          static_cast<int>(config.limits.work_per_user),
          static_cast<int>(config.limits.work_queue)};
}
}  // namespace

struct ApiRuntime::Impl {
  CrmContext crm;
  crm::Auth auth;
  api::Metrics metrics;
  // POST /api/calls and hangup across nodes; on one node it only hands on to `calls`.
  std::unique_ptr<ClusterCallControl> cluster_calls;
  api::RestApi rest;
  // Three pools, so no kind of work waits behind another: the HTTP handlers' (short store
  // calls), the call layer's database work (planning, records; never behind HTTP), and long
  // work (previews, imports) with its per-user limit.
  crm::DbPool http_pool{4};
  crm::DbPool call_db{4};
  core::WorkPool work;
  crm::NodeHeartbeat heartbeat;
  api::StaticFiles web;
  api::HttpServer server;
  // Declared after the server: destroyed first, after the server stopped delivering to it.
  api::EventHub events;
  // Webhook deliveries: its own threads, fed by the hub's taps (api/webhook_dispatcher.h).
  api::WebhookDispatcher webhooks;
  // Local events: webhooks, the hub and (in a cluster) the other nodes.
  EventRelay relay;
  // Only on PostgreSQL (several nodes may share it); destroyed before the pools it posts to.
  std::unique_ptr<ClusterBus> bus;
  std::uint16_t port = 0;

  Impl(const core::Config& config, api::CallControl* calls)
      : crm(config, kConnections),
        auth(*crm.store, core::Clock::steady(), crm::PasswordCost::interactive()),
        cluster_calls(cluster_calls_over(calls, *crm.store, config)),
        rest(api::ApiDeps{*crm.store, auth, *crm.accounts, *crm.keys, cluster_calls.get(), metrics,
                          &work, line_names(config)}),
        work(work_limits(config)),
        heartbeat(*crm.store, config.node_name, std::chrono::seconds(config.node_heartbeat_s)),
        web(api::resolve_web_root(config.http.web_root)),
        server([this](const api::HttpRequest& r) { return rest.handle(r); }, http_pool),
        events(server.executor()),
        webhooks(*crm.store, webhook_settings(config)),
        relay(events, webhooks) {
    rest.set_static_files(&web);
    rest.set_readiness(api::RestApi::Readiness::Starting);
    rest.set_webhook_wake([this] { webhooks.wake(); });
    rest.set_secure_cookie(config.http.secure_cookie);
    rest.set_campaign_events(&relay);
    server.enable_events(events,
                         [this](const api::HttpRequest& r) { return rest.event_viewer(r); });
    // A logout, password change or deactivation closes that session's /api/events sockets.
    auth.set_session_end_listener([this](const crm::SessionEnd& e) { events.end_sessions(e); });
  }
};

ApiRuntime::ApiRuntime(const core::Config& config, api::CallControl* calls)
    : impl_(std::make_unique<Impl>(config, calls)) {
  auto created = impl_->crm.accounts->bootstrap_superadmin(config.superadmin_password);
  if (!created) throw std::runtime_error("creating superadmin: " + created.error().message());
  if (*created && !(*created)->empty()) {
    // Printed once, on stdout only: the log never carries it.
    std::cout << "voiceagent: created user superadmin with password " << **created << "\n"
              << std::flush;
  }
  // Before the API answers and before the call layer exists: no client ever sees a call the
  // previous process left live, and no new call can race the recovery.
  auto taken = impl_->heartbeat.start();
  if (!taken) throw std::runtime_error("node " + config.node_name + ": " + taken.error().message());
  impl_->webhooks.start();
  auto port = impl_->server.start(config.http.listen);
  if (!port) throw std::runtime_error("http: cannot listen on " + config.http.listen);
  impl_->port = *port;
  // GET /api/cluster/nodes shows where each node's API is.
  const auto colon = config.http.listen.rfind(':');
  impl_->heartbeat.publish_http("http://" + config.http.listen.substr(0, colon) + ":" +
                                std::to_string(*port));
  join_cluster(config);
}

// On PostgreSQL: live events to and from the other nodes, and their commands (a node alone
// on the database listens too; it costs one idle connection).
void ApiRuntime::join_cluster(const core::Config& config) {
  const auto url = config.database_url();
  if (url.rfind("postgres", 0) != 0) return;
  auto& impl = *impl_;
  impl.bus =
      std::make_unique<ClusterBus>(url, config.node_name, impl.events, impl.call_db.executor());
  if (!impl.bus->start()) {
    spdlog::warn("cluster bus: not listening; this node shows and controls only its own calls");
    impl.bus.reset();
    return;
  }
  if (impl.cluster_calls) {
    impl.bus->set_command_handler([calls = impl.cluster_calls.get()](const api::ClusterCommand& c) {
      return calls->command(c);
    });
    impl.cluster_calls->set_bus(impl.bus.get());
  }
  impl.relay.set_cluster(impl.bus.get());
}

ApiRuntime::~ApiRuntime() {
  stop();
}

std::uint16_t ApiRuntime::http_port() const {
  return impl_->port;
}
crm::Store& ApiRuntime::store() {
  return *impl_->crm.store;
}
crm::KeyPool& ApiRuntime::keys() {
  return *impl_->crm.keys;
}

void ApiRuntime::set_sip_status(std::function<boost::json::object()> provider) {
  impl_->rest.set_sip_status(std::move(provider));
}

void ApiRuntime::set_taking_calls(bool taking) {
  impl_->rest.set_readiness(taking ? api::RestApi::Readiness::Ready
                                   : api::RestApi::Readiness::Draining);
}

void ApiRuntime::set_cluster_duties(crm::ClusterDuties duties) {
  impl_->heartbeat.set_cluster_duties(std::move(duties));
}

core::Result<void> ApiRuntime::drain_this_node() {
  auto* cluster = crm::ClusterStore::of(*impl_->crm.store);
  if (!cluster) return crm::Errc::NotFound;
  return cluster->set_node_draining(impl_->heartbeat.node().name, true);
}

void ApiRuntime::set_analysis_wake(std::function<void()> wake) {
  impl_->rest.set_analysis_wake(std::move(wake));
}

void ApiRuntime::set_metrics_source(std::function<std::string()> source) {
  impl_->metrics.set_source(std::move(source));
}

api::EventHub& ApiRuntime::events() {
  return impl_->events;
}

EventRelay& ApiRuntime::event_sink() {
  return impl_->relay;
}

boost::asio::any_io_executor ApiRuntime::db_executor() {
  return impl_->call_db.executor();
}

void ApiRuntime::stop() {
  impl_->server.stop();
  impl_->work.stop();  // runs what was queued; its responses go nowhere now
  impl_->http_pool.stop();
  impl_->call_db.stop();
  // After the pools: a command they still ran could answer; nothing is posted to them now.
  impl_->relay.set_cluster(nullptr);
  if (impl_->cluster_calls) impl_->cluster_calls->set_bus(nullptr);
  if (impl_->bus) impl_->bus->stop();
  // After the call records are written: the last call.ended bodies read them.
  impl_->relay.stop_webhooks();
  impl_->webhooks.stop();
  impl_->heartbeat.stop();  // last: every call's record was written by now
}

}  // namespace va::app
