// RestApi: webhook endpoints (DESIGN.md "After the call"). Admins and superadmins manage their
// own endpoints (agents: 403); an endpoint outside the actor's scope is 404 like any object.
//   GET/POST /api/webhooks, GET/PATCH/DELETE /api/webhooks/{id},
//   GET /api/webhooks/{id}/deliveries (every try, newest first, paged),
//   POST /api/webhooks/{id}/deliveries/{delivery}/resend (queues the delivery's body again).
#include <boost/json.hpp>
#include <charconv>

#include "api/rest_api.h"
#include "api/scoped_lookup.h"
#include "api/webhook_body.h"
#include "crm/access.h"
#include "crm/errc.h"

namespace va::api {
namespace {

ApiResult<void> may_manage_webhooks(const RequestContext& ctx) {
  if (ctx.actor.role == crm::Role::Agent) {
    return ApiError{403, "forbidden", "only admins manage webhooks"};
  }
  return {};
}

ApiResult<crm::Webhook> visible_webhook(crm::Store& s, const RequestContext& ctx) {
  if (auto ok = may_manage_webhooks(ctx); !ok) return ok.error();
  return in_scope_or_404(s.get_webhook(ctx.id), ctx.scope, "webhook");
}

}  // namespace

void RestApi::add_webhook_routes() {
  auto& s = deps_.store;
  router_.add({"GET", "/api/webhooks", "Webhook endpoints in scope (admins)", true,
               [&s](RequestContext& ctx) {
                 if (auto ok = may_manage_webhooks(ctx); !ok) return error_response(ok.error());
                 auto hooks = s.list_webhooks(ctx.scope);
                 if (!hooks) return error_response(from_crm(hooks.error(), "webhooks"));
                 boost::json::array items;
                 for (const auto& w : *hooks)
                   items.push_back(webhook_view(w));
                 return json_response(200, boost::json::object{{"items", std::move(items)}});
               }});
  router_.add({"POST", "/api/webhooks",
               "Register an endpoint {url, secret?, events, description?, active?} (admins)", true,
               [&s](RequestContext& ctx) {
                 if (auto ok = may_manage_webhooks(ctx); !ok) return error_response(ok.error());
                 crm::Webhook w;
                 w.owner_id = ctx.actor.id;
                 VA_TRY_RESP(parsed, parse_webhook(ctx.req->body, w, true));
                 auto id = s.create_webhook(*parsed);
                 if (!id) return error_response(from_crm(id.error(), "webhook"));
                 auto stored = s.get_webhook(*id);
                 if (!stored) return error_response(from_crm(stored.error(), "webhook"));
                 // The only answer that carries the whole secret.
                 return json_response(201, webhook_view(*stored, true));
               }});
  router_.add(
      {"GET", "/api/webhooks/{id}", "One webhook endpoint", true, [&s](RequestContext& ctx) {
         VA_TRY_RESP(w, visible_webhook(s, ctx));
         auto view = webhook_view(*w);
         auto pending = s.pending_webhook_deliveries(w->id);
         if (!pending) return error_response(from_crm(pending.error(), "deliveries"));
         view.as_object()["pending_deliveries"] = *pending;
         return json_response(200, view);
       }});
  router_.add({"PATCH", "/api/webhooks/{id}",
               "Change an endpoint {url?, secret?, events?, description?, active?}", true,
               [&s](RequestContext& ctx) {
                 VA_TRY_RESP(w, visible_webhook(s, ctx));
                 VA_TRY_RESP(parsed, parse_webhook(ctx.req->body, *w, false));
                 if (auto r = s.update_webhook(*parsed); !r) {
                   return error_response(from_crm(r.error(), "webhook"));
                 }
                 auto stored = s.get_webhook(w->id);
                 if (!stored) return error_response(from_crm(stored.error(), "webhook"));
                 return json_response(200, webhook_view(*stored));
               }});
  router_.add({"DELETE", "/api/webhooks/{id}", "Remove an endpoint with its delivery log", true,
               [&s](RequestContext& ctx) {
                 VA_TRY_RESP(w, visible_webhook(s, ctx));
                 if (auto r = s.delete_webhook(w->id); !r) {
                   return error_response(from_crm(r.error(), "webhook"));
                 }
                 return json_response(200, boost::json::object{{"ok", true}});
               }});
}

void RestApi::add_webhook_delivery_routes() {
  auto& s = deps_.store;
  router_.add({"GET", "/api/webhooks/{id}/deliveries",
               "Every delivery try of an endpoint, newest first, paged", true,
               [&s](RequestContext& ctx) {
                 VA_TRY_RESP(w, visible_webhook(s, ctx));
                 auto page = parse_page(ctx);
                 if (!page) return error_response(page.error());
                 auto tries = s.list_webhook_attempts(w->id, *page);
                 if (!tries) return error_response(from_crm(tries.error(), "deliveries"));
                 auto pending = s.pending_webhook_deliveries(w->id);
                 if (!pending) return error_response(from_crm(pending.error(), "deliveries"));
                 boost::json::array items;
                 for (const auto& a : tries->items)
                   items.push_back(webhook_attempt_view(a));
                 return json_response(200, boost::json::object{{"items", std::move(items)},
                                                               {"page", page->page},
                                                               {"per_page", page->per_page},
                                                               {"total", tries->total},
                                                               {"pending", *pending}});
               }});
  router_.add({"POST", "/api/webhooks/{id}/deliveries/{delivery}/resend",
               "Send a delivery's event again (a new delivery with the same body)", true,
               [this, &s](RequestContext& ctx) {
                 VA_TRY_RESP(w, visible_webhook(s, ctx));
                 crm::Id delivery_id = 0;
                 const auto& p = ctx.param;
                 auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), delivery_id);
                 const ApiError missing{404, "not_found", "delivery not found"};
                 if (ec != std::errc{} || end != p.data() + p.size() || delivery_id <= 0) {
                   return error_response(missing);
                 }
                 auto d = s.get_webhook_delivery(delivery_id);
                 if (!d || d->webhook_id != w->id) return error_response(missing);
                 crm::WebhookDelivery again = *d;
                 again.resend_of = d->id;
                 again.created_at = crm::now_ms();
                 again.next_attempt_at = again.created_at;
                 auto id = s.enqueue_webhook_delivery(again);
                 if (!id) return error_response(from_crm(id.error(), "delivery"));
                 if (webhook_wake_) webhook_wake_();
                 return json_response(
                     202, boost::json::object{
                              {"delivery_id", *id}, {"resend_of", d->id}, {"status", "pending"}});
               }});
}

}  // namespace va::api
