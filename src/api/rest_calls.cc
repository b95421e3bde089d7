// RestApi: call records. GET reads the store; POST /api/calls and hangup go to CallControl,
// which the call layer provides; without it they answer 503 calls_unavailable.
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "api/bodies.h"
#include "api/long_work.h"
#include "api/rest_api.h"
#include "api/scoped_lookup.h"
#include "api/views.h"
#include "crm/access.h"
#include "crm/errc.h"

namespace va::api {
namespace {
// An hour of 8 kHz stereo PCM16 is 115 MB; longer recordings are served from disk by hand.
constexpr std::uintmax_t kMaxRecordingBytes = 256ull * 1024 * 1024;

HttpResponse unavailable() {
  return error_response({503, "calls_unavailable", "the call layer is not running on this node"});
}

void overlay_live(crm::Call& c, const LiveCallView& live) {
  c.status = live.status;
  c.local_rtp_port = live.media.local_rtp_port;
  c.remote_rtp = live.media.remote_rtp;
  c.ssrc_in = live.media.ssrc_in;
  c.ssrc_out = live.media.ssrc_out;
  if (!live.media.key_fingerprint.empty()) c.key_fingerprint = live.media.key_fingerprint;
  c.packets_in = static_cast<std::int64_t>(live.media.packets_in);
  c.packets_out = static_cast<std::int64_t>(live.media.packets_out);
  c.packets_dropped_foreign = static_cast<std::int64_t>(live.media.packets_dropped_foreign);
  if (live.greeting_latency_ms) c.greeting_latency_ms = *live.greeting_latency_ms;
}

// SRTP facts are kept while the call lives (no column for them): null once it has ended.
void add_live_srtp(boost::json::value& view, const call::MediaFacts* media) {
  auto* m = view.as_object().if_contains("media");
  if (!m || !m->is_object()) return;
  auto& o = m->as_object();
  o["srtp"] = media ? boost::json::value(media->srtp) : boost::json::value(nullptr);
  o["packets_dropped_auth"] =
      media ? boost::json::value(media->packets_dropped_auth) : boost::json::value(nullptr);
}
}  // namespace

void RestApi::add_call_routes() {
  auto& s = deps_.store;
  router_.add(
      {"GET", "/api/calls", "Call records, newest first, paged", true, [&s](RequestContext& ctx) {
         auto page = parse_page(ctx);
         if (!page) return error_response(page.error());
         auto list = s.list_calls(ctx.scope, *page);
         if (!list) return error_response(from_crm(list.error(), "calls"));
         boost::json::array items;
         for (const auto& c : list->items)
           items.push_back(call_view(c, nullptr));
         return json_response(200, boost::json::object{{"items", std::move(items)},
                                                       {"page", page->page},
                                                       {"per_page", page->per_page},
                                                       {"total", list->total}});
       }});
  router_.add({"GET", "/api/calls/{id}", "One call with media identity and transcript", true,
               [this, &s](RequestContext& ctx) {
                 VA_TRY_RESP(c, in_scope_or_404(s.get_call(ctx.id), ctx.scope, "call"));
                 auto lines = s.transcript(ctx.id);
                 if (!lines) return error_response(from_crm(lines.error(), "transcript"));
                 // A live call's media counters move every packet: show them as they are now.
                 std::optional<LiveCallView> live;
                 if (deps_.calls && crm::is_live(c->status)) live = deps_.calls->live(ctx.id);
                 if (live) overlay_live(*c, *live);
                 auto analysis = s.get_analysis(ctx.id);
                 if (!analysis && analysis.error() != crm::Errc::NotFound) {
                   return error_response(from_crm(analysis.error(), "analysis"));
                 }
                 auto view = call_view(*c, &*lines, analysis ? &*analysis : nullptr);
                 set_agent_profile_id(view, s.call_agent_profile(ctx.id));
                 add_live_srtp(view, live ? &live->media : nullptr);
                 return json_response(200, view);
               }});
  router_.add(
      {"GET", "/api/calls/{id}/transcript", "A call's transcript lines", true,
       [&s](RequestContext& ctx) {
         VA_TRY_RESP(c, in_scope_or_404(s.get_call(ctx.id), ctx.scope, "call"));
         auto lines = s.transcript(ctx.id);
         if (!lines) return error_response(from_crm(lines.error(), "transcript"));
         return json_response(200, boost::json::object{{"transcript", transcript_view(*lines)}});
       }});
  router_.add(
      {"GET", "/api/calls/{id}/recording", "A call's recording (WAV: caller left, agent right)",
       true, [&s](RequestContext& ctx) {
         VA_TRY_RESP(c, in_scope_or_404(s.get_call(ctx.id), ctx.scope, "call"));
         if (c->recording_path.empty()) {
           return error_response({404, "no_recording", "this call was not recorded"});
         }
         std::error_code ec;
         const auto size = std::filesystem::file_size(c->recording_path, ec);
         if (ec) return error_response({404, "no_recording", "the recording file is missing"});
         if (size > kMaxRecordingBytes) {
           return error_response({413, "too_large", "the recording is too large to download here"});
         }
         std::ifstream in(c->recording_path, std::ios::binary);
         HttpResponse r;
         r.content_type = "audio/wav";
         r.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
         if (!in.good() && !in.eof()) {
           return error_response({500, "read_failed", "the recording could not be read"});
         }
         r.headers.emplace_back("Content-Disposition",
                                "inline; filename=\"call-" + std::to_string(c->id) + ".wav\"");
         return r;
       }});
}

void RestApi::add_call_control_routes() {
  auto& s = deps_.store;
  router_.add({"POST", "/api/calls", "Place an outbound call (503 without the call layer)", true,
               [this, &s](RequestContext& ctx) {
                 auto body = parse_call(ctx.req->body);
                 if (!body) return error_response(body.error());
                 if (body->lead_id != 0) {
                   auto lead = s.get_lead(body->lead_id);
                   if (!lead || !crm::in_scope(ctx.scope, lead->owner_id)) {
                     return error_response({422, "invalid_field", "lead_id not found"});
                   }
                 }
                 if (body->campaign_id != 0) {
                   auto campaign = s.get_campaign(body->campaign_id);
                   if (!campaign || !crm::in_scope(ctx.scope, campaign->owner_id)) {
                     return error_response({422, "invalid_field", "campaign_id not found"});
                   }
                 }
                 if (body->agent_profile_id != 0) {
                   VA_TRY_RESP(profile, usable_agent_profile(s, ctx, body->agent_profile_id));
                 }
                 if (!deps_.calls) return unavailable();
                 auto id =
                     deps_.calls->place_call({ctx.actor, body->to, body->lead_id, body->campaign_id,
                                              body->agent, body->agent_profile_id});
                 if (!id) return error_response(id.error());
                 return json_response(
                     201, boost::json::object{
                              {"id", *id}, {"status", crm::to_string(crm::CallStatus::Dialing)}});
               }});
  router_.add({"POST", "/api/greetings/preview",
               "Render a greeting as calls would play it (audio/wav; the caller's key and voice)",
               true, [this](RequestContext& ctx) {
                 auto agent = parse_greeting_preview(ctx.req->body);
                 if (!agent) return error_response(agent.error());
                 if (!deps_.calls) return unavailable();
                 // Rendering takes seconds (espeak-ng, Gemini TTS): on the work pool, never
                 // on the request threads that serve logins, /healthz and call routing.
                 return run_long_work(
                     deps_.work, ctx.actor.id,
                     [calls = deps_.calls, actor = ctx.actor, config = *agent]() -> HttpResponse {
                       auto wav = calls->greeting_preview(actor, config);
                       if (!wav) return error_response(wav.error());
                       HttpResponse r;
                       r.content_type = "audio/wav";
                       r.body = std::move(*wav);
                       r.headers.emplace_back("Cache-Control", "no-store");
                       return r;
                     });
               }});
}

// In a live call: an SMS to the other party, a transfer to a person.
void RestApi::add_in_call_routes() {
  auto& s = deps_.store;
  router_.add({"POST", "/api/calls/{id}/sms",
               "Send an SMS (SIP MESSAGE through the trunk) to a live call's other party", true,
               [this, &s](RequestContext& ctx) {
                 VA_TRY_RESP(c, in_scope_or_404(s.get_call(ctx.id), ctx.scope, "call"));
                 auto text = parse_sms(ctx.req->body);
                 if (!text) return error_response(text.error());
                 if (!deps_.calls) return unavailable();
                 // The gateway may take seconds to answer (Timer F is 32 s): off the
                 // request threads.
                 return run_long_work(
                     deps_.work, ctx.actor.id,
                     [calls = deps_.calls, id = ctx.id, text = std::move(*text)]() -> HttpResponse {
                       auto r = calls->send_sms(id, text);
                       if (!r) return error_response(r.error());
                       const bool ok = r->sip_status / 100 == 2;
                       boost::json::object body{
                           {"sent", ok}, {"sip_status", r->sip_status}, {"reason", r->reason}};
                       if (!ok) {
                         body["error"] = boost::json::object{
                             {"code", "sms_failed"},
                             {"message", "the gateway did not accept the MESSAGE: " +
                                             std::to_string(r->sip_status) + " " + r->reason}};
                       }
                       return json_response(ok ? 200 : 502, std::move(body));
                     });
               }});
  router_.add({"POST", "/api/calls/{id}/transfer",
               "Transfer a live call to a person (REFER, else our own bridge); `to` must be "
               "allowed (config transfer.allow or the transfer_targets); warm: a bridge whose "
               "person hears a spoken briefing (reason, caller, last words) first",
               true, [this, &s](RequestContext& ctx) {
                 VA_TRY_RESP(c, in_scope_or_404(s.get_call(ctx.id), ctx.scope, "call"));
                 auto body = parse_transfer(ctx.req->body);
                 if (!body) return error_response(body.error());
                 if (!deps_.calls) return unavailable();
                 // The far end answers the REFER within Timer F (32 s): off the request threads.
                 return run_long_work(
                     deps_.work, ctx.actor.id,
                     [calls = deps_.calls, id = ctx.id, body = std::move(*body)]() -> HttpResponse {
                       auto r = calls->transfer(id, {body.to, body.mode, body.reason});
                       if (!r) return error_response(r.error());
                       if (r->status != 202)
                         return error_response({r->status, r->code, r->message});
                       return json_response(
                           202, boost::json::object{{"transfer",
                                                     {{"to", r->to},
                                                      {"mode", body.mode},
                                                      {"method", r->method},
                                                      {"status", r->transfer_status}}}});
                     });
               }});
  router_.add({"POST", "/api/calls/{id}/hangup", "Hang up a call (503 without the call layer)",
               true, [this, &s](RequestContext& ctx) {
                 VA_TRY_RESP(c, in_scope_or_404(s.get_call(ctx.id), ctx.scope, "call"));
                 if (!deps_.calls) return unavailable();
                 if (auto r = deps_.calls->hangup(ctx.id); !r) return error_response(r.error());
                 return json_response(200, boost::json::object{{"ok", true}});
               }});
}

}  // namespace va::api
