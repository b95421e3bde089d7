// RestApi: the REST endpoints of DESIGN.md over the CRM. handle() is blocking and
// thread-safe; the HTTP server runs it on the DB pool, never on its own I/O thread.
// Authorization is decided for every route here: a route either needs no auth (healthz,
// metrics, openapi, login) or gets the actor and its owner scope before the handler runs;
// objects outside the scope are 404, actions above the actor's role are 403.
#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <mutex>

#include "api/api_error.h"
#include "api/call_control.h"
#include "api/event_hub.h"
#include "api/metrics.h"
#include "api/router.h"
#include "api/static_files.h"
#include "core/mutex.h"
#include "core/work_pool.h"
#include "crm/accounts.h"
#include "crm/auth.h"
#include "crm/key_pool.h"
#include "crm/store.h"

namespace va::api {

struct ApiDeps {
  crm::Store& store;
  crm::Auth& auth;
  crm::Accounts& accounts;
  crm::KeyPool& keys;
  CallControl* calls;  // nullptr: no call layer wired (unit tests); POST /api/calls answers 503
  Metrics& metrics;
  // Long work (greeting previews, CSV imports) runs here (api/long_work.h); nullptr: inline.
  core::WorkPool* work = nullptr;
  std::vector<std::string> trunk_lines = {};  // [[sip.trunk.lines]] names a campaign may use
};

class RestApi {
 public:
  explicit RestApi(ApiDeps deps);
  HttpResponse handle(const HttpRequest& req);
  const Router& router() const { return router_; }
  Metrics& metrics() { return deps_.metrics; }
  // Serves the web UI for GET paths outside /api that no route matches (nullptr: none).
  void set_static_files(const StaticFiles* files) { static_files_ = files; }
  // GET /api/sip/registration: the trunk registration's state as JSON (the SIP layer starts
  // after the API, so it is set later; thread-safe). Unset: {"state": "disabled"}.
  using SipStatusProvider = std::function<boost::json::object()>;
  void set_sip_status(SipStatusProvider provider);
  // Who opens /api/events: bearer, va_session cookie or ?token=; nullopt = not logged in.
  // Blocking (database); thread-safe like handle().
  std::optional<EventViewer> event_viewer(const HttpRequest& req);
  // Marks the session cookie Secure (http.secure_cookie: the UI is served through a TLS
  // proxy). Set before serving.
  void set_secure_cookie(bool secure) { secure_cookie_ = secure; }
  // What /healthz says about calls: `voiceagent serve` answers 503 "starting" until its call
  // layer takes INVITEs and 503 "draining" once it stops taking them, so a load balancer
  // (Kamailio's dispatcher, a script waiting for the start) never sends a call too early.
  // An API built alone (tests, tools) is Ready from the start.
  enum class Readiness { Starting, Ready, Draining };
  void set_readiness(Readiness r) { readiness_.store(r, std::memory_order_relaxed); }
  // Where a start, pause or stop is told (campaign.status on /api/events), so every open
  // campaign view follows it without polling. Set before serving (nullptr: nobody).
  void set_campaign_events(dialer::CampaignEventSink* sink) { campaign_events_ = sink; }
  // POST /api/calls/{id}/analyze calls this after queueing, so the analysis queue looks now
  // rather than at its next poll (thread-safe; empty: the poll finds it).
  void set_analysis_wake(std::function<void()> wake);
  // Called after a webhook re-send is queued (the dispatcher's wake()). Set before serving.
  void set_webhook_wake(std::function<void()> wake) { webhook_wake_ = std::move(wake); }

 private:
  HttpResponse dispatch(const HttpRequest& req);
  void add_meta_routes();
  void add_auth_routes();
  void add_user_routes();
  void add_user_key_route();
  void add_key_routes();
  void add_lead_routes();
  void add_lead_import_route();
  void add_lead_item_routes();
  void add_campaign_routes();
  void add_campaign_run_routes();
  // campaign.status for a start, pause or stop (set_campaign_events).
  void publish_status(const crm::Campaign& c);
  void add_call_routes();
  void add_call_control_routes();
  void add_in_call_routes();
  void add_stats_routes();
  void add_usage_routes();
  void add_inbound_route_routes();
  void add_analysis_routes();
  void wake_analysis();
  void add_webhook_routes();
  void add_webhook_delivery_routes();
  void add_agent_profile_routes();
  void add_cluster_routes();  // rest_cluster.cc

  ApiDeps deps_;
  Router router_;
  const StaticFiles* static_files_ = nullptr;
  bool secure_cookie_ = false;
  std::atomic<Readiness> readiness_{Readiness::Ready};
  dialer::CampaignEventSink* campaign_events_ = nullptr;
  std::function<void()> webhook_wake_;
  core::Mutex sip_status_mu_;
  SipStatusProvider sip_status_ GUARDED_BY(sip_status_mu_);
  core::Mutex analysis_wake_mu_;
  std::function<void()> analysis_wake_ GUARDED_BY(analysis_wake_mu_);
};

// Shared by the route files.
HttpResponse json_response(int status, const boost::json::value& v);
// ?page=&per_page= (1-based, per_page 1..200, default 50).
ApiResult<crm::Page> parse_page(const RequestContext& ctx);
// The owner for a new object: the actor (0), or an owner_id within the actor's scope (else 403).
ApiResult<crm::Id> owner_for(const RequestContext& ctx, crm::Id requested);
// The owners whose agent profiles `actor` may see and use: its scope, and for an agent also
// its admin (profiles belong to admins; their agents use them).
crm::OwnerScope agent_profile_scope(const crm::User& actor, const crm::OwnerScope& scope);
// The profile `id` if the actor may use it; else 422 naming agent_profile_id.
ApiResult<crm::AgentProfile> usable_agent_profile(crm::Store& s, const RequestContext& ctx,
                                                  crm::Id id);

}  // namespace va::api
