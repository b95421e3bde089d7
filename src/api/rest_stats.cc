// RestApi: GET /api/stats, the dashboard numbers over the calls the actor may see. The store
// has no aggregate query yet, so the window is read newest first in pages (bounded).
#include <boost/json.hpp>
#include <charconv>

#include "api/call_stats.h"
#include "api/rest_api.h"

namespace va::api {
namespace {

constexpr std::int64_t kMaxScanned = 20000;

ApiResult<int> int_param(const RequestContext& ctx, const char* name, int lo, int hi, int dflt) {
  auto it = ctx.query.find(name);
  if (it == ctx.query.end()) return ApiResult<int>(boost::system::in_place_value, dflt);
  int v = 0;
  const auto& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v < lo || v > hi) {
    return bad_request("invalid_query", std::string("'") + name + "' must be " +
                                            std::to_string(lo) + ".." + std::to_string(hi));
  }
  return ApiResult<int>(boost::system::in_place_value, v);
}

}  // namespace

void RestApi::add_stats_routes() {
  auto& s = deps_.store;
  // The WebSocket itself is served by HttpServer (upgrade requests never reach the router);
  // this route documents it and answers plain GETs.
  router_.add(
      {"GET", "/api/events",
       "WebSocket of live call events {type: call.<name>, call: {...}} for the calls "
       "the user may see (auth: cookie, bearer or ?token=)",
       true, [](RequestContext&) {
         auto r = error_response({426, "upgrade_required", "open /api/events as a WebSocket"});
         r.headers.emplace_back("Upgrade", "websocket");
         return r;
       }});
  router_.add(
      {"GET", "/api/stats",
       "Dashboard numbers: active and today's calls, outcome mix of ended calls, calls per day "
       "(?days=1..90, default 14; ?tz_offset_min= minutes east of UTC)",
       true, [&s](RequestContext& ctx) {
         auto days = int_param(ctx, "days", 1, 90, 14);
         if (!days) return error_response(days.error());
         auto tz = int_param(ctx, "tz_offset_min", -14 * 60, 14 * 60, 0);
         if (!tz) return error_response(tz.error());
         const std::int64_t now = crm::now_ms();
         // One extra day covers any time zone; older records end the scan (newest first).
         const std::int64_t oldest = now - (static_cast<std::int64_t>(*days) + 1) * 86400000LL;
         std::vector<crm::Call> calls;
         bool truncated = false;
         for (crm::Page page{1, 200};; ++page.page) {
           auto list = s.list_calls(ctx.scope, page);
           if (!list) return error_response(from_crm(list.error(), "calls"));
           bool done = list->items.size() < static_cast<std::size_t>(page.per_page);
           for (auto& c : list->items) {
             if (c.created_at < oldest && c.status == crm::CallStatus::Ended) {
               done = true;
               continue;
             }
             calls.push_back(std::move(c));
           }
           if (done) break;
           if (static_cast<std::int64_t>(calls.size()) >= kMaxScanned) {
             truncated = true;
             break;
           }
         }
         const auto st = compute_call_stats(calls, now, *days, *tz);
         boost::json::object outcomes;
         for (const auto& [k, v] : st.outcomes)
           outcomes[k] = v;
         boost::json::array per_day;
         for (const auto& d : st.per_day)
           per_day.push_back(boost::json::object{{"date", d.date}, {"calls", d.calls}});
         return json_response(200, boost::json::object{{"active", st.active},
                                                       {"today", st.today},
                                                       {"total", st.total},
                                                       {"days", *days},
                                                       {"outcomes", std::move(outcomes)},
                                                       {"per_day", std::move(per_day)},
                                                       {"truncated", truncated}});
       }});
}

}  // namespace va::api
