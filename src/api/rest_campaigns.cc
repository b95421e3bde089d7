// RestApi: running a campaign (start, pause, stop), its progress and its leads' states. The
// dialer (src/dialer/) reads the status from the store on its next tick; nothing here dials.
#include <boost/json.hpp>

#include "api/campaign_transition.h"
#include "api/rest_api.h"
#include "api/scoped_lookup.h"
#include "api/views.h"
#include "crm/access.h"

namespace va::api {
namespace {

boost::json::object counts(const std::vector<std::pair<std::string, std::int64_t>>& items,
                           std::initializer_list<const char*> always) {
  boost::json::object out;
  for (const char* k : always)
    out[k] = 0;
  for (const auto& [k, n] : items)
    out[k] = n;
  return out;
}

}  // namespace

void RestApi::publish_status(const crm::Campaign& c) {
  if (!campaign_events_) return;
  dialer::CampaignEvent e;
  e.kind = "status";
  e.campaign_id = c.id;
  e.owner_id = c.owner_id;
  if (auto owner = deps_.store.get_user(c.owner_id)) e.owner_parent_id = owner->parent_id;
  e.status = c.status;
  e.waiting_reason = c.waiting_reason;
  campaign_events_->publish_campaign(e);
}

void RestApi::add_campaign_run_routes() {
  auto& s = deps_.store;
  auto* calls = deps_.calls;
  for (const auto& [verb, to] : {std::pair<const char*, const char*>{"start", "active"},
                                 {"pause", "paused"},
                                 {"stop", "stopped"}}) {
    const std::string status = to;
    router_.add({"POST", std::string("/api/campaigns/{id}/") + verb,
                 std::string("Campaign status -> ") + to, true,
                 [this, &s, calls, status](RequestContext& ctx) {
                   VA_TRY_RESP(c, in_scope_or_404(s.get_campaign(ctx.id), ctx.scope, "campaign"));
                   AiCheck ai;
                   if (calls) ai = [calls](const crm::User& u) { return calls->check_ai(u); };
                   if (auto ok = check_campaign_transition(s, ai, *c, status); !ok) {
                     return error_response(ok.error());
                   }
                   if (auto r = s.set_campaign_status(ctx.id, status); !r) {
                     return error_response(from_crm(r.error(), "campaign"));
                   }
                   if (status != "active") (void)s.set_waiting_reason(ctx.id, "");
                   auto changed = s.get_campaign(ctx.id);
                   if (!changed) return error_response(from_crm(changed.error(), "campaign"));
                   publish_status(*changed);
                   return json_response(200, campaign_view(*changed));
                 }});
  }
  router_.add({"GET", "/api/campaigns/{id}/progress",
               "Campaign progress {status, waiting_reason, total, by_state, by_outcome, in_flight, "
               "attempts}",
               true, [&s](RequestContext& ctx) {
                 VA_TRY_RESP(c, in_scope_or_404(s.get_campaign(ctx.id), ctx.scope, "campaign"));
                 auto t = s.campaign_tally(ctx.id);
                 if (!t) return error_response(from_crm(t.error(), "campaign"));
                 auto by_state =
                     counts(t->by_state, {"pending", "calling", "retry_wait", "done", "skipped"});
                 const auto in_flight = by_state["calling"].as_int64();
                 return json_response(
                     200, boost::json::object{
                              {"status", c->status},
                              {"waiting_reason", c->waiting_reason.empty()
                                                     ? boost::json::value(nullptr)
                                                     : boost::json::value(c->waiting_reason)},
                              {"total", t->total},
                              {"by_state", std::move(by_state)},
                              {"by_outcome", counts(t->by_outcome, {})},
                              {"in_flight", in_flight},
                              {"attempts", t->attempts}});
               }});
  router_.add({"GET", "/api/campaigns/{id}/leads", "A campaign's leads with their dialing state",
               true, [&s](RequestContext& ctx) {
                 VA_TRY_RESP(c, in_scope_or_404(s.get_campaign(ctx.id), ctx.scope, "campaign"));
                 VA_TRY_RESP(page, parse_page(ctx));
                 auto list = s.list_campaign_leads(ctx.id, *page);
                 if (!list) return error_response(from_crm(list.error(), "campaign leads"));
                 boost::json::array items;
                 for (const auto& e : list->items)
                   items.push_back(campaign_lead_view(e));
                 return json_response(200, boost::json::object{{"items", std::move(items)},
                                                               {"page", page->page},
                                                               {"per_page", page->per_page},
                                                               {"total", list->total}});
               }});
}

}  // namespace va::api
