// Views: one function per entity, so a new field is added in one place.
#include "api/views.h"

#include <algorithm>
#include <boost/json.hpp>

#include "api/ai_sessions_view.h"
#include "api/dialing_body.h"
#include "call/voicemail_action.h"
#include "call/warm_briefing.h"

namespace va::api {
namespace {
boost::json::value id_or_null(crm::Id id) {
  return id == 0 ? boost::json::value(nullptr) : boost::json::value(id);
}
boost::json::value text_or_null(const std::string& s) {
  return s.empty() ? boost::json::value(nullptr) : boost::json::value(s);
}
boost::json::array names_array(const std::vector<std::string>& names) {
  boost::json::array out;
  for (const auto& n : names)
    out.push_back(boost::json::value(n));
  return out;
}
}  // namespace

boost::json::value user_view(const crm::User& u) {
  return boost::json::object{{"id", u.id},
                             {"username", u.username},
                             {"display_name", u.display_name},
                             {"email", u.email},
                             {"role", crm::to_string(u.role)},
                             {"parent_id", id_or_null(u.parent_id)},
                             {"active", u.active},
                             {"max_concurrent_calls", u.max_concurrent_calls},
                             {"max_agents", u.max_agents},
                             {"monthly_minutes", u.monthly_minutes},
                             {"key_fingerprint", text_or_null(u.key_fingerprint)},
                             {"openai_key_fingerprint", text_or_null(u.openai_key_fingerprint)},
                             {"lines", names_array(u.lines)},
                             {"transfer_targets", names_array(u.transfer_targets)},
                             {"created_at", u.created_at},
                             {"updated_at", u.updated_at}};
}

// `owner`: pool | user | tenant | unclaimed; `owner_id`/`owner_name`: the user, or the
// tenant's admin (null for pool and unclaimed keys).
boost::json::value key_view(const crm::ApiKey& k) {
  return boost::json::object{{"id", k.id},
                             {"fingerprint", k.fingerprint},
                             {"provider", k.provider},
                             {"label", k.label},
                             {"status", k.status},
                             {"owner", crm::to_string(k.owner)},
                             {"owner_id", id_or_null(k.owner_id)},
                             {"owner_name", text_or_null(k.owner_name)},
                             {"users", k.users},
                             {"created_at", k.created_at}};
}

boost::json::value lead_view(const crm::Lead& l) {
  return boost::json::object{{"id", l.id},
                             {"owner_id", l.owner_id},
                             {"name", l.name},
                             {"phone", l.phone},
                             {"email", l.email},
                             {"company", l.company},
                             {"country", l.country},
                             {"notes", l.notes},
                             {"status", l.status},
                             {"timezone", text_or_null(l.timezone)},
                             {"disposition", text_or_null(l.disposition)},
                             {"created_at", l.created_at},
                             {"updated_at", l.updated_at}};
}

boost::json::value campaign_view(const crm::Campaign& c) {
  boost::json::array leads;
  for (auto id : c.lead_ids)
    leads.push_back(id);
  return boost::json::object{{"id", c.id},
                             {"owner_id", c.owner_id},
                             {"name", c.name},
                             {"status", c.status},
                             {"agent", boost::json::object{{"system_prompt", c.agent.system_prompt},
                                                           {"voice", c.agent.voice},
                                                           {"language", c.agent.language},
                                                           {"greeting", c.agent.greeting},
                                                           {"provider", c.agent.provider}}},
                             {"lead_ids", std::move(leads)},
                             {"dialing", dialing_view(c.dialing)},
                             {"waiting_reason", text_or_null(c.waiting_reason)},
                             {"extraction_schema", extraction_schema_view(c.extraction_schema)},
                             {"agent_profile_id", id_or_null(c.agent_profile_id)},
                             {"transfer_targets", names_array(c.transfer_targets)},
                             {"voicemail_action", c.voicemail_action},
                             {"voicemail_message", c.voicemail_message},
                             {"created_at", c.created_at},
                             {"updated_at", c.updated_at}};
}

boost::json::value inbound_route_view(const crm::InboundRoute& r) {
  return boost::json::object{{"number", r.number},
                             {"owner_id", r.owner_id},
                             {"campaign_id", id_or_null(r.campaign_id)},
                             {"created_at", r.created_at}};
}

boost::json::value transcript_view(const std::vector<crm::TranscriptLine>& lines) {
  boost::json::array out;
  for (const auto& l : lines) {
    out.push_back(boost::json::object{{"who", l.who}, {"text", l.text}, {"at", l.at}});
  }
  return out;
}

double usd(std::int64_t micros) {
  return static_cast<double>(micros) / 1e6;
}

boost::json::value usage_total_view(const crm::UsageTotal& t) {
  return boost::json::object{{"calls", t.calls},
                             {"input_tokens", t.input_tokens},
                             {"output_tokens", t.output_tokens},
                             {"talk_s", t.talk_s},
                             {"cost", usd(t.cost_micros)}};
}

void set_agent_profile_id(boost::json::value& call, const core::Result<crm::Id>& profile) {
  call.as_object()["agent_profile_id"] =
      profile && *profile != 0 ? boost::json::value(*profile) : boost::json::value(nullptr);
}

namespace {
// Facts of the call kept only as transcript `system` lines, no column of their own: whether a
// voicemail message played out whole (call/voicemail_action.h) and a warm transfer's briefing,
// the latest one (call/warm_briefing.h).
void add_transcript_facts(boost::json::object& o, const crm::Call& c,
                          const std::vector<crm::TranscriptLine>& lines) {
  if (o["voicemail"].is_object()) {
    const bool left = std::any_of(lines.begin(), lines.end(), [](const crm::TranscriptLine& l) {
      return l.who == "system" && l.text == call::kVoicemailLeftLine;
    });
    o["voicemail"].as_object()["message_left"] = left;
  }
  if (!o["transfer"].is_object() || c.transfer_mode != "warm") return;
  const auto& prefix = call::kBriefingLinePrefix;
  auto& t = o["transfer"].as_object();
  t["briefing"] = nullptr;
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    if (it->who == "system" && it->text.starts_with(prefix)) {
      t["briefing"] = it->text.substr(prefix.size());
      return;
    }
  }
}
}  // namespace

boost::json::value call_view(const crm::Call& c, const std::vector<crm::TranscriptLine>* lines,
                             const crm::CallAnalysis* analysis) {
  boost::json::object o{
      {"id", c.id},
      {"owner_id", c.owner_id},
      {"direction", c.direction},
      {"status", crm::to_string(c.status)},
      {"end_reason", text_or_null(c.end_reason)},
      {"outcome", text_or_null(c.outcome)},
      {"from", c.from},
      {"to", c.to},
      {"lead_id", id_or_null(c.lead_id)},
      {"campaign_id", id_or_null(c.campaign_id)},
      {"sip_call_id", c.sip_call_id},
      {"media", boost::json::object{{"local_rtp_port", c.local_rtp_port},
                                    {"remote_rtp", c.remote_rtp},
                                    {"ssrc_in", c.ssrc_in},
                                    {"ssrc_out", c.ssrc_out},
                                    {"key_fingerprint", c.key_fingerprint},
                                    {"provider", c.provider},
                                    {"sessions", ai_sessions_view(c, lines)},
                                    {"packets_in", c.packets_in},
                                    {"packets_out", c.packets_out},
                                    {"packets_dropped_foreign", c.packets_dropped_foreign},
                                    // SRTP facts live only while the call does (no column):
                                    // GET fills them in for a live call; null once it ended.
                                    {"srtp", nullptr},
                                    {"packets_dropped_auth", nullptr}}},
      {"greeting_latency_ms", c.greeting_latency_ms < 0
                                  ? boost::json::value(nullptr)
                                  : boost::json::value(c.greeting_latency_ms)},
      {"created_at", c.created_at},
      {"ringing_at", c.ringing_at},
      {"answered_at", c.answered_at},
      {"ended_at", c.ended_at},
      {"node", c.node},
      // Answering-machine detection (issue 15): null where it did not run.
      {"voicemail", c.amd_verdict.empty()
                        ? boost::json::value(nullptr)
                        : boost::json::value(boost::json::object{
                              {"verdict", c.amd_verdict},
                              {"cause", c.amd_cause},
                              {"ms", c.amd_ms < 0 ? boost::json::value(nullptr)
                                                  : boost::json::value(c.amd_ms)}})},
      // Where to fetch the recording, never where it lies on the server's disk.
      {"recording_url",
       c.recording_path.empty()
           ? boost::json::value(nullptr)
           : boost::json::value("/api/calls/" + std::to_string(c.id) + "/recording")},
      {"summary",
       text_or_null(analysis && analysis->status == "done" ? analysis->summary : c.summary)},
      {"usage", boost::json::object{{"input_tokens", c.input_tokens},
                                    {"output_tokens", c.output_tokens},
                                    {"input_audio_tokens", c.input_audio_tokens},
                                    {"output_audio_tokens", c.output_audio_tokens},
                                    {"talk_s", c.talk_s},
                                    {"cost", usd(c.cost_micros)}}}};
  // The last transfer to a person (DESIGN.md "In the call"); null when none was tried.
  o["transfer"] = c.transfer_to.empty()
                      ? boost::json::value(nullptr)
                      : boost::json::value(boost::json::object{{"to", c.transfer_to},
                                                               {"mode", c.transfer_mode},
                                                               {"method", c.transfer_method},
                                                               {"status", c.transfer_status},
                                                               {"reason", c.transfer_reason}});
  if (lines) o["transcript"] = transcript_view(*lines);
  if (lines) add_transcript_facts(o, c, *lines);
  if (lines) o["analysis"] = analysis ? analysis_view(*analysis) : boost::json::value(nullptr);
  return o;
}

namespace {
// A stored JSON object (the analysis's fields); {} when it does not parse.
boost::json::value stored_object(const std::string& text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  return !ec && v.is_object() ? v : boost::json::value(boost::json::object{});
}
}  // namespace

boost::json::value analysis_view(const crm::CallAnalysis& a) {
  const bool done = a.status == "done";
  return boost::json::object{
      {"status", a.status},
      {"summary", done ? text_or_null(a.summary) : boost::json::value(nullptr)},
      {"disposition", done ? text_or_null(a.disposition) : boost::json::value(nullptr)},
      {"callback_at",
       done && a.callback_at > 0 ? boost::json::value(a.callback_at) : boost::json::value(nullptr)},
      {"fields", done ? stored_object(a.fields) : boost::json::value(boost::json::object{})},
      {"error", text_or_null(a.error)},
      {"attempts", a.attempts},
      {"updated_at", a.updated_at}};
}

boost::json::value conversion_view(const crm::Conversion& c) {
  return boost::json::object{{"lead_id", c.lead_id},
                             {"owner_id", c.owner_id},
                             {"call_id", c.call_id},
                             {"lead_name", c.lead_name},
                             {"phone", c.phone},
                             {"disposition", c.disposition},
                             {"summary", c.summary},
                             {"fields", stored_object(c.fields)},
                             {"callback_at", c.callback_at > 0 ? boost::json::value(c.callback_at)
                                                               : boost::json::value(nullptr)},
                             {"at", c.at}};
}

boost::json::value extraction_schema_view(const std::string& stored) {
  boost::system::error_code ec;
  auto v = boost::json::parse(stored, ec);
  return !ec && v.is_array() ? v : boost::json::value(boost::json::array{});
}

}  // namespace va::api

namespace va::api {

boost::json::value campaign_lead_view(const crm::CampaignLead& e) {
  boost::json::array ids;
  for (auto id : e.call_ids)
    ids.push_back(id);
  return boost::json::object{{"lead_id", e.lead_id},
                             {"state", e.state},
                             {"skip_reason", text_or_null(e.skip_reason)},
                             {"attempts", e.attempts},
                             {"last_outcome", text_or_null(e.last_outcome)},
                             {"next_attempt_at", e.state == "pending" || e.state == "retry_wait"
                                                     ? boost::json::value(e.next_attempt_at)
                                                     : boost::json::value(nullptr)},
                             {"call_ids", std::move(ids)},
                             {"line", text_or_null(e.line)}};
}

}  // namespace va::api
