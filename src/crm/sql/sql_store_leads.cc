// SqlStore: leads (with search and pagination) and campaigns with their lead lists.
#include <set>

#include "crm/errc.h"
#include "crm/sql/row.h"
#include "crm/sql/sql_rows.h"
#include "crm/sql/sql_store.h"

namespace va::crm::sql {
namespace {

constexpr const char* kLeadColumns =
    "SELECT id, owner_id, name, phone, email, company, country, notes, status, created_at, "
    "updated_at, timezone, disposition, disposition_call_id FROM leads";

}  // namespace

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names)
    out += (out.empty() ? "" : ",") + n;
  return out;
}

Lead lead_from(const Row& r) {
  Lead l;
  l.id = as_int(r[0]);
  l.owner_id = as_int(r[1]);
  l.name = as_text(r[2]);
  l.phone = as_text(r[3]);
  l.email = as_text(r[4]);
  l.company = as_text(r[5]);
  l.country = as_text(r[6]);
  l.notes = as_text(r[7]);
  l.status = as_text(r[8]);
  l.created_at = as_int(r[9]);
  l.updated_at = as_int(r[10]);
  l.timezone = as_text(r[11]);
  if (r.size() > 13) {  // the dialer's claim reads the columns before these only
    l.disposition = as_text(r[12]);
    l.disposition_call_id = as_int(r[13]);
  }
  return l;
}

namespace {

constexpr const char* kInsertLead =
    "INSERT INTO leads (owner_id, name, phone, email, company, country, notes, status, "
    "created_at, updated_at, timezone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) "
    "RETURNING id";

std::vector<Value> lead_params(const Lead& l) {
  return {l.owner_id, l.name,  l.phone,  l.email,  l.company,
          l.country,  l.notes, l.status, now_ms(), l.timezone};
}

constexpr const char* kCampaignColumns =
    "SELECT id, owner_id, name, status, system_prompt, voice, language, greeting, created_at, "
    "updated_at, waiting_reason, max_concurrent, calls_per_minute, max_attempts, retry_busy_s, "
    "retry_no_answer_s, retry_rejected_s, retry_unreachable_s, retry_failed_s, hours_from_min, "
    "hours_to_min, hours_days, lines, extraction_schema, provider, agent_profile_id, "
    "transfer_targets, voicemail_action, voicemail_message FROM campaigns";

DialingSettings dialing_from(const Row& r, std::size_t i) {
  DialingSettings d;
  std::int64_t* fields[] = {&d.max_concurrent,
                            &d.calls_per_minute,
                            &d.max_attempts,
                            &d.retry_busy_s,
                            &d.retry_no_answer_s,
                            &d.retry_rejected_s,
                            &d.retry_unreachable_s,
                            &d.retry_failed_s,
                            &d.hours_from_min,
                            &d.hours_to_min,
                            &d.days};
  for (auto* f : fields)
    *f = as_int(r[i++]);
  d.lines = split_names(as_text(r[i]));
  return d;
}

// $2.. $13 of the campaign writes, after whatever comes first.
void add_dialing(std::vector<Value>& p, const DialingSettings& d) {
  for (auto v : {d.max_concurrent, d.calls_per_minute, d.max_attempts, d.retry_busy_s,
                 d.retry_no_answer_s, d.retry_rejected_s, d.retry_unreachable_s, d.retry_failed_s,
                 d.hours_from_min, d.hours_to_min, d.days})
    p.emplace_back(v);
  p.emplace_back(join_names(d.lines));
}

constexpr const char* kDialingColumns =
    "max_concurrent, calls_per_minute, max_attempts, retry_busy_s, retry_no_answer_s, "
    "retry_rejected_s, retry_unreachable_s, retry_failed_s, hours_from_min, hours_to_min, "
    "hours_days, lines";

Campaign campaign_from(const Row& r) {
  Campaign c;
  c.id = as_int(r[0]);
  c.owner_id = as_int(r[1]);
  c.name = as_text(r[2]);
  c.status = as_text(r[3]);
  c.agent = {as_text(r[4]), as_text(r[5]), as_text(r[6]), as_text(r[7])};
  c.created_at = as_int(r[8]);
  c.updated_at = as_int(r[9]);
  c.waiting_reason = as_text(r[10]);
  c.dialing = dialing_from(r, 11);
  c.extraction_schema = as_text(r[23]);
  c.agent.provider = as_text(r[24]);
  c.agent_profile_id = as_int(r[25]);
  c.transfer_targets = split_names(as_text(r[26]));
  c.voicemail_action = as_text(r[27]);
  c.voicemail_message = as_text(r[28]);
  return c;
}

// LIKE with our own escape character, so a user's % or _ matches itself.
std::string like_pattern(const std::string& q) {
  std::string out = "%";
  for (char c : q) {
    if (c == '%' || c == '_' || c == '!') out += '!';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out + "%";
}

}  // namespace

core::Result<Id> SqlStore::create_lead(const Lead& l) {
  return insert(kInsertLead, lead_params(l));
}

core::Result<Lead> SqlStore::get_lead(Id id) {
  auto rows = run(std::string(kLeadColumns) + " WHERE id = $1", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return Errc::NotFound;
  return lead_from(rows->front());
}

core::Result<void> SqlStore::update_lead(const Lead& l) {
  return touch_one(
      "UPDATE leads SET name = $2, phone = $3, email = $4, company = $5, country = $6, notes = $7, "
      "status = $8, updated_at = $9, timezone = $10 WHERE id = $1 RETURNING id",
      {l.id, l.name, l.phone, l.email, l.company, l.country, l.notes, l.status, now_ms(),
       l.timezone});
}

core::Result<void> SqlStore::delete_lead(Id id) {
  return touch_one("DELETE FROM leads WHERE id = $1 RETURNING id", {id});
}

core::Result<Paged<Lead>> SqlStore::list_leads(const LeadQuery& q) {
  std::vector<Value> params;
  std::string where = " WHERE 1 = 1" + owner_filter(q.owners, "owner_id", params);
  if (!q.status.empty()) {
    params.emplace_back(q.status);
    where += " AND status = $" + std::to_string(params.size());
  }
  if (!q.q.empty()) {
    params.emplace_back(like_pattern(q.q));
    const auto n = "$" + std::to_string(params.size());
    where += " AND (lower(name) LIKE " + n + " ESCAPE '!' OR phone LIKE " + n +
             " ESCAPE '!' OR lower(email) LIKE " + n + " ESCAPE '!' OR lower(company) LIKE " + n +
             " ESCAPE '!')";
  }
  auto count = run("SELECT COUNT(*) FROM leads" + where, params);
  if (!count) return count.error();
  Paged<Lead> out;
  out.total = as_int(count->at(0).at(0));
  auto rows = run(kLeadColumns + where + " ORDER BY id" + limit_offset(q.page, params), params);
  if (!rows) return rows.error();
  for (const auto& r : *rows)
    out.items.push_back(lead_from(r));
  return out;
}

core::Result<std::vector<Id>> SqlStore::import_leads(const std::vector<Lead>& leads) {
  std::vector<Id> ids;
  auto r = transaction([&](Connection& c) -> core::Result<void> {
    for (const auto& l : leads) {
      auto rows = c.query(kInsertLead, lead_params(l));
      if (!rows) return rows.error();
      ids.push_back(as_int(rows->at(0).at(0)));
    }
    return {};
  });
  if (!r) return r.error();
  return ids;
}

core::Result<Id> SqlStore::create_campaign(const Campaign& c) {
  std::vector<Value> p{c.owner_id,    c.name,           c.status,         c.agent.system_prompt,
                       c.agent.voice, c.agent.language, c.agent.greeting, now_ms()};
  add_dialing(p, c.dialing);
  p.emplace_back(c.extraction_schema);
  p.emplace_back(c.agent.provider);
  p.emplace_back(id_or_null(c.agent_profile_id));
  p.emplace_back(join_names(c.transfer_targets));
  p.emplace_back(c.voicemail_action);
  p.emplace_back(c.voicemail_message);
  return insert(std::string("INSERT INTO campaigns (owner_id, name, status, system_prompt, voice, "
                            "language, greeting, created_at, updated_at, ") +
                    kDialingColumns +
                    ", extraction_schema, provider, agent_profile_id, transfer_targets, "
                    "voicemail_action, voicemail_message) VALUES "
                    "($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
                    "$17, $18, $19, $20, $21, $22, $23, $24, $25, $26) RETURNING id",
                p);
}

core::Result<void> SqlStore::load_campaign_leads(Campaign& c) {
  auto leads =
      run("SELECT lead_id FROM campaign_leads WHERE campaign_id = $1 ORDER BY lead_id", {c.id});
  if (!leads) return leads.error();
  c.lead_ids.clear();
  for (const auto& r : *leads)
    c.lead_ids.push_back(as_int(r[0]));
  return {};
}

core::Result<Campaign> SqlStore::get_campaign(Id id) {
  auto rows = run(std::string(kCampaignColumns) + " WHERE id = $1", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return Errc::NotFound;
  auto c = campaign_from(rows->front());
  if (auto r = load_campaign_leads(c); !r) return r.error();
  return c;
}

core::Result<void> SqlStore::update_campaign(const Campaign& c) {
  std::vector<Value> p{c.id,          c.name,           c.status,         c.agent.system_prompt,
                       c.agent.voice, c.agent.language, c.agent.greeting, now_ms()};
  add_dialing(p, c.dialing);
  p.emplace_back(c.extraction_schema);
  p.emplace_back(c.agent.provider);
  p.emplace_back(id_or_null(c.agent_profile_id));
  p.emplace_back(join_names(c.transfer_targets));
  p.emplace_back(c.voicemail_action);
  p.emplace_back(c.voicemail_message);
  return touch_one(
      "UPDATE campaigns SET name = $2, status = $3, system_prompt = $4, voice = $5, "
      "language = $6, greeting = $7, updated_at = $8, max_concurrent = $9, "
      "calls_per_minute = $10, max_attempts = $11, retry_busy_s = $12, retry_no_answer_s = $13, "
      "retry_rejected_s = $14, retry_unreachable_s = $15, retry_failed_s = $16, "
      "hours_from_min = $17, hours_to_min = $18, hours_days = $19, lines = $20, "
      "extraction_schema = $21, provider = $22, agent_profile_id = $23, transfer_targets = $24, "
      "voicemail_action = $25, voicemail_message = $26 WHERE id = $1 RETURNING id",
      p);
}

core::Result<void> SqlStore::delete_campaign(Id id) {
  return touch_one("DELETE FROM campaigns WHERE id = $1 RETURNING id", {id});
}

core::Result<Paged<Campaign>> SqlStore::list_campaigns(const OwnerScope& scope, Page page) {
  std::vector<Value> params;
  const std::string where = " WHERE 1 = 1" + owner_filter(scope, "owner_id", params);
  auto count = run("SELECT COUNT(*) FROM campaigns" + where, params);
  if (!count) return count.error();
  Paged<Campaign> out;
  out.total = as_int(count->at(0).at(0));
  auto rows = run(kCampaignColumns + where + " ORDER BY id" + limit_offset(page, params), params);
  if (!rows) return rows.error();
  // A page holds at most per_page campaigns: one small query each keeps lead_ids as on GET.
  for (const auto& r : *rows) {
    out.items.push_back(campaign_from(r));
    if (auto loaded = load_campaign_leads(out.items.back()); !loaded) return loaded.error();
  }
  return out;
}

// The dialer asks every tick: the active campaigns without their lead lists (which can be
// long and which it does not need).
core::Result<std::vector<Campaign>> SqlStore::active_campaigns() {
  auto rows = run(std::string(kCampaignColumns) + " WHERE status = 'active' ORDER BY id", {});
  if (!rows) return rows.error();
  std::vector<Campaign> out;
  for (const auto& r : *rows)
    out.push_back(campaign_from(r));
  return out;
}

core::Result<void> SqlStore::set_campaign_leads(Id campaign_id, const std::vector<Id>& leads) {
  return transaction([&](Connection& c) -> core::Result<void> {
    auto exists = c.query("SELECT id FROM campaigns WHERE id = $1", {campaign_id});
    if (!exists) return exists.error();
    if (exists->empty()) return Errc::NotFound;
    // Leads that stay keep their state; a lead being called stays until its call ends.
    auto have =
        c.query("SELECT lead_id, state FROM campaign_leads WHERE campaign_id = $1", {campaign_id});
    if (!have) return have.error();
    std::set<Id> wanted(leads.begin(), leads.end());
    std::set<Id> present;
    for (const auto& r : *have) {
      const Id lead = as_int(r[0]);
      present.insert(lead);
      if (wanted.count(lead) || as_text(r[1]) == "calling") continue;
      auto del = c.query("DELETE FROM campaign_leads WHERE campaign_id = $1 AND lead_id = $2",
                         {campaign_id, lead});
      if (!del) return del.error();
    }
    for (Id lead : wanted) {
      if (present.count(lead)) continue;
      auto ins = c.query(
          "INSERT INTO campaign_leads (campaign_id, lead_id, updated_at) VALUES ($1, $2, $3)",
          {campaign_id, lead, now_ms()});
      if (!ins) return ins.error();
    }
    return {};
  });
}

}  // namespace va::crm::sql
