// SqlStore: post-call analyses (migration 7) and what they do to leads.
#include <string_view>

#include "crm/errc.h"
#include "crm/sql/row.h"
#include "crm/sql/sql_store.h"

namespace va::crm::sql {
namespace {

constexpr const char* kAnalysisColumns =
    "SELECT call_id, status, attempts, next_try_at, summary, disposition, callback_at, fields, "
    "error, input_tokens, output_tokens, created_at, updated_at FROM call_analyses";

CallAnalysis analysis_from(const Row& r) {
  CallAnalysis a;
  a.call_id = as_int(r[0]);
  a.status = as_text(r[1]);
  a.attempts = as_int(r[2]);
  a.next_try_at = as_int(r[3]);
  a.summary = as_text(r[4]);
  a.disposition = as_text(r[5]);
  a.callback_at = as_int(r[6]);
  a.fields = as_text(r[7]);
  a.error = as_text(r[8]);
  a.input_tokens = as_int(r[9]);
  a.output_tokens = as_int(r[10]);
  a.created_at = as_int(r[11]);
  a.updated_at = as_int(r[12]);
  return a;
}

// The lead status a disposition leaves (store.h apply_disposition).
std::string_view lead_status_for(std::string_view disposition) {
  if (disposition == "interested") return "qualified";
  if (disposition == "not_interested" || disposition == "wrong_number") return "lost";
  if (disposition == "do_not_call") return "do_not_call";
  return "contacted";
}

}  // namespace

core::Result<void> SqlStore::queue_analysis(Id call_id, std::int64_t now, bool restart) {
  // Portable upsert: SQLite and PostgreSQL both take ON CONFLICT (...) DO UPDATE / NOTHING.
  const std::string sql =
      std::string(
          "INSERT INTO call_analyses (call_id, status, attempts, next_try_at, created_at, "
          "updated_at) VALUES ($1, 'pending', 0, $2, $2, $2) ON CONFLICT (call_id) ") +
      (restart ? "DO UPDATE SET status = 'pending', attempts = 0, next_try_at = $2, error = '', "
                 "updated_at = $2"
               : "DO NOTHING");
  auto rows = run(sql, {call_id, now});
  if (!rows) return rows.error();
  return {};
}

core::Result<CallAnalysis> SqlStore::get_analysis(Id call_id) {
  auto rows = run(std::string(kAnalysisColumns) + " WHERE call_id = $1", {call_id});
  if (!rows) return rows.error();
  if (rows->empty()) return Errc::NotFound;
  return analysis_from(rows->front());
}

core::Result<std::vector<DueAnalysis>> SqlStore::due_analyses(std::int64_t now, int limit) {
  auto rows =
      run("SELECT a.call_id, c.owner_id FROM call_analyses a JOIN calls c ON c.id = a.call_id "
          "WHERE a.status = 'pending' AND a.next_try_at <= $1 ORDER BY a.next_try_at, a.call_id "
          "LIMIT $2",
          {now, std::int64_t{limit}});
  if (!rows) return rows.error();
  std::vector<DueAnalysis> out;
  for (const auto& r : *rows)
    out.push_back(DueAnalysis{as_int(r[0]), as_int(r[1])});
  return out;
}

core::Result<void> SqlStore::save_analysis(const CallAnalysis& a) {
  return touch_one(
      "UPDATE call_analyses SET status = $2, attempts = $3, next_try_at = $4, summary = $5, "
      "disposition = $6, callback_at = $7, fields = $8, error = $9, input_tokens = $10, "
      "output_tokens = $11, updated_at = $12 WHERE call_id = $1 RETURNING call_id",
      {a.call_id, a.status, a.attempts, a.next_try_at, a.summary, a.disposition, a.callback_at,
       a.fields, a.error, a.input_tokens, a.output_tokens, now_ms()});
}

core::Result<std::int64_t> SqlStore::count_analyses(const std::string& status) {
  auto rows = run("SELECT COUNT(*) FROM call_analyses WHERE status = $1", {status});
  if (!rows) return rows.error();
  return as_int(rows->at(0).at(0));
}

core::Result<void> SqlStore::apply_disposition(const DispositionEffect& e) {
  const auto now = now_ms();
  return transaction([&](Connection& c) -> core::Result<void> {
    if (e.campaign_id != 0 && e.disposition == "callback" && e.callback_at > 0) {
      auto state =
          c.query("SELECT state FROM campaign_leads WHERE campaign_id = $1 AND lead_id = $2",
                  {e.campaign_id, e.lead_id});
      if (!state) return state.error();
      // The dialer has not written this attempt's end yet: try again once it has, so its
      // `done` cannot overwrite the callback.
      if (!state->empty() && as_text(state->front()[0]) == "calling") return Errc::Conflict;
    }
    auto lead = c.query(
        "UPDATE leads SET disposition = $2, disposition_call_id = $3, status = CASE WHEN status "
        "= 'do_not_call' THEN status ELSE $4 END, updated_at = $5 WHERE id = $1 AND "
        "disposition_call_id <= $3 RETURNING id",
        {e.lead_id, e.disposition, e.call_id, std::string(lead_status_for(e.disposition)), now});
    if (!lead) return lead.error();
    if (lead->empty()) return {};  // a later call of the lead was analysed first: it stands
    if (e.campaign_id != 0 && e.disposition == "callback" && e.callback_at > 0) {
      auto up = c.query(
          "UPDATE campaign_leads SET state = 'retry_wait', next_attempt_at = $3, updated_at = $4 "
          "WHERE campaign_id = $1 AND lead_id = $2 AND state IN ('pending', 'retry_wait', "
          "'done')",
          {e.campaign_id, e.lead_id, e.callback_at, now});
      if (!up) return up.error();
    }
    return {};
  });
}

core::Result<std::vector<Conversion>> SqlStore::list_conversions(const OwnerScope& scope,
                                                                 int limit) {
  std::vector<Value> params;
  std::string sql =
      "SELECT l.id, l.owner_id, l.disposition_call_id, l.name, l.phone, l.disposition, "
      "a.summary, a.fields, a.callback_at, a.updated_at FROM leads l JOIN call_analyses a ON "
      "a.call_id = l.disposition_call_id WHERE l.disposition IN ('interested', 'callback')" +
      owner_filter(scope, "l.owner_id", params);
  params.emplace_back(std::int64_t{limit});
  sql += " ORDER BY a.updated_at DESC, l.id DESC LIMIT $" + std::to_string(params.size());
  auto rows = run(sql, params);
  if (!rows) return rows.error();
  std::vector<Conversion> out;
  for (const auto& r : *rows) {
    out.push_back(Conversion{as_int(r[0]), as_int(r[1]), as_int(r[2]), as_text(r[3]), as_text(r[4]),
                             as_text(r[5]), as_text(r[6]), as_text(r[7]), as_int(r[8]),
                             as_int(r[9])});
  }
  return out;
}

}  // namespace va::crm::sql
