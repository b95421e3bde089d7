// RestApi: routing, authentication, the owner scope, and the unauthenticated meta routes.
#include "api/rest_api.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <charconv>
#include <chrono>

#include "api/long_work.h"
#include "api/openapi.h"
#include "api/web_security.h"
#include "core/mutex.h"
#include "crm/access.h"
#include "crm/errc.h"

namespace va::api {
namespace {

std::string bearer_or_cookie(const HttpRequest& req) {
  constexpr std::string_view kBearer = "Bearer ";
  if (req.authorization.rfind(kBearer, 0) == 0) return req.authorization.substr(kBearer.size());
  return session_from_cookie(req.cookie);
}

}  // namespace

HttpResponse json_response(int status, const boost::json::value& v) {
  HttpResponse r;
  r.status = status;
  r.body = boost::json::serialize(v);
  return r;
}

ApiResult<crm::Page> parse_page(const RequestContext& ctx) {
  crm::Page page;
  auto read = [&](const char* name, std::int64_t lo, std::int64_t hi,
                  std::int64_t& out) -> ApiResult<void> {
    auto it = ctx.query.find(name);
    if (it == ctx.query.end()) return {};
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
    if (ec != std::errc{} || end != it->second.data() + it->second.size() || v < lo || v > hi) {
      return bad_request("invalid_query", std::string("'") + name + "' must be " +
                                              std::to_string(lo) + ".." + std::to_string(hi));
    }
    out = v;
    return {};
  };
  if (auto r = read("page", 1, 1000000, page.page); !r) return r.error();
  if (auto r = read("per_page", 1, 200, page.per_page); !r) return r.error();
  return page;
}

ApiResult<crm::Id> owner_for(const RequestContext& ctx, crm::Id requested) {
  if (requested == 0) return ApiResult<crm::Id>(boost::system::in_place_value, ctx.actor.id);
  if (!crm::in_scope(ctx.scope, requested)) {
    return ApiError{403, "forbidden", "owner_id is outside your users"};
  }
  return ApiResult<crm::Id>(boost::system::in_place_value, requested);
}

RestApi::RestApi(ApiDeps deps) : deps_(deps) {
  add_meta_routes();
  add_auth_routes();
  add_user_routes();
  add_user_key_route();
  add_key_routes();
  add_lead_routes();
  add_lead_import_route();
  add_lead_item_routes();
  add_campaign_routes();
  add_campaign_run_routes();
  add_call_routes();
  add_call_control_routes();
  add_in_call_routes();
  add_stats_routes();
  add_usage_routes();
  add_analysis_routes();
  add_inbound_route_routes();
  add_webhook_routes();
  add_webhook_delivery_routes();
  add_agent_profile_routes();
  add_cluster_routes();
}

HttpResponse RestApi::handle(const HttpRequest& req) {
  const auto start = std::chrono::steady_clock::now();
  HttpResponse resp;
  try {
    resp = dispatch(req);
  } catch (const std::exception& e) {
    spdlog::error("api: {} {} failed: {}", req.method, req.target.substr(0, 200), e.what());
    resp = error_response({500, "internal", "internal error"});
  }
  auto record = [&metrics = deps_.metrics, start](int status) {
    metrics.request(status, std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count());
  };
  if (resp.deferred) {
    // Counted when the deferred work answers, with its status and its whole time.
    resp.deferred = [inner = std::move(resp.deferred), record](HttpResponse::Respond respond) {
      inner([record, respond = std::move(respond)](HttpResponse r) {
        record(r.status);
        respond(std::move(r));
      });
    };
    return resp;
  }
  record(resp.status);
  return resp;
}

HttpResponse RestApi::dispatch(const HttpRequest& req) {
  if (changes_state(req.method)) {
    if (auto refused = check_origin(req)) return error_response(*refused);
  }
  auto outcome = router_.route(req.method, req.target);
  if (!outcome.match) {
    if (outcome.status == 405) {
      auto r = error_response({405, "method_not_allowed", "method not allowed on this path"});
      r.headers.emplace_back("Allow", outcome.allow);
      return r;
    }
    if (static_files_) {
      if (auto r = static_files_->serve(req.method, req.target)) return std::move(*r);
    }
    return error_response({404, "not_found", "no such endpoint"});
  }
  RequestContext ctx;
  ctx.req = &req;
  ctx.id = outcome.match->id;
  ctx.param = std::move(outcome.match->param);
  ctx.query = std::move(outcome.match->query);
  const Route& route = *outcome.match->route;
  if (route.needs_auth) {
    ctx.token = bearer_or_cookie(req);
    if (ctx.token.empty()) return error_response({401, "unauthorized", "login required"});
    auto user = deps_.auth.authenticate(ctx.token);
    if (!user) {
      if (user.error() == crm::Errc::BadCredentials) {
        return error_response({401, "unauthorized", "session expired or invalid"});
      }
      return error_response(from_crm(user.error(), "session"));
    }
    auto scope = crm::scope_of(deps_.store, *user);
    if (!scope) return error_response(from_crm(scope.error(), "scope"));
    ctx.actor = std::move(*user);
    ctx.scope = std::move(*scope);
  }
  return route.handler(ctx);
}

std::optional<EventViewer> RestApi::event_viewer(const HttpRequest& req) {
  try {
    std::string token = bearer_or_cookie(req);
    if (token.empty()) {
      const auto q = req.target.find('?');
      if (q != std::string::npos) {
        auto query = parse_query(std::string_view(req.target).substr(q + 1));
        if (auto it = query.find("token"); it != query.end()) token = it->second;
      }
    }
    if (token.empty()) return std::nullopt;
    auto user = deps_.auth.authenticate(token);
    if (!user) return std::nullopt;
    return EventViewer{user->id, user->role, token, crm::token_hash(token)};
  } catch (const std::exception& e) {
    spdlog::error("api: /api/events authentication failed: {}", e.what());
    return std::nullopt;
  }
}

void RestApi::set_sip_status(SipStatusProvider provider) {
  core::MutexLock lock(sip_status_mu_);
  sip_status_ = std::move(provider);
}

void RestApi::add_meta_routes() {
  router_.add({"GET", "/api/sip/registration", "The trunk registration's state", true,
               [this](RequestContext&) {
                 core::MutexLock lock(sip_status_mu_);
                 if (!sip_status_) {
                   return json_response(200, boost::json::object{{"state", "disabled"}});
                 }
                 return json_response(200, sip_status_());
               }});
  router_.add({"GET", "/healthz", "Readiness (calls taken) and database check", false,
               [this](RequestContext&) {
                 switch (readiness_.load(std::memory_order_relaxed)) {
                   case Readiness::Starting:
                     return error_response({503, "starting", "not taking calls yet"});
                   case Readiness::Draining:
                     return error_response({503, "draining", "shutting down"});
                   case Readiness::Ready:
                     break;
                 }
                 auto v = deps_.store.schema_version();
                 if (!v) return error_response({503, "db_unavailable", "database unavailable"});
                 return json_response(200, boost::json::object{{"status", "ok"},
                                                               {"db", deps_.store.backend()},
                                                               {"schema_version", *v}});
               }});
  router_.add({"GET", "/metrics", "Prometheus metrics", false, [this](RequestContext&) {
                 HttpResponse r;
                 r.content_type = "text/plain; version=0.0.4";
                 r.body = deps_.metrics.render();
                 if (deps_.work) r.body += work_metrics(deps_.work->stats());
                 return r;
               }});
  router_.add({"GET", "/api/openapi.json", "This OpenAPI 3 document", false,
               [this](RequestContext&) { return json_response(200, openapi_document(router_)); }});
}

}  // namespace va::api
