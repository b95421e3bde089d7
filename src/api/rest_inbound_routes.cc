// RestApi: inbound routes, the dialled number (DID) -> owner (+ campaign agent config) table
// that CallManager consults for every INVITE (`voiceagent routes` on the CLI).
//   A route is named by its number, the table's key: /api/inbound-routes/{number}, with the
//   number percent-encoded ("%2B4930123") and normalized as on the CLI (crm::normalize_number).
//   Seeing follows the owner scope (routes of others are 404); adding and removing needs an
//   admin or the superadmin (403 for agents), and the owner must be within the caller's users.
//   A number is one line however many tenants there are, so a taken number is 409 for anyone.
#include <boost/json.hpp>

#include "api/bodies.h"
#include "api/rest_api.h"
#include "api/scoped_lookup.h"
#include "api/views.h"
#include "crm/access.h"
#include "crm/errc.h"
#include "crm/phone_number.h"

namespace va::api {
namespace {

bool manages_inbound_routes(const crm::User& actor) {
  return actor.role != crm::Role::Agent;
}

// The route {number} names, if the actor may see it; 404 otherwise (also for a path segment
// that is not a number at all: no route can have it).
ApiResult<crm::InboundRoute> visible_inbound_route(crm::Store& s, const RequestContext& ctx) {
  const ApiError missing{404, "not_found", "inbound route not found"};
  auto number = crm::normalize_number(ctx.param);
  if (!number) return missing;
  auto route = s.find_inbound_route(*number);
  if (!route) {
    if (route.error() == crm::Errc::NotFound) return missing;
    return from_crm(route.error(), "inbound route");
  }
  if (!crm::in_scope(ctx.scope, route->owner_id)) return missing;
  return *route;
}

// The owner and campaign of a new route: the owner a real user within the caller's scope,
// the campaign (if any) one of that owner's, as the CLI requires.
ApiResult<void> check_new_inbound_route(crm::Store& s, const RequestContext& ctx,
                                        crm::InboundRoute& r) {
  auto owner = owner_for(ctx, r.owner_id);
  if (!owner) return owner.error();
  r.owner_id = *owner;
  if (auto u = s.get_user(r.owner_id); !u) {
    if (u.error() != crm::Errc::NotFound) return from_crm(u.error(), "user");
    return ApiError{422, "invalid_field", "field 'owner_id' is not a user"};
  }
  if (r.campaign_id != 0) {
    auto c = s.get_campaign(r.campaign_id);
    if (!c && c.error() != crm::Errc::NotFound) return from_crm(c.error(), "campaign");
    if (!c || c->owner_id != r.owner_id) {
      return ApiError{422, "invalid_field",
                      "field 'campaign_id' must be one of the owner's campaigns"};
    }
  }
  return {};
}

}  // namespace

void RestApi::add_inbound_route_routes() {
  auto& s = deps_.store;
  router_.add({"GET", "/api/inbound-routes", "Inbound routes (dialled number -> user) in scope",
               true, [&s](RequestContext& ctx) {
                 auto routes = s.list_inbound_routes(ctx.scope);
                 if (!routes) return error_response(from_crm(routes.error(), "inbound routes"));
                 boost::json::array items;
                 for (const auto& r : *routes)
                   items.push_back(inbound_route_view(r));
                 return json_response(200, boost::json::object{{"items", std::move(items)}});
               }});
  router_.add({"POST", "/api/inbound-routes",
               "Route a dialled number to a user {number, owner_id?, campaign_id?} (admins)", true,
               [&s](RequestContext& ctx) {
                 if (!manages_inbound_routes(ctx.actor)) {
                   return error_response({403, "forbidden", "only admins manage inbound routes"});
                 }
                 VA_TRY_RESP(route, parse_inbound_route(ctx.req->body));
                 if (auto ok = check_new_inbound_route(s, ctx, *route); !ok)
                   return error_response(ok.error());
                 if (auto added = s.create_inbound_route(*route); !added) {
                   if (added.error() == crm::Errc::Conflict) {
                     return error_response(
                         {409, "conflict", route->number + " already has an inbound route"});
                   }
                   return error_response(from_crm(added.error(), "inbound route"));
                 }
                 auto stored = s.find_inbound_route(route->number);
                 if (!stored) return error_response(from_crm(stored.error(), "inbound route"));
                 return json_response(201, inbound_route_view(*stored));
               }});
  router_.add({"GET", "/api/inbound-routes/{number}", "One inbound route (number URL-encoded)",
               true, [&s](RequestContext& ctx) {
                 VA_TRY_RESP(route, visible_inbound_route(s, ctx));
                 return json_response(200, inbound_route_view(*route));
               }});
  router_.add({"DELETE", "/api/inbound-routes/{number}",
               "Remove an inbound route (admins; number URL-encoded)", true,
               [&s](RequestContext& ctx) {
                 VA_TRY_RESP(route, visible_inbound_route(s, ctx));
                 if (!manages_inbound_routes(ctx.actor)) {
                   return error_response({403, "forbidden", "only admins manage inbound routes"});
                 }
                 if (auto r = s.delete_inbound_route(route->number); !r) {
                   return error_response(from_crm(r.error(), "inbound route"));
                 }
                 return json_response(200, boost::json::object{{"ok", true}});
               }});
}

}  // namespace va::api
