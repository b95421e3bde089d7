// RestApi: usage and cost totals (GET /api/usage) and the CSV exports (GET /api/calls.csv,
// GET /api/campaigns/{id}/results.csv). All scoped as the lists are: an agent sees its own,
// an admin its tenant, the superadmin everyone.
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "api/csv.h"
#include "api/rest_api.h"
#include "api/scoped_lookup.h"
#include "api/views.h"
#include "crm/access.h"
#include "crm/errc.h"
#include "crm/extraction_schema.h"

namespace va::api {
namespace {

constexpr std::int64_t kDayMs = 86400000;
constexpr std::int64_t kMaxExportRows = 100000;

// "YYYY-MM-DD" (UTC midnight) or Unix milliseconds; nullopt when malformed.
std::optional<std::int64_t> parse_time(const std::string& text) {
  std::int64_t ms = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (ec == std::errc{} && end == text.data() + text.size() && ms >= 0) return ms;
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                        std::chrono::day(d)};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::sys_days(ymd).time_since_epoch())
      .count();
}

std::int64_t month_start(std::int64_t now_ms) {
  using namespace std::chrono;
  const year_month_day ymd(floor<days>(sys_time<milliseconds>(milliseconds(now_ms))));
  return duration_cast<milliseconds>(sys_days(ymd.year() / ymd.month() / 1).time_since_epoch())
      .count();
}

// `from` (inclusive) and `to` (exclusive; a date means the end of that day). Defaults: the
// current calendar month (UTC) up to now.
ApiResult<crm::UsageQuery> parse_range(const RequestContext& ctx) {
  crm::UsageQuery q;
  q.owners = ctx.scope;
  const auto now = crm::now_ms();
  q.from = month_start(now);
  q.to = now + 1;
  if (auto it = ctx.query.find("from"); it != ctx.query.end()) {
    auto t = parse_time(it->second);
    if (!t) return bad_request("invalid_query", "'from' must be YYYY-MM-DD or Unix milliseconds");
    q.from = *t;
  }
  if (auto it = ctx.query.find("to"); it != ctx.query.end()) {
    auto t = parse_time(it->second);
    if (!t) return bad_request("invalid_query", "'to' must be YYYY-MM-DD or Unix milliseconds");
    q.to = it->second.size() == 10 && it->second[4] == '-' ? *t + kDayMs : *t;
  }
  if (q.to <= q.from) return bad_request("invalid_query", "'to' must be after 'from'");
  return q;
}

boost::json::array totals_view(const std::vector<crm::UsageTotal>& rows, const char* key,
                               bool numeric_key, const char* label) {
  boost::json::array out;
  for (const auto& t : rows) {
    auto o = usage_total_view(t).as_object();
    if (numeric_key) {
      std::int64_t id = 0;
      std::from_chars(t.key.data(), t.key.data() + t.key.size(), id);
      o[key] = id;
    } else {
      o[key] = t.key;
    }
    if (label) o[label] = t.label;
    out.push_back(std::move(o));
  }
  return out;
}

std::string iso_time(std::int64_t ms) {
  if (ms <= 0) return "";
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string money(std::int64_t micros) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", usd(micros));
  return buf;
}

HttpResponse csv_response(std::string body, const std::string& filename) {
  HttpResponse r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

// A field's value as a cell: strings as they are, other JSON as its text, null as "".
std::string cell(const boost::json::value* v) {
  if (!v || v->is_null()) return "";
  if (v->is_string()) return std::string(v->get_string());
  return boost::json::serialize(*v);
}

boost::json::object fields_of(const std::string& json) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return {};
  return v.as_object();
}

// One row of calls.csv: the call record's columns, in the header's order.
std::string call_record(const crm::Call& c) {
  return csv_record({std::to_string(c.id), iso_time(c.created_at), c.direction, c.from, c.to,
                     std::string(crm::to_string(c.status)), c.outcome, c.end_reason,
                     std::to_string(c.owner_id), c.campaign_id ? std::to_string(c.campaign_id) : "",
                     c.lead_id ? std::to_string(c.lead_id) : "", std::to_string(c.talk_s),
                     std::to_string(c.input_tokens), std::to_string(c.output_tokens),
                     money(c.cost_micros), c.key_fingerprint, c.summary});
}

// One row of a campaign's results.csv: the lead, its last call's analysis (when done) and the
// extracted fields named by `schema`.
std::string result_record(crm::Store& s, const crm::CampaignLead& e,
                          const std::vector<std::string>& schema) {
  auto lead = s.get_lead(e.lead_id);
  const crm::Id last_call = e.call_ids.empty() ? 0 : e.call_ids.back();
  auto analysis =
      last_call ? s.get_analysis(last_call) : core::Result<crm::CallAnalysis>(crm::Errc::NotFound);
  const bool done_analysis = analysis && analysis->status == "done";
  const auto fields = done_analysis ? fields_of(analysis->fields) : boost::json::object{};
  std::vector<std::string> row{std::to_string(e.lead_id),
                               lead ? lead->phone : "",
                               lead ? lead->name : "",
                               e.state,
                               std::to_string(e.attempts),
                               e.last_outcome,
                               done_analysis ? analysis->disposition : "",
                               done_analysis ? analysis->summary : "",
                               done_analysis ? iso_time(analysis->callback_at) : "",
                               last_call ? std::to_string(last_call) : ""};
  for (const auto& name : schema)
    row.push_back(cell(fields.if_contains(name)));
  return csv_record(row);
}

}  // namespace

void RestApi::add_usage_routes() {
  auto& s = deps_.store;
  router_.add(
      {"GET", "/api/usage",
       "Usage and estimated cost (from, to): totals per user, campaign and key", true,
       [&s](RequestContext& ctx) {
         VA_TRY_RESP(q, parse_range(ctx));
         auto report = s.usage_report(*q);
         if (!report) return error_response(from_crm(report.error(), "usage"));
         return json_response(
             200,
             boost::json::object{
                 {"from", q->from},
                 {"to", q->to},
                 {"currency", "USD"},
                 {"estimate", true},
                 {"total", usage_total_view(report->total)},
                 {"by_user", totals_view(report->by_user, "user_id", true, "username")},
                 {"by_campaign", totals_view(report->by_campaign, "campaign_id", true, "name")},
                 {"by_key", totals_view(report->by_key, "key_fingerprint", false, nullptr)}});
       }});
  router_.add({"GET", "/api/calls.csv", "Call records as CSV (RFC 4180, UTF-8), newest first", true,
               [&s](RequestContext& ctx) {
                 std::string out = csv_record(
                     {"id", "created_at", "direction", "from", "to", "status", "outcome",
                      "end_reason", "owner_id", "campaign_id", "lead_id", "talk_s", "input_tokens",
                      "output_tokens", "cost_usd", "key_fingerprint", "summary"});
                 crm::Page page{1, 500};
                 for (std::int64_t done = 0; done < kMaxExportRows; ++page.page) {
                   auto list = s.list_calls(ctx.scope, page);
                   if (!list) return error_response(from_crm(list.error(), "calls"));
                   for (const auto& c : list->items)
                     out += call_record(c);
                   done += static_cast<std::int64_t>(list->items.size());
                   if (list->items.size() < static_cast<std::size_t>(page.per_page)) break;
                 }
                 return csv_response(std::move(out), "calls.csv");
               }});
  router_.add({"GET", "/api/campaigns/{id}/results.csv",
               "A campaign's leads with their last disposition, summary and extracted fields (CSV)",
               true, [&s](RequestContext& ctx) {
                 VA_TRY_RESP(c, in_scope_or_404(s.get_campaign(ctx.id), ctx.scope, "campaign"));
                 std::vector<std::string> schema;
                 if (auto fields = crm::parse_extraction_schema(c->extraction_schema)) {
                   for (const auto& f : *fields)
                     schema.push_back(f.name);
                 }
                 std::vector<std::string> header{
                     "lead_id",      "phone",       "name",    "state",       "attempts",
                     "last_outcome", "disposition", "summary", "callback_at", "last_call_id"};
                 header.insert(header.end(), schema.begin(), schema.end());
                 std::string out = csv_record(header);
                 crm::Page page{1, 500};
                 for (std::int64_t done = 0; done < kMaxExportRows; ++page.page) {
                   auto list = s.list_campaign_leads(ctx.id, page);
                   if (!list) return error_response(from_crm(list.error(), "campaign leads"));
                   for (const auto& e : list->items)
                     out += result_record(s, e, schema);
                   done += static_cast<std::int64_t>(list->items.size());
                   if (list->items.size() < static_cast<std::size_t>(page.per_page)) break;
                 }
                 return csv_response(std::move(out),
                                     "campaign-" + std::to_string(ctx.id) + "-results.csv");
               }});
}

}  // namespace va::api
