// SqlStore: the campaign dialer's rows. The claim is the one place where several dialers (two
// campaigns on one node, or several nodes on one PostgreSQL) race for the same lead: it runs
// as one transaction, and on PostgreSQL locks the campaign row and the lead row with
// SKIP LOCKED and then checks again, under the lead's lock, that no campaign is calling it,
// so a lead in two campaigns is claimed by one of them only.
#include <algorithm>
#include <charconv>

#include "crm/errc.h"
#include "crm/sql/row.h"
#include "crm/sql/sql_rows.h"
#include "crm/sql/sql_store.h"

namespace va::crm::sql {
namespace {

constexpr const char* kEntryColumns =
    "cl.campaign_id, cl.lead_id, cl.state, cl.skip_reason, cl.attempts, cl.last_outcome, "
    "cl.next_attempt_at, cl.call_ids, cl.line, cl.node, cl.updated_at";
constexpr std::size_t kEntryCount = 11;

std::vector<Id> parse_ids(const std::string& text) {
  std::vector<Id> out;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    Id id = 0;
    auto [next, ec] = std::from_chars(p, end, id);
    if (ec == std::errc{}) out.push_back(id);
    p = next;
    while (p < end && (*p < '0' || *p > '9'))
      ++p;
  }
  return out;
}

std::string join_ids(const std::vector<Id>& ids) {
  std::string out;
  for (auto id : ids)
    out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

CampaignLead entry_from(const Row& r) {
  CampaignLead e;
  e.campaign_id = as_int(r[0]);
  e.lead_id = as_int(r[1]);
  e.state = as_text(r[2]);
  e.skip_reason = as_text(r[3]);
  e.attempts = as_int(r[4]);
  e.last_outcome = as_text(r[5]);
  e.next_attempt_at = as_int(r[6]);
  e.call_ids = parse_ids(as_text(r[7]));
  e.line = as_text(r[8]);
  e.node = as_text(r[9]);
  e.updated_at = as_int(r[10]);
  return e;
}

ClaimedLead claimed_from(const Row& r) {
  ClaimedLead c;
  c.entry = entry_from(r);
  c.lead = lead_from(Row(r.begin() + kEntryCount, r.end()));
  return c;
}

// Due leads of one campaign that no campaign is calling now, oldest due first.
std::string candidates_sql(bool postgres) {
  std::string sql = std::string("SELECT ") + kEntryColumns +
                    ", l.id, l.owner_id, l.name, l.phone, l.email, l.company, l.country, l.notes, "
                    "l.status, l.created_at, l.updated_at, l.timezone FROM campaign_leads cl "
                    "JOIN leads l ON l.id = cl.lead_id WHERE cl.campaign_id = $1 "
                    "AND cl.state IN ('pending', 'retry_wait') AND cl.next_attempt_at <= $2 "
                    "AND l.status <> 'do_not_call' AND NOT EXISTS (SELECT 1 FROM campaign_leads o "
                    "WHERE o.lead_id = cl.lead_id AND o.state = 'calling') "
                    "ORDER BY cl.next_attempt_at, cl.lead_id LIMIT $3";
  // The lead's row is locked too: a second campaign claiming the same lead skips it until
  // this transaction has committed its `calling`, which its NOT EXISTS then sees.
  if (postgres) sql += " FOR UPDATE OF cl, l SKIP LOCKED";
  return sql;
}

core::Result<void> apply_decision(Connection& c, const ClaimedLead& x, const ClaimDecision& d,
                                  std::int64_t now, const std::string& node) {
  const Id campaign = x.entry.campaign_id;
  const Id lead = x.entry.lead_id;
  core::Result<Rows> r = Rows{};
  switch (d.verdict) {
    case ClaimDecision::Verdict::Pass:
      return {};
    case ClaimDecision::Verdict::Defer:
      r = c.query(
          "UPDATE campaign_leads SET next_attempt_at = $3, updated_at = $4 "
          "WHERE campaign_id = $1 AND lead_id = $2",
          {campaign, lead, d.defer_until, now});
      break;
    case ClaimDecision::Verdict::Skip:
      r = c.query(
          "UPDATE campaign_leads SET state = 'skipped', skip_reason = $3, updated_at = $4 "
          "WHERE campaign_id = $1 AND lead_id = $2",
          {campaign, lead, d.skip_reason, now});
      break;
    case ClaimDecision::Verdict::Dial:
      // The attempt counts from here, before the INVITE can leave: a crash after this commit
      // leaves a lead `calling` with its attempt counted, which a restart retries by policy
      // (never a second call for one attempt). record_dial only adds the call id.
      r = c.query(
          "UPDATE campaign_leads SET state = 'calling', node = $3, line = $4, "
          "attempts = attempts + 1, updated_at = $5 WHERE campaign_id = $1 AND lead_id = $2",
          {campaign, lead, node, d.line, now});
      break;
  }
  if (!r) return r.error();
  return {};
}

// calls_per_minute's window: a dial counts while it started less than this long ago.
constexpr std::int64_t kRateWindowMs = 60'000;

// Which pacing limit the campaign is at, counted over every node's claims. Called under the
// claim's lock (the campaign row on PostgreSQL, the IMMEDIATE transaction on SQLite), so no
// other claim of this campaign can add a lead or a dial between this count and the claim.
core::Result<ClaimResult::Limit> limit_reached(Connection& c, Id campaign, std::int64_t now,
                                               const ClaimLimits& limits) {
  if (limits.max_concurrent > 0) {
    auto n =
        c.query("SELECT COUNT(*) FROM campaign_leads WHERE campaign_id = $1 AND state = 'calling'",
                {campaign});
    if (!n) return n.error();
    if (as_int(n->at(0).at(0)) >= limits.max_concurrent) return ClaimResult::Limit::Concurrent;
  }
  if (limits.calls_per_minute > 0) {
    auto n =
        c.query("SELECT COUNT(*) FROM campaign_dials WHERE campaign_id = $1 AND started_at > $2",
                {campaign, now - kRateWindowMs});
    if (!n) return n.error();
    if (as_int(n->at(0).at(0)) >= limits.calls_per_minute) return ClaimResult::Limit::Rate;
  }
  return ClaimResult::Limit::None;
}

// The line with the most free slots among `lines` (ties: the first), counting the leads
// `calling` on each over every campaign and node; "" when all are full. On PostgreSQL each
// line's advisory lock is held to the end of the transaction (taken in name order, after the
// campaign row, so two claims never wait on each other in a circle): a claim on another
// campaign sharing a line counts after this one has committed its `calling`. SQLite's
// IMMEDIATE transaction already serializes every claim.
core::Result<std::string> free_line(Connection& c, const std::vector<ClaimLimits::Line>& lines) {
  if (c.dialect() == Dialect::Postgres) {
    std::vector<std::string> names;
    for (const auto& l : lines)
      names.push_back(l.name);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (const auto& n : names) {
      auto lock = c.query("SELECT pg_advisory_xact_lock(7302, hashtext($1))", {n});
      if (!lock) return lock.error();
    }
  }
  std::string best;
  std::int64_t best_free = 0;
  for (const auto& l : lines) {
    auto n = c.query("SELECT COUNT(*) FROM campaign_leads WHERE state = 'calling' AND line = $1",
                     {l.name});
    if (!n) return n.error();
    const auto free = l.capacity - as_int(n->at(0).at(0));
    if (free > best_free) {
      best = l.name;
      best_free = free;
    }
  }
  return best;
}

// A dial started at `now` enters the window; dials that left it are dropped.
core::Result<void> note_dial(Connection& c, Id campaign, Id lead, std::int64_t now) {
  auto old = c.query("DELETE FROM campaign_dials WHERE campaign_id = $1 AND started_at <= $2",
                     {campaign, now - kRateWindowMs});
  if (!old) return old.error();
  auto ins =
      c.query("INSERT INTO campaign_dials (campaign_id, lead_id, started_at) VALUES ($1, $2, $3)",
              {campaign, lead, now});
  if (!ins) return ins.error();
  return {};
}

}  // namespace

core::Result<void> SqlStore::set_campaign_status(Id campaign_id, const std::string& status) {
  return touch_one("UPDATE campaigns SET status = $2, updated_at = $3 WHERE id = $1 RETURNING id",
                   {campaign_id, status, now_ms()});
}

core::Result<void> SqlStore::set_waiting_reason(Id campaign_id, const std::string& reason) {
  return touch_one("UPDATE campaigns SET waiting_reason = $2 WHERE id = $1 RETURNING id",
                   {campaign_id, reason});
}

core::Result<void> SqlStore::reset_deferred_leads(Id campaign_id) {
  auto r =
      run("UPDATE campaign_leads SET next_attempt_at = 0 WHERE campaign_id = $1 "
          "AND state = 'pending'",
          {campaign_id});
  if (!r) return r.error();
  return {};
}

core::Result<ClaimResult> SqlStore::claim_next_lead(
    Id campaign_id, std::int64_t now, const std::string& node, int scan, const ClaimLimits& limits,
    const std::function<ClaimDecision(const ClaimedLead&)>& decide) {
  ClaimResult out;
  auto r = transaction([&](Connection& c) -> core::Result<void> {
    const bool pg = c.dialect() == Dialect::Postgres;
    if (pg) {
      // The campaign row first: two claims of one campaign take turns instead of both
      // skipping each other's locked leads into an empty answer.
      auto lock = c.query("SELECT id FROM campaigns WHERE id = $1 FOR UPDATE", {campaign_id});
      if (!lock) return lock.error();
    }
    auto dnc = c.query(
        "UPDATE campaign_leads SET state = 'skipped', skip_reason = 'do_not_call', "
        "updated_at = $2 WHERE campaign_id = $1 AND state IN ('pending', 'retry_wait') AND "
        "lead_id IN (SELECT id FROM leads WHERE status = 'do_not_call')",
        {campaign_id, now});
    if (!dnc) return dnc.error();
    auto limited = limit_reached(c, campaign_id, now, limits);
    if (!limited) return limited.error();
    out.limited = *limited;
    if (out.limited != ClaimResult::Limit::None) return {};
    std::string line;
    if (!limits.lines.empty()) {
      auto free = free_line(c, limits.lines);
      if (!free) return free.error();
      if (free->empty()) {
        out.limited = ClaimResult::Limit::Lines;
        return {};
      }
      line = std::move(*free);
    }
    auto rows = c.query(candidates_sql(pg), {campaign_id, now, std::int64_t{scan}});
    if (!rows) return rows.error();
    for (const auto& row : *rows) {
      auto x = claimed_from(row);
      // The candidates' NOT EXISTS saw the snapshot of that statement: a claim of this lead
      // by another campaign that committed just before we locked the lead is seen only by
      // a new statement (READ COMMITTED). We hold the lead's lock now, so this is final.
      auto busy =
          c.query("SELECT 1 FROM campaign_leads WHERE lead_id = $1 AND state = 'calling' LIMIT 1",
                  {x.entry.lead_id});
      if (!busy) return busy.error();
      if (!busy->empty()) continue;
      auto d = decide(x);
      if (d.verdict == ClaimDecision::Verdict::Dial && !line.empty()) d.line = line;
      if (auto applied = apply_decision(c, x, d, now, node); !applied) return applied;
      if (d.verdict == ClaimDecision::Verdict::Dial) {
        if (auto noted = note_dial(c, campaign_id, x.entry.lead_id, now); !noted) return noted;
        x.entry.state = "calling";
        x.entry.node = node;
        x.entry.line = d.line;
        x.entry.attempts += 1;
        out.lead = std::move(x);
        break;
      }
    }
    return {};
  });
  if (!r) return r.error();
  return out;
}

core::Result<void> SqlStore::record_dial(Id campaign_id, Id lead_id, Id call_id) {
  return touch_one(
      "UPDATE campaign_leads SET call_ids = CASE WHEN call_ids = '' "
      "THEN $3 ELSE call_ids || ',' || $3 END, updated_at = $4 WHERE campaign_id = $1 AND "
      "lead_id = $2 RETURNING lead_id",
      {campaign_id, lead_id, std::to_string(call_id), now_ms()});
}

core::Result<void> SqlStore::release_claim(Id campaign_id, Id lead_id,
                                           std::int64_t next_attempt_at) {
  return transaction([&](Connection& c) -> core::Result<void> {
    // The claim stamped the row's updated_at and its dial with the same `now`.
    auto dial = c.query(
        "DELETE FROM campaign_dials WHERE campaign_id = $1 AND lead_id = $2 AND started_at >= "
        "(SELECT updated_at FROM campaign_leads WHERE campaign_id = $1 AND lead_id = $2 AND "
        "state = 'calling')",
        {campaign_id, lead_id});
    if (!dial) return dial.error();
    // The claim counted the attempt; the call was never placed, so it is given back.
    auto up = c.query(
        "UPDATE campaign_leads SET state = CASE WHEN attempts <= 1 THEN 'pending' ELSE "
        "'retry_wait' END, attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, "
        "node = '', next_attempt_at = $3, updated_at = $4 WHERE campaign_id = "
        "$1 AND lead_id = $2 AND state = 'calling' RETURNING lead_id",
        {campaign_id, lead_id, next_attempt_at, now_ms()});
    if (!up) return up.error();
    if (up->empty()) return Errc::NotFound;
    return {};
  });
}

core::Result<void> SqlStore::finish_attempt(const AttemptResult& a) {
  return transaction([&](Connection& c) -> core::Result<void> {
    auto rows = c.query(
        "SELECT attempts, call_ids, last_outcome FROM campaign_leads "
        "WHERE campaign_id = $1 AND lead_id = $2",
        {a.campaign_id, a.lead_id});
    if (!rows) return rows.error();
    if (rows->empty()) return Errc::NotFound;
    auto attempts = as_int(rows->front()[0]);
    auto ids = parse_ids(as_text(rows->front()[1]));
    if (a.refund_call_id != 0) {
      if (auto it = std::find(ids.begin(), ids.end(), a.refund_call_id); it != ids.end()) {
        ids.erase(it);
        attempts = attempts > 0 ? attempts - 1 : 0;
      }
    }
    const auto outcome = a.last_outcome.empty() ? as_text(rows->front()[2]) : a.last_outcome;
    auto up = c.query(
        "UPDATE campaign_leads SET state = $3, skip_reason = $4, last_outcome = $5, "
        "next_attempt_at = $6, attempts = $7, call_ids = $8, node = '', updated_at = $9 "
        "WHERE campaign_id = $1 AND lead_id = $2",
        {a.campaign_id, a.lead_id, a.state, a.skip_reason, outcome, a.next_attempt_at, attempts,
         join_ids(ids), now_ms()});
    if (!up) return up.error();
    return {};
  });
}

core::Result<std::vector<CampaignLead>> SqlStore::calling_leads(const std::string& node) {
  std::vector<Value> params;
  std::string sql =
      std::string("SELECT ") + kEntryColumns + " FROM campaign_leads cl WHERE cl.state = 'calling'";
  if (!node.empty()) {
    params.emplace_back(node);
    sql += " AND cl.node = $1";
  }
  auto rows = run(sql + " ORDER BY cl.campaign_id, cl.lead_id", params);
  if (!rows) return rows.error();
  std::vector<CampaignLead> out;
  for (const auto& r : *rows)
    out.push_back(entry_from(r));
  return out;
}

core::Result<Paged<CampaignLead>> SqlStore::list_campaign_leads(Id campaign_id, Page page) {
  std::vector<Value> params{campaign_id};
  auto count = run("SELECT COUNT(*) FROM campaign_leads WHERE campaign_id = $1", params);
  if (!count) return count.error();
  Paged<CampaignLead> out;
  out.total = as_int(count->at(0).at(0));
  auto rows = run(std::string("SELECT ") + kEntryColumns +
                      " FROM campaign_leads cl WHERE cl.campaign_id = $1 ORDER BY cl.lead_id" +
                      limit_offset(page, params),
                  params);
  if (!rows) return rows.error();
  for (const auto& r : *rows)
    out.items.push_back(entry_from(r));
  return out;
}

core::Result<CampaignLead> SqlStore::get_campaign_lead(Id campaign_id, Id lead_id) {
  auto rows = run(std::string("SELECT ") + kEntryColumns +
                      " FROM campaign_leads cl WHERE cl.campaign_id = $1 AND cl.lead_id = $2",
                  {campaign_id, lead_id});
  if (!rows) return rows.error();
  if (rows->empty()) return Errc::NotFound;
  return entry_from(rows->front());
}

core::Result<CampaignTally> SqlStore::campaign_tally(Id campaign_id) {
  CampaignTally t;
  auto states =
      run("SELECT state, COUNT(*), COALESCE(SUM(attempts), 0) FROM campaign_leads "
          "WHERE campaign_id = $1 GROUP BY state ORDER BY state",
          {campaign_id});
  if (!states) return states.error();
  for (const auto& r : *states) {
    t.by_state.emplace_back(as_text(r[0]), as_int(r[1]));
    t.total += as_int(r[1]);
    t.attempts += as_int(r[2]);
  }
  auto outcomes =
      run("SELECT last_outcome, COUNT(*) FROM campaign_leads WHERE campaign_id = $1 "
          "AND last_outcome <> '' GROUP BY last_outcome ORDER BY last_outcome",
          {campaign_id});
  if (!outcomes) return outcomes.error();
  for (const auto& r : *outcomes)
    t.by_outcome.emplace_back(as_text(r[0]), as_int(r[1]));
  return t;
}

}  // namespace va::crm::sql
