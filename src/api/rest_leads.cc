// RestApi: leads (CRUD, search, pagination, CSV import) and campaigns with their leads.
// Objects outside the actor's owner scope are 404 whatever the method, so nobody learns
// that another tenant's id exists.
#include <boost/json.hpp>

#include "api/bodies.h"
#include "api/lead_import.h"
#include "api/long_work.h"
#include "api/rest_api.h"
#include "api/scoped_lookup.h"
#include "api/views.h"
#include "crm/access.h"

namespace va::api {
namespace {

template <class T>
boost::json::object paged(const crm::Paged<T>& p, const crm::Page& page,
                          boost::json::value (*view)(const T&)) {
  boost::json::array items;
  for (const auto& x : p.items)
    items.push_back(view(x));
  return {{"items", std::move(items)},
          {"page", page.page},
          {"per_page", page.per_page},
          {"total", p.total}};
}

// POST /api/leads/import's work: parse every row, store all or none.
HttpResponse import_csv(crm::Store& s, const std::string& body, crm::Id owner) {
  VA_TRY_RESP(plan, plan_import(body, owner));
  if (!plan->errors.empty()) {
    boost::json::array rows;
    for (const auto& e : plan->errors) {
      rows.push_back(boost::json::object{{"row", e.row}, {"line", e.line}, {"message", e.message}});
    }
    return json_response(
        422, boost::json::object{{"error",
                                  {{"code", "invalid_rows"},
                                   {"message", std::to_string(plan->errors.size()) +
                                                   " invalid rows; nothing was imported"},
                                   {"rows", std::move(rows)}}}});
  }
  auto ids = s.import_leads(plan->leads);
  if (!ids) return error_response(from_crm(ids.error(), "lead"));
  boost::json::array out(ids->begin(), ids->end());
  return json_response(201,
                       boost::json::object{{"imported", ids->size()}, {"ids", std::move(out)}});
}

}  // namespace

void RestApi::add_lead_routes() {
  auto& s = deps_.store;
  router_.add({"GET", "/api/leads", "Leads, filtered by ?q= and ?status=, paged", true,
               [&s](RequestContext& ctx) {
                 VA_TRY_RESP(page, parse_page(ctx));
                 crm::LeadQuery q;
                 q.owners = ctx.scope;
                 q.page = *page;
                 q.q = ctx.query.count("q") ? ctx.query["q"] : "";
                 q.status = ctx.query.count("status") ? ctx.query["status"] : "";
                 if (q.q.size() > 200)
                   return error_response(bad_request("invalid_query", "q is too long"));
                 if (!q.status.empty() && !valid_lead_status(q.status)) {
                   return error_response(bad_request("invalid_query", "unknown status"));
                 }
                 auto leads = s.list_leads(q);
                 if (!leads) return error_response(from_crm(leads.error(), "leads"));
                 return json_response(200, paged<crm::Lead>(*leads, *page, &lead_view));
               }});
  router_.add({"POST", "/api/leads", "Create a lead", true, [&s](RequestContext& ctx) {
                 VA_TRY_RESP(lead, parse_lead(ctx.req->body, crm::Lead{}, true));
                 VA_TRY_RESP(owner, owner_for(ctx, lead->owner_id));
                 lead->owner_id = *owner;
                 auto id = s.create_lead(*lead);
                 if (!id) return error_response(from_crm(id.error(), "lead"));
                 return json_response(201, lead_view(s.get_lead(*id).value()));
               }});
}

void RestApi::add_lead_import_route() {
  auto& s = deps_.store;
  auto* work = deps_.work;
  router_.add({"POST", "/api/leads/import",
               "Import leads from CSV (header: name,phone[,email,company,country,notes,status]); "
               "all rows or none",
               true, [&s, work](RequestContext& ctx) {
                 crm::Id requested = 0;
                 if (auto it = ctx.query.find("owner_id"); it != ctx.query.end()) {
                   requested = std::atoll(it->second.c_str());
                 }
                 VA_TRY_RESP(owner, owner_for(ctx, requested));
                 // Parsing and storing thousands of rows is long work: on the work pool.
                 return run_long_work(work, ctx.actor.id,
                                      [&s, body = ctx.req->body, owner_id = *owner]() {
                                        return import_csv(s, body, owner_id);
                                      });
               }});
}

void RestApi::add_lead_item_routes() {
  auto& s = deps_.store;
  router_.add({"GET", "/api/leads/{id}", "One lead", true, [&s](RequestContext& ctx) {
                 VA_TRY_RESP(lead, in_scope_or_404(s.get_lead(ctx.id), ctx.scope, "lead"));
                 return json_response(200, lead_view(*lead));
               }});
  router_.add({"PATCH", "/api/leads/{id}", "Change a lead", true, [&s](RequestContext& ctx) {
                 VA_TRY_RESP(lead, in_scope_or_404(s.get_lead(ctx.id), ctx.scope, "lead"));
                 VA_TRY_RESP(changed, parse_lead(ctx.req->body, *lead, false));
                 if (auto r = s.update_lead(*changed); !r)
                   return error_response(from_crm(r.error(), "lead"));
                 return json_response(200, lead_view(s.get_lead(ctx.id).value()));
               }});
  router_.add({"DELETE", "/api/leads/{id}", "Delete a lead", true, [&s](RequestContext& ctx) {
                 VA_TRY_RESP(lead, in_scope_or_404(s.get_lead(ctx.id), ctx.scope, "lead"));
                 if (auto r = s.delete_lead(ctx.id); !r)
                   return error_response(from_crm(r.error(), "lead"));
                 return json_response(200, boost::json::object{{"ok", true}});
               }});
}

void RestApi::add_campaign_routes() {
  auto& s = deps_.store;
  const auto& lines = deps_.trunk_lines;
  router_.add({"GET", "/api/campaigns", "Campaigns, paged", true, [&s](RequestContext& ctx) {
                 VA_TRY_RESP(page, parse_page(ctx));
                 auto list = s.list_campaigns(ctx.scope, *page);
                 if (!list) return error_response(from_crm(list.error(), "campaigns"));
                 return json_response(200, paged<crm::Campaign>(*list, *page, &campaign_view));
               }});
  router_.add({"POST", "/api/campaigns", "Create a campaign with its agent config", true,
               [&s, &lines](RequestContext& ctx) {
                 VA_TRY_RESP(c, parse_campaign(ctx.req->body, crm::Campaign{}, true, lines));
                 if (c->agent_profile_id != 0) {
                   VA_TRY_RESP(profile, usable_agent_profile(s, ctx, c->agent_profile_id));
                 }
                 VA_TRY_RESP(owner, owner_for(ctx, c->owner_id));
                 c->owner_id = *owner;
                 auto id = s.create_campaign(*c);
                 if (!id) return error_response(from_crm(id.error(), "campaign"));
                 return json_response(201, campaign_view(s.get_campaign(*id).value()));
               }});
  router_.add({"GET", "/api/campaigns/{id}", "One campaign", true, [&s](RequestContext& ctx) {
                 VA_TRY_RESP(c, in_scope_or_404(s.get_campaign(ctx.id), ctx.scope, "campaign"));
                 return json_response(200, campaign_view(*c));
               }});
  router_.add(
      {"PATCH", "/api/campaigns/{id}", "Change a campaign", true,
       [&s, &lines](RequestContext& ctx) {
         VA_TRY_RESP(c, in_scope_or_404(s.get_campaign(ctx.id), ctx.scope, "campaign"));
         VA_TRY_RESP(changed, parse_campaign(ctx.req->body, *c, false, lines));
         if (changed->agent_profile_id != 0 && changed->agent_profile_id != c->agent_profile_id) {
           VA_TRY_RESP(profile, usable_agent_profile(s, ctx, changed->agent_profile_id));
         }
         if (auto r = s.update_campaign(*changed); !r) {
           return error_response(from_crm(r.error(), "campaign"));
         }
         const auto& a = c->dialing;
         const auto& b = changed->dialing;
         if (a.hours_from_min != b.hours_from_min || a.hours_to_min != b.hours_to_min ||
             a.days != b.days) {
           (void)s.reset_deferred_leads(ctx.id);  // leads waiting for the old hours look again
         }
         return json_response(200, campaign_view(s.get_campaign(ctx.id).value()));
       }});
  router_.add(
      {"DELETE", "/api/campaigns/{id}", "Delete a campaign", true, [&s](RequestContext& ctx) {
         VA_TRY_RESP(c, in_scope_or_404(s.get_campaign(ctx.id), ctx.scope, "campaign"));
         if (auto r = s.delete_campaign(ctx.id); !r) {
           return error_response(from_crm(r.error(), "campaign"));
         }
         return json_response(200, boost::json::object{{"ok", true}});
       }});
  router_.add({"PUT", "/api/campaigns/{id}/leads", "Replace a campaign's leads {lead_ids}", true,
               [&s](RequestContext& ctx) {
                 VA_TRY_RESP(c, in_scope_or_404(s.get_campaign(ctx.id), ctx.scope, "campaign"));
                 VA_TRY_RESP(ids, parse_lead_ids(ctx.req->body));
                 for (auto id : *ids) {
                   auto lead = s.get_lead(id);
                   if (!lead || !crm::in_scope(ctx.scope, lead->owner_id)) {
                     return error_response(
                         {422, "invalid_field", "lead " + std::to_string(id) + " not found"});
                   }
                 }
                 if (auto r = s.set_campaign_leads(ctx.id, *ids); !r) {
                   return error_response(from_crm(r.error(), "campaign leads"));
                 }
                 return json_response(200, campaign_view(s.get_campaign(ctx.id).value()));
               }});
}

}  // namespace va::api
