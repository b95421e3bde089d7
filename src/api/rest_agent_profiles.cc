// RestApi: agent profiles (issue 14). Admins (and the superadmin) own and manage them; their
// agents see and use their admin's profiles but change none (403). A profile outside what the
// actor may see is 404 like any object.
//   GET/POST /api/agent-profiles, GET/PATCH/DELETE /api/agent-profiles/{id}.
// DELETE answers 409 while an active or paused campaign uses the profile; campaigns that are
// not running lose the reference (their own agent config stays).
#include <boost/json.hpp>

#include "api/agent_profile_body.h"
#include "api/rest_api.h"
#include "api/scoped_lookup.h"
#include "crm/access.h"
#include "crm/errc.h"

namespace va::api {
namespace {

ApiResult<void> may_manage_profiles(const RequestContext& ctx) {
  if (ctx.actor.role == crm::Role::Agent) {
    return ApiError{403, "forbidden", "only admins manage agent profiles"};
  }
  return {};
}

}  // namespace

crm::OwnerScope agent_profile_scope(const crm::User& actor, const crm::OwnerScope& scope) {
  if (!scope || actor.role != crm::Role::Agent || actor.parent_id == 0) return scope;
  auto widened = *scope;
  widened.push_back(actor.parent_id);
  return widened;
}

ApiResult<crm::AgentProfile> usable_agent_profile(crm::Store& s, const RequestContext& ctx,
                                                  crm::Id id) {
  auto found = s.get_agent_profile(id);
  if (!found || !crm::in_scope(agent_profile_scope(ctx.actor, ctx.scope), found->owner_id)) {
    return ApiError{422, "invalid_field",
                    "field 'agent_profile_id': agent profile " + std::to_string(id) + " not found"};
  }
  return std::move(*found);
}

void RestApi::add_agent_profile_routes() {
  auto& s = deps_.store;
  router_.add({"GET", "/api/agent-profiles",
               "Agent profiles the actor may use (an agent: its admin's)", true,
               [&s](RequestContext& ctx) {
                 auto list = s.list_agent_profiles(agent_profile_scope(ctx.actor, ctx.scope));
                 if (!list) return error_response(from_crm(list.error(), "agent profiles"));
                 boost::json::array items;
                 for (const auto& p : *list)
                   items.push_back(agent_profile_view(p));
                 return json_response(200, boost::json::object{{"items", std::move(items)}});
               }});
  router_.add({"POST", "/api/agent-profiles",
               "Create an agent profile {name, company?, objective?, offer?, objections?, "
               "voice?, language? (tag or auto), greeting?, extraction_schema?, provider?} "
               "(admins)",
               true, [&s](RequestContext& ctx) {
                 if (auto ok = may_manage_profiles(ctx); !ok) return error_response(ok.error());
                 crm::AgentProfile p;
                 p.owner_id = ctx.actor.id;
                 VA_TRY_RESP(parsed, parse_agent_profile(ctx.req->body, p, true));
                 auto id = s.create_agent_profile(*parsed);
                 if (!id) return error_response(from_crm(id.error(), "agent profile"));
                 auto stored = s.get_agent_profile(*id);
                 if (!stored) return error_response(from_crm(stored.error(), "agent profile"));
                 return json_response(201, agent_profile_view(*stored));
               }});
  router_.add(
      {"GET", "/api/agent-profiles/{id}", "One agent profile", true, [&s](RequestContext& ctx) {
         VA_TRY_RESP(p,
                     in_scope_or_404(s.get_agent_profile(ctx.id),
                                     agent_profile_scope(ctx.actor, ctx.scope), "agent profile"));
         return json_response(200, agent_profile_view(*p));
       }});
  router_.add({"PATCH", "/api/agent-profiles/{id}", "Change an agent profile (any field)", true,
               [&s](RequestContext& ctx) {
                 VA_TRY_RESP(p, in_scope_or_404(s.get_agent_profile(ctx.id),
                                                agent_profile_scope(ctx.actor, ctx.scope),
                                                "agent profile"));
                 if (auto ok = may_manage_profiles(ctx); !ok) return error_response(ok.error());
                 VA_TRY_RESP(parsed, parse_agent_profile(ctx.req->body, *p, false));
                 if (auto r = s.update_agent_profile(*parsed); !r) {
                   return error_response(from_crm(r.error(), "agent profile"));
                 }
                 auto stored = s.get_agent_profile(p->id);
                 if (!stored) return error_response(from_crm(stored.error(), "agent profile"));
                 return json_response(200, agent_profile_view(*stored));
               }});
  router_.add({"DELETE", "/api/agent-profiles/{id}",
               "Delete an agent profile (409 while a running campaign uses it)", true,
               [&s](RequestContext& ctx) {
                 VA_TRY_RESP(p, in_scope_or_404(s.get_agent_profile(ctx.id),
                                                agent_profile_scope(ctx.actor, ctx.scope),
                                                "agent profile"));
                 if (auto ok = may_manage_profiles(ctx); !ok) return error_response(ok.error());
                 if (auto r = s.delete_agent_profile(p->id); !r) {
                   if (r.error() == crm::Errc::Conflict) {
                     return error_response({409, "in_use",
                                            "agent profile is used by an active or paused "
                                            "campaign; stop it or pick another profile for it "
                                            "first"});
                   }
                   return error_response(from_crm(r.error(), "agent profile"));
                 }
                 return json_response(200, boost::json::object{{"ok", true}});
               }});
}

}  // namespace va::api
