// Migrations: DDL written once with {PK} for the dialect's auto-increment key and {TENANT}
// for a user's tenant.
#include "crm/sql/migrations.h"

#include <spdlog/spdlog.h>

#include <string>
#include <vector>

#include "crm/errc.h"

namespace va::crm::sql {
namespace {

struct Step {
  std::int64_t version;
  const char* ddl;
};

// Times are Unix ms (BIGINT); booleans are 0/1 INTEGER in both dialects. One constant per
// version keeps each step readable on its own; steps() lists them in order.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE api_keys (
  id {PK}, fingerprint TEXT NOT NULL UNIQUE, label TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active', sealed TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE users (
  id {PK}, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '', role TEXT NOT NULL, parent_id BIGINT REFERENCES users(id),
  password_hash TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1,
  max_concurrent_calls BIGINT NOT NULL DEFAULT 1, api_key_id BIGINT REFERENCES api_keys(id),
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX users_parent ON users(parent_id);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);
CREATE TABLE leads (
  id {PK}, owner_id BIGINT NOT NULL REFERENCES users(id), name TEXT NOT NULL,
  phone TEXT NOT NULL, email TEXT NOT NULL DEFAULT '', company TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'new', created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX leads_owner ON leads(owner_id);
CREATE TABLE campaigns (
  id {PK}, owner_id BIGINT NOT NULL REFERENCES users(id), name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft', system_prompt TEXT NOT NULL DEFAULT '',
  voice TEXT NOT NULL DEFAULT '', language TEXT NOT NULL DEFAULT '',
  greeting TEXT NOT NULL DEFAULT '', created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX campaigns_owner ON campaigns(owner_id);
CREATE TABLE campaign_leads (
  campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  lead_id BIGINT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  PRIMARY KEY (campaign_id, lead_id));
CREATE TABLE calls (
  id {PK}, owner_id BIGINT NOT NULL REFERENCES users(id),
  direction TEXT NOT NULL DEFAULT 'outbound',
  lead_id BIGINT REFERENCES leads(id) ON DELETE SET NULL,
  campaign_id BIGINT REFERENCES campaigns(id) ON DELETE SET NULL,
  from_uri TEXT NOT NULL DEFAULT '', to_uri TEXT NOT NULL DEFAULT '',
  sip_call_id TEXT NOT NULL DEFAULT '', local_rtp_port BIGINT NOT NULL DEFAULT 0,
  remote_rtp TEXT NOT NULL DEFAULT '', ssrc_in BIGINT NOT NULL DEFAULT 0,
  ssrc_out BIGINT NOT NULL DEFAULT 0, key_fingerprint TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'dialing', created_at BIGINT NOT NULL,
  ringing_at BIGINT NOT NULL DEFAULT 0, answered_at BIGINT NOT NULL DEFAULT 0,
  ended_at BIGINT NOT NULL DEFAULT 0, outcome TEXT NOT NULL DEFAULT '',
  end_reason TEXT NOT NULL DEFAULT '', recording_path TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '');
CREATE INDEX calls_owner ON calls(owner_id);
CREATE TABLE call_transcript (
  id {PK}, call_id BIGINT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  who TEXT NOT NULL, text TEXT NOT NULL, at BIGINT NOT NULL);
CREATE INDEX call_transcript_call ON call_transcript(call_id);
)sql";

// 2: what GET /api/calls/{id} shows of a call's media (issue 5), and inbound routing:
// a dialled number (DID) belongs to a user, optionally with a campaign's agent config.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE calls ADD COLUMN packets_in BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN packets_out BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN packets_dropped_foreign BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN greeting_latency_ms BIGINT NOT NULL DEFAULT -1;
CREATE TABLE inbound_routes (
  number TEXT PRIMARY KEY, owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  campaign_id BIGINT REFERENCES campaigns(id) ON DELETE SET NULL, created_at BIGINT NOT NULL);
)sql";

// 3: key owners (issue 20). Until now PUT /api/users/{id}/api-key put the user's key into
// the shared pool, whence least-used assignment handed it to other tenants. Each key now
// has an owner: pool (the superadmin's, the only keys handed out), user, tenant (an
// admin's: the admin and its agents) or unclaimed. The old schema does not record who
// added a key, so existing keys are sorted by this rule:
//   a. a key with a label stays in the pool: a per-user set always stored label '';
//   b. an unlabelled key held by nobody becomes unclaimed: never handed out until its
//      next explicit set (PUT: claimed by that user or tenant) or add (POST /api/keys:
//      the superadmin claims it for the pool);
//   c. an unlabelled key held by exactly one user becomes that user's;
//   d. an unlabelled key held by several users of one tenant (an admin and its agents)
//      becomes that tenant's;
//   e. an unlabelled key held across tenants stays in the pool: it was shared by
//      least-used assignment, and no one tenant can be named its owner.
// The rule errs towards private: an unlabelled pool key that least-used assignment gave
// to one user only is made that user's, and the superadmin sees it so in GET /api/keys.
constexpr const char* kVersion3 = R"sql(
ALTER TABLE api_keys ADD COLUMN owner_kind TEXT NOT NULL DEFAULT 'pool';
ALTER TABLE api_keys ADD COLUMN owner_id BIGINT REFERENCES users(id);
UPDATE api_keys SET owner_kind = 'unclaimed'
  WHERE label = '' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.api_key_id = api_keys.id);
UPDATE api_keys SET owner_kind = 'user',
    owner_id = (SELECT MIN(u.id) FROM users u WHERE u.api_key_id = api_keys.id)
  WHERE label = '' AND (SELECT COUNT(*) FROM users u WHERE u.api_key_id = api_keys.id) = 1;
UPDATE api_keys SET owner_kind = 'tenant',
    owner_id = (SELECT MIN({TENANT}) FROM users u WHERE u.api_key_id = api_keys.id)
  WHERE label = '' AND owner_kind = 'pool'
    AND (SELECT COUNT(*) FROM users u WHERE u.api_key_id = api_keys.id) > 1
    AND (SELECT COUNT(DISTINCT {TENANT}) FROM users u WHERE u.api_key_id = api_keys.id) = 1;
)sql";

// 4: crash recovery (issue 20). Each process records itself as a node with a heartbeat, and
// each call record names the node that runs it, so a node that died can have its live calls
// closed as `interrupted` at its restart (or, later, by a survivor). Calls recorded before
// this step have node '' (crm/node_heartbeat.h says who closes them).
constexpr const char* kVersion4 = R"sql(
CREATE TABLE nodes (
  name TEXT PRIMARY KEY, pid BIGINT NOT NULL DEFAULT 0, started_at BIGINT NOT NULL DEFAULT 0,
  last_seen_at BIGINT NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'live');
ALTER TABLE calls ADD COLUMN node TEXT NOT NULL DEFAULT '';
CREATE INDEX calls_node_status ON calls(node, status);
)sql";

// 5: the campaign dialer (issue 13): a campaign's dialing settings and waiting reason, a
// lead's IANA time zone, and each lead's state in each of its campaigns. call_ids is a
// comma-separated list (one id per attempt); node is who holds a `calling` claim.
constexpr const char* kVersion5 = R"sql(
ALTER TABLE campaigns ADD COLUMN waiting_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN max_concurrent BIGINT NOT NULL DEFAULT 1;
ALTER TABLE campaigns ADD COLUMN calls_per_minute BIGINT NOT NULL DEFAULT 10;
ALTER TABLE campaigns ADD COLUMN max_attempts BIGINT NOT NULL DEFAULT 3;
ALTER TABLE campaigns ADD COLUMN retry_busy_s BIGINT NOT NULL DEFAULT 600;
ALTER TABLE campaigns ADD COLUMN retry_no_answer_s BIGINT NOT NULL DEFAULT 1800;
ALTER TABLE campaigns ADD COLUMN retry_rejected_s BIGINT NOT NULL DEFAULT -1;
ALTER TABLE campaigns ADD COLUMN retry_unreachable_s BIGINT NOT NULL DEFAULT 900;
ALTER TABLE campaigns ADD COLUMN retry_failed_s BIGINT NOT NULL DEFAULT 900;
ALTER TABLE campaigns ADD COLUMN hours_from_min BIGINT NOT NULL DEFAULT 540;
ALTER TABLE campaigns ADD COLUMN hours_to_min BIGINT NOT NULL DEFAULT 1200;
ALTER TABLE campaigns ADD COLUMN hours_days BIGINT NOT NULL DEFAULT 62;
ALTER TABLE campaigns ADD COLUMN lines TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN timezone TEXT NOT NULL DEFAULT '';
ALTER TABLE campaign_leads ADD COLUMN state TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE campaign_leads ADD COLUMN skip_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE campaign_leads ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE campaign_leads ADD COLUMN last_outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE campaign_leads ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE campaign_leads ADD COLUMN call_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE campaign_leads ADD COLUMN line TEXT NOT NULL DEFAULT '';
ALTER TABLE campaign_leads ADD COLUMN node TEXT NOT NULL DEFAULT '';
ALTER TABLE campaign_leads ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX campaign_leads_due ON campaign_leads(campaign_id, state, next_attempt_at);
CREATE INDEX campaign_leads_lead ON campaign_leads(lead_id, state);
)sql";

// 6: campaign pacing across nodes: one row per dial the claim started (kept 60 s and a bit),
// so calls_per_minute counts every node's dials and survives a restart.
constexpr const char* kVersion6 = R"sql(
CREATE TABLE campaign_dials (
  campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  lead_id BIGINT NOT NULL, started_at BIGINT NOT NULL);
CREATE INDEX campaign_dials_window ON campaign_dials(campaign_id, started_at);
)sql";

// 7: post-call analysis: one row per analysed call (the pending rows are the persistent
// queue), the campaign's extraction schema (JSON text), the lead's last disposition.
constexpr const char* kVersion7 = R"sql(
CREATE TABLE call_analyses (
  call_id BIGINT PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'pending', attempts BIGINT NOT NULL DEFAULT 0,
  next_try_at BIGINT NOT NULL DEFAULT 0, summary TEXT NOT NULL DEFAULT '',
  disposition TEXT NOT NULL DEFAULT '', callback_at BIGINT NOT NULL DEFAULT 0,
  fields TEXT NOT NULL DEFAULT '{}', error TEXT NOT NULL DEFAULT '',
  input_tokens BIGINT NOT NULL DEFAULT 0, output_tokens BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX call_analyses_due ON call_analyses(status, next_try_at);
ALTER TABLE campaigns ADD COLUMN extraction_schema TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN disposition TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN disposition_call_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX leads_disposition ON leads(disposition);
)sql";

// 8: webhooks (issue 14): endpoints (events comma-separated), one delivery per event and
// endpoint (the body fixed when the event happened, order_key keeping one call's events in
// order), and one row per try for the delivery log. call_id is not a foreign key: the log
// outlives a deleted call.
constexpr const char* kVersion8 = R"sql(
CREATE TABLE webhooks (
  id {PK}, owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  url TEXT NOT NULL, secret TEXT NOT NULL, events TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1, description TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX webhooks_owner ON webhooks(owner_id);
CREATE TABLE webhook_deliveries (
  id {PK}, webhook_id BIGINT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event TEXT NOT NULL, call_id BIGINT NOT NULL DEFAULT 0,
  campaign_id BIGINT NOT NULL DEFAULT 0, order_key TEXT NOT NULL, body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending', attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL,
  last_status_code BIGINT NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',
  resend_of BIGINT NOT NULL DEFAULT 0);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_order ON webhook_deliveries(webhook_id, order_key, status);
CREATE TABLE webhook_attempts (
  id {PK}, delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  webhook_id BIGINT NOT NULL, attempt BIGINT NOT NULL, status_code BIGINT NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '', at BIGINT NOT NULL, duration_ms BIGINT NOT NULL DEFAULT 0);
CREATE INDEX webhook_attempts_webhook ON webhook_attempts(webhook_id, id);
)sql";

// 9: users bound to trunk lines (comma-separated names, '' = any), like campaigns.lines;
// and the claim's count of calls up per line over every campaign and node.
constexpr const char* kVersion9 = R"sql(
ALTER TABLE users ADD COLUMN lines TEXT NOT NULL DEFAULT '';
CREATE INDEX campaign_leads_line ON campaign_leads(state, line);
)sql";

// 10: keys per provider (issue 16): a key is for Gemini or OpenAI; a user holds one of each
// (api_key_id stays the Gemini key); a campaign's agent may name its provider ('' = ai.provider);
// a call records the provider it is on.
constexpr const char* kVersion10 = R"sql(
ALTER TABLE api_keys ADD COLUMN provider TEXT NOT NULL DEFAULT 'gemini';
ALTER TABLE users ADD COLUMN openai_key_id BIGINT REFERENCES api_keys(id);
ALTER TABLE campaigns ADD COLUMN provider TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN provider TEXT NOT NULL DEFAULT 'gemini';
)sql";

// 11: usage and cost per call (issue 14): the AI's tokens (with their audio part), seconds
// talked and the estimated cost in millionths of a USD; the superadmin's limits per admin.
// An admin's max_concurrent_calls now counts its whole tenant: admins made before (default 1)
// start with no limit rather than one call for the whole tenant.
constexpr const char* kVersion11 = R"sql(
ALTER TABLE calls ADD COLUMN input_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN output_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN input_audio_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN output_audio_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN talk_s BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN cost_micros BIGINT NOT NULL DEFAULT 0;
CREATE INDEX calls_owner_created ON calls(owner_id, created_at);
ALTER TABLE users ADD COLUMN max_agents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN monthly_minutes BIGINT NOT NULL DEFAULT 0;
UPDATE users SET max_concurrent_calls = 0 WHERE role = 'admin';
)sql";

// 12: agent profiles (issue 14): reusable personas an admin owns, picked by campaigns and by
// single calls; a call records the profile it spoke as. Deleting a profile clears it from the
// campaigns that are not running and from past calls (the store refuses while a running
// campaign uses it).
constexpr const char* kVersion12 = R"sql(
CREATE TABLE agent_profiles (
  id {PK}, owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL, company TEXT NOT NULL DEFAULT '', objective TEXT NOT NULL DEFAULT '',
  offer TEXT NOT NULL DEFAULT '', objections TEXT NOT NULL DEFAULT '',
  voice TEXT NOT NULL DEFAULT '', language TEXT NOT NULL DEFAULT '',
  greeting TEXT NOT NULL DEFAULT '', extraction_schema TEXT NOT NULL DEFAULT '',
  provider TEXT NOT NULL DEFAULT '', created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX agent_profiles_owner ON agent_profiles(owner_id);
ALTER TABLE campaigns ADD COLUMN agent_profile_id BIGINT
  REFERENCES agent_profiles(id) ON DELETE SET NULL;
CREATE INDEX campaigns_agent_profile ON campaigns(agent_profile_id);
ALTER TABLE calls ADD COLUMN agent_profile_id BIGINT
  REFERENCES agent_profiles(id) ON DELETE SET NULL;
)sql";

// 13: answering-machine detection on the call record (issue 15): verdict, cause, time.
constexpr const char* kVersion13 = R"sql(
ALTER TABLE calls ADD COLUMN amd_verdict TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN amd_cause TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN amd_ms BIGINT NOT NULL DEFAULT -1;
)sql";

// 14: transfer to a person (issue 15): allowed targets per user and campaign (comma-separated,
// as `lines`), and the call's last transfer (target, mode, method, status, reason).
constexpr const char* kVersion14 = R"sql(
ALTER TABLE users ADD COLUMN transfer_targets TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN transfer_targets TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN transfer_to TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN transfer_mode TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN transfer_method TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN transfer_status TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN transfer_reason TEXT NOT NULL DEFAULT '';
)sql";

// 15: a campaign's own answer to a voicemail (issue 15): "" = ai.voicemail_action, off,
// hangup or message, and the message it leaves ("" = ai.voicemail_message).
constexpr const char* kVersion15 = R"sql(
ALTER TABLE campaigns ADD COLUMN voicemail_action TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN voicemail_message TEXT NOT NULL DEFAULT '';
)sql";

// 16: several nodes on one database (issue 18): each node's HTTP address (GET
// /api/cluster/nodes) and drain flag (`voiceagent drain`), and the live-call slots each node
// holds per owner and tenant, so that a user's concurrent calls are counted over every node
// inside one transaction (crm/cluster_store.h).
constexpr const char* kVersion16 = R"sql(
ALTER TABLE nodes ADD COLUMN http TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN draining BIGINT NOT NULL DEFAULT 0;
CREATE TABLE call_slots (
  node TEXT NOT NULL, owner_id BIGINT NOT NULL, tenant_id BIGINT NOT NULL,
  calls BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (node, owner_id, tenant_id));
CREATE INDEX call_slots_owner ON call_slots(owner_id);
CREATE INDEX call_slots_tenant ON call_slots(tenant_id);
)sql";

const std::vector<Step>& steps() {
  static const std::vector<Step> kSteps = {
      {1, kVersion1},   {2, kVersion2},   {3, kVersion3},   {4, kVersion4},   {5, kVersion5},
      {6, kVersion6},   {7, kVersion7},   {8, kVersion8},   {9, kVersion9},   {10, kVersion10},
      {11, kVersion11}, {12, kVersion12}, {13, kVersion13}, {14, kVersion14}, {15, kVersion15},
      {16, kVersion16},
  };
  return kSteps;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
}

std::string render(const char* ddl, Dialect d) {
  std::string out(ddl);
  replace_all(out, "{PK}", d == Dialect::Sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY");
  // A user's tenant: an agent's admin, else the user itself (crm/key_pool.h tenant_of).
  replace_all(out, "{TENANT}", "CASE WHEN u.role = 'agent' THEN u.parent_id ELSE u.id END");
  return out;
}

core::Result<std::int64_t> current_version(Connection& conn) {
  auto rows = conn.query("SELECT COALESCE(MAX(version), 0) FROM schema_version", {});
  if (!rows) return rows.error();
  return std::stoll(rows->at(0).at(0).value_or("0"));
}

// Each version is looked up on its own rather than compared with the highest applied, so a
// step missing below it (a database migrated by a branch that numbered its step higher) is
// still applied.
core::Result<std::int64_t> times_applied(Connection& conn, std::int64_t version) {
  auto rows = conn.query("SELECT COUNT(*) FROM schema_version WHERE version = $1", {version});
  if (!rows) return rows.error();
  return std::stoll(rows->at(0).at(0).value_or("0"));
}

core::Result<void> apply(Connection& conn, const Step& step) {
  const bool pg = conn.dialect() == Dialect::Postgres;
  if (auto r = conn.exec(pg ? "BEGIN" : "BEGIN IMMEDIATE"); !r) return r;
  // Re-check under the lock: another node or process may have applied it meanwhile.
  if (pg) {
    if (auto r = conn.exec("SELECT pg_advisory_xact_lock(7301)"); !r) return r;
  }
  auto have = times_applied(conn, step.version);
  core::Result<void> result;
  if (!have) {
    result = have.error();
  } else if (*have == 0) {
    result = conn.exec(render(step.ddl, conn.dialect()));
    if (result) {
      auto ins = conn.query("INSERT INTO schema_version(version, applied_at) VALUES ($1, $2)",
                            {step.version, std::int64_t{0}});
      if (!ins) result = ins.error();
    }
  }
  if (!result) {
    (void)conn.exec("ROLLBACK");
    return result;
  }
  return conn.exec("COMMIT");
}

}  // namespace

std::int64_t latest_schema_version() {
  return steps().back().version;
}

core::Result<std::int64_t> migrate(Connection& conn, std::int64_t up_to) {
  auto created = conn.exec(
      "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, "
      "applied_at BIGINT NOT NULL)");
  if (!created) return created.error();
  for (const auto& step : steps()) {
    if (step.version > up_to) break;
    if (auto r = apply(conn, step); !r) {
      spdlog::error("migration {} failed", step.version);
      return r.error();
    }
  }
  return current_version(conn);
}

}  // namespace va::crm::sql
