// SqlStore: agent profiles. A profile in use by a running campaign is not deleted; the
// campaigns that merely named it lose it through the foreign key (ON DELETE SET NULL).
#include "crm/errc.h"
#include "crm/sql/row.h"
#include "crm/sql/sql_store.h"

namespace va::crm::sql {
namespace {

constexpr const char* kProfileColumns =
    "SELECT id, owner_id, name, company, objective, offer, objections, voice, language, "
    "greeting, extraction_schema, provider, created_at, updated_at FROM agent_profiles";

AgentProfile profile_from(const Row& r) {
  AgentProfile p;
  p.id = as_int(r[0]);
  p.owner_id = as_int(r[1]);
  p.name = as_text(r[2]);
  p.company = as_text(r[3]);
  p.objective = as_text(r[4]);
  p.offer = as_text(r[5]);
  p.objections = as_text(r[6]);
  p.voice = as_text(r[7]);
  p.language = as_text(r[8]);
  p.greeting = as_text(r[9]);
  p.extraction_schema = as_text(r[10]);
  p.provider = as_text(r[11]);
  p.created_at = as_int(r[12]);
  p.updated_at = as_int(r[13]);
  return p;
}

}  // namespace

core::Result<Id> SqlStore::create_agent_profile(const AgentProfile& p) {
  return insert(
      "INSERT INTO agent_profiles (owner_id, name, company, objective, offer, objections, voice, "
      "language, greeting, extraction_schema, provider, created_at, updated_at) VALUES ($1, $2, "
      "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
      {p.owner_id, p.name, p.company, p.objective, p.offer, p.objections, p.voice, p.language,
       p.greeting, p.extraction_schema, p.provider, now_ms()});
}

core::Result<AgentProfile> SqlStore::get_agent_profile(Id id) {
  auto rows = run(std::string(kProfileColumns) + " WHERE id = $1", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return Errc::NotFound;
  return profile_from(rows->front());
}

core::Result<std::vector<AgentProfile>> SqlStore::list_agent_profiles(const OwnerScope& scope) {
  std::vector<Value> params;
  auto rows = run(std::string(kProfileColumns) + " WHERE 1 = 1" +
                      owner_filter(scope, "owner_id", params) + " ORDER BY id",
                  params);
  if (!rows) return rows.error();
  std::vector<AgentProfile> out;
  for (const auto& r : *rows)
    out.push_back(profile_from(r));
  return out;
}

core::Result<void> SqlStore::update_agent_profile(const AgentProfile& p) {
  return touch_one(
      "UPDATE agent_profiles SET name = $2, company = $3, objective = $4, offer = $5, "
      "objections = $6, voice = $7, language = $8, greeting = $9, extraction_schema = $10, "
      "provider = $11, updated_at = $12 WHERE id = $1 RETURNING id",
      {p.id, p.name, p.company, p.objective, p.offer, p.objections, p.voice, p.language, p.greeting,
       p.extraction_schema, p.provider, now_ms()});
}

core::Result<void> SqlStore::delete_agent_profile(Id id) {
  return transaction([id](Connection& c) -> core::Result<void> {
    // PostgreSQL: lock the campaigns that name it, so a start racing with the delete either
    // commits first (and is seen here) or waits for the delete. SQLite's IMMEDIATE
    // transaction already excludes every other writer.
    const bool pg = c.dialect() == Dialect::Postgres;
    auto users = c.query(std::string("SELECT status FROM campaigns WHERE agent_profile_id = $1") +
                             (pg ? " FOR UPDATE" : ""),
                         {id});
    if (!users) return users.error();
    for (const auto& r : *users) {
      const auto status = as_text(r[0]);
      if (status == "active" || status == "paused") return Errc::Conflict;
    }
    auto gone = c.query("DELETE FROM agent_profiles WHERE id = $1 RETURNING id", {id});
    if (!gone) return gone.error();
    if (gone->empty()) return Errc::NotFound;
    return {};
  });
}

core::Result<void> SqlStore::set_call_agent_profile(Id call_id, Id profile_id) {
  return touch_one("UPDATE calls SET agent_profile_id = $2 WHERE id = $1 RETURNING id",
                   {call_id, id_or_null(profile_id)});
}

core::Result<Id> SqlStore::call_agent_profile(Id call_id) {
  auto rows = run("SELECT agent_profile_id FROM calls WHERE id = $1", {call_id});
  if (!rows) return rows.error();
  if (rows->empty()) return Errc::NotFound;
  return as_int(rows->front()[0]);
}

}  // namespace va::crm::sql
