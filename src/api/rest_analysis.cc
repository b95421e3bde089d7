// RestApi: post-call analysis on demand (POST /api/calls/{id}/analyze) and the conversions
// list (GET /api/conversions). The analysis itself runs in the call layer's queue
// (call/analysis_queue.h); these routes only read and queue rows.
#include <boost/json.hpp>

#include "api/rest_api.h"
#include "api/scoped_lookup.h"
#include "api/views.h"
#include "crm/access.h"

namespace va::api {

namespace {
constexpr int kMaxConversions = 500;
}  // namespace

void RestApi::set_analysis_wake(std::function<void()> wake) {
  core::MutexLock lock(analysis_wake_mu_);
  analysis_wake_ = std::move(wake);
}

void RestApi::wake_analysis() {
  core::MutexLock lock(analysis_wake_mu_);
  if (analysis_wake_) analysis_wake_();
}

void RestApi::add_analysis_routes() {
  auto& s = deps_.store;
  router_.add(
      {"POST", "/api/calls/{id}/analyze",
       "Queue (again) the post-call analysis of an ended call: 202 with it pending", true,
       [this, &s](RequestContext& ctx) {
         VA_TRY_RESP(c, in_scope_or_404(s.get_call(ctx.id), ctx.scope, "call"));
         if (crm::is_live(c->status)) {
           return error_response(
               {409, "call_live", "the call has not ended yet: it is analysed when it ends"});
         }
         if (auto q = s.queue_analysis(ctx.id, crm::now_ms(), true); !q) {
           return error_response(from_crm(q.error(), "analysis"));
         }
         auto a = s.get_analysis(ctx.id);
         if (!a) return error_response(from_crm(a.error(), "analysis"));
         wake_analysis();
         return json_response(202, boost::json::object{{"analysis", analysis_view(*a)}});
       }});
  router_.add({"GET", "/api/conversions",
               "Leads whose last call disposition is interested or callback, latest first", true,
               [&s](RequestContext& ctx) {
                 auto list = s.list_conversions(ctx.scope, kMaxConversions);
                 if (!list) return error_response(from_crm(list.error(), "conversions"));
                 boost::json::array items;
                 for (const auto& c : *list)
                   items.push_back(conversion_view(c));
                 return json_response(200, boost::json::object{{"items", std::move(items)}});
               }});
}

}  // namespace va::api
