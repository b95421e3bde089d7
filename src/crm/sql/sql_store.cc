// SqlStore: shared plumbing, users, sessions and the key pool.
#include "crm/sql/sql_store.h"

#include "crm/errc.h"
#include "crm/sql/row.h"
#include "crm/sql/sql_rows.h"

namespace va::crm::sql {
namespace {

constexpr const char* kUserColumns =
    "u.id, u.username, u.display_name, u.email, u.role, u.parent_id, u.password_hash, u.active, "
    "u.max_concurrent_calls, u.api_key_id, COALESCE(k.fingerprint, ''), u.created_at, "
    "u.updated_at, u.lines, u.openai_key_id, COALESCE(ok.fingerprint, ''), u.max_agents, "
    "u.monthly_minutes, u.transfer_targets FROM users u LEFT JOIN api_keys k ON k.id = "
    "u.api_key_id LEFT JOIN api_keys ok ON ok.id = u.openai_key_id";

User user_from(const Row& r) {
  User u;
  u.id = as_int(r[0]);
  u.username = as_text(r[1]);
  u.display_name = as_text(r[2]);
  u.email = as_text(r[3]);
  u.role = parse_role(as_text(r[4])).value_or(Role::Agent);
  u.parent_id = as_int(r[5]);
  u.password_hash = as_text(r[6]);
  u.active = as_int(r[7]) != 0;
  u.max_concurrent_calls = as_int(r[8]);
  u.api_key_id = as_int(r[9]);
  u.key_fingerprint = as_text(r[10]);
  u.created_at = as_int(r[11]);
  u.updated_at = as_int(r[12]);
  u.lines = split_names(as_text(r[13]));
  u.openai_key_id = as_int(r[14]);
  u.openai_key_fingerprint = as_text(r[15]);
  u.max_agents = as_int(r[16]);
  u.monthly_minutes = as_int(r[17]);
  u.transfer_targets = split_names(as_text(r[18]));
  return u;
}

// Column 7 (the holder count) is what least_used_active_key orders by.
constexpr const char* kKeyColumns =
    "k.id, k.fingerprint, k.label, k.status, k.sealed, k.created_at, "
    "(SELECT COUNT(*) FROM users u WHERE u.api_key_id = k.id OR u.openai_key_id = k.id), "
    "k.owner_kind, k.owner_id, COALESCE(o.username, ''), k.provider FROM api_keys k LEFT JOIN "
    "users o ON o.id = k.owner_id";

ApiKey key_from(const Row& r) {
  ApiKey k;
  k.id = as_int(r[0]);
  k.fingerprint = as_text(r[1]);
  k.label = as_text(r[2]);
  k.status = as_text(r[3]);
  k.sealed = as_text(r[4]);
  k.created_at = as_int(r[5]);
  k.users = as_int(r[6]);
  // An owner this build does not know is nobody's to hand out.
  k.owner = parse_key_owner(as_text(r[7])).value_or(KeyOwner::Unclaimed);
  k.owner_id = as_int(r[8]);
  k.owner_name = as_text(r[9]);
  k.provider = as_text(r[10]);
  return k;
}

template <class T, class F>
core::Result<T> one(core::Result<Rows> rows, F from) {
  if (!rows) return rows.error();
  if (rows->empty()) return Errc::NotFound;
  return from(rows->front());
}

}  // namespace

std::string SqlStore::backend() const {
  return pool_->dialect() == Dialect::Sqlite ? "sqlite" : "postgresql";
}

core::Result<Rows> SqlStore::run(std::string_view sql, const std::vector<Value>& params) {
  return pool_->with([&](Connection& c) { return c.query(sql, params); });
}

core::Result<void> SqlStore::transaction(const std::function<core::Result<void>(Connection&)>& fn) {
  return pool_->with([&](Connection& c) -> core::Result<void> {
    // IMMEDIATE takes SQLite's write lock up front, so two writers never deadlock upgrading.
    if (auto r = c.exec(c.dialect() == Dialect::Sqlite ? "BEGIN IMMEDIATE" : "BEGIN"); !r) {
      return r;
    }
    auto r = fn(c);
    if (!r) {
      (void)c.exec("ROLLBACK");
      return r;
    }
    return c.exec("COMMIT");
  });
}

core::Result<Id> SqlStore::insert(std::string_view sql, const std::vector<Value>& params) {
  auto rows = run(sql, params);
  if (!rows) return rows.error();
  if (rows->empty()) return Errc::DbError;
  return as_int(rows->front()[0]);
}

core::Result<void> SqlStore::touch_one(std::string_view sql, const std::vector<Value>& params) {
  auto rows = run(sql, params);
  if (!rows) return rows.error();
  if (rows->empty()) return Errc::NotFound;
  return {};
}

core::Result<std::int64_t> SqlStore::schema_version() {
  auto rows = run("SELECT COALESCE(MAX(version), 0) FROM schema_version", {});
  if (!rows) return rows.error();
  return as_int(rows->at(0).at(0));
}

core::Result<Id> SqlStore::create_user(const User& u) {
  const auto now = now_ms();
  return insert(
      "INSERT INTO users (username, display_name, email, role, parent_id, password_hash, active, "
      "max_concurrent_calls, api_key_id, created_at, updated_at, lines, max_agents, "
      "monthly_minutes, transfer_targets) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, "
      "$11, $12, $13, $14) RETURNING id",
      {u.username, u.display_name, u.email, std::string(to_string(u.role)), id_or_null(u.parent_id),
       u.password_hash, std::int64_t{u.active ? 1 : 0}, u.max_concurrent_calls,
       id_or_null(u.api_key_id), now, join_names(u.lines), u.max_agents, u.monthly_minutes,
       join_names(u.transfer_targets)});
}

core::Result<User> SqlStore::get_user(Id id) {
  return one<User>(run(std::string("SELECT ") + kUserColumns + " WHERE u.id = $1", {id}),
                   user_from);
}

core::Result<User> SqlStore::get_user_by_name(const std::string& username) {
  return one<User>(
      run(std::string("SELECT ") + kUserColumns + " WHERE u.username = $1", {username}), user_from);
}

core::Result<std::vector<User>> SqlStore::list_users(const OwnerScope& scope) {
  std::vector<Value> params;
  const auto filter = owner_filter(scope, "u.id", params);
  auto rows = run(
      std::string("SELECT ") + kUserColumns + " WHERE 1 = 1" + filter + " ORDER BY u.id", params);
  if (!rows) return rows.error();
  std::vector<User> out;
  for (const auto& r : *rows)
    out.push_back(user_from(r));
  return out;
}

core::Result<void> SqlStore::update_user(const User& u) {
  return touch_one(
      "UPDATE users SET display_name = $2, email = $3, active = $4, max_concurrent_calls = $5, "
      "updated_at = $6, lines = $7, max_agents = $8, monthly_minutes = $9, "
      "transfer_targets = $10 WHERE id = $1 RETURNING id",
      {u.id, u.display_name, u.email, std::int64_t{u.active ? 1 : 0}, u.max_concurrent_calls,
       now_ms(), join_names(u.lines), u.max_agents, u.monthly_minutes,
       join_names(u.transfer_targets)});
}

core::Result<void> SqlStore::set_password_hash(Id user_id, const std::string& hash) {
  return touch_one(
      "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1 RETURNING id",
      {user_id, hash, now_ms()});
}

// The key's provider picks the column: a user holds one key per provider.
core::Result<void> SqlStore::set_user_key(Id user_id, Id key_id) {
  bool openai = false;
  if (key_id != 0) {
    auto key = get_key(key_id);
    if (!key) return key.error();
    openai = key->provider == "openai";
  }
  return touch_one(openai ? "UPDATE users SET openai_key_id = $2, updated_at = $3 WHERE id = $1 "
                            "RETURNING id"
                          : "UPDATE users SET api_key_id = $2, updated_at = $3 WHERE id = $1 "
                            "RETURNING id",
                   {user_id, id_or_null(key_id), now_ms()});
}

core::Result<std::vector<Id>> SqlStore::agents_of(Id admin_id) {
  auto rows = run("SELECT id FROM users WHERE parent_id = $1 ORDER BY id", {admin_id});
  if (!rows) return rows.error();
  std::vector<Id> out;
  for (const auto& r : *rows)
    out.push_back(as_int(r[0]));
  return out;
}

core::Result<void> SqlStore::create_session(const Session& s) {
  auto rows = run(
      "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
      {s.token_hash, s.user_id, s.created_at, s.expires_at});
  if (!rows) return rows.error();
  return {};
}

core::Result<Session> SqlStore::get_session(const std::string& token_hash) {
  return one<Session>(
      run("SELECT token_hash, user_id, created_at, expires_at FROM sessions WHERE token_hash = $1",
          {token_hash}),
      [](const Row& r) {
        return Session{as_text(r[0]), as_int(r[1]), as_int(r[2]), as_int(r[3])};
      });
}

core::Result<void> SqlStore::delete_session(const std::string& token_hash) {
  auto rows = run("DELETE FROM sessions WHERE token_hash = $1", {token_hash});
  if (!rows) return rows.error();
  return {};
}

core::Result<void> SqlStore::delete_user_sessions(Id user_id) {
  auto rows = run("DELETE FROM sessions WHERE user_id = $1", {user_id});
  if (!rows) return rows.error();
  return {};
}

core::Result<Id> SqlStore::add_key(const ApiKey& k) {
  return insert(
      "INSERT INTO api_keys (fingerprint, label, status, sealed, owner_kind, owner_id, created_at, "
      "provider) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {k.fingerprint, k.label, k.status, k.sealed, std::string(to_string(k.owner)),
       id_or_null(k.owner_id), now_ms(), k.provider});
}

core::Result<void> SqlStore::claim_key(Id key_id, KeyOwner owner, Id owner_id) {
  return touch_one(
      "UPDATE api_keys SET owner_kind = $2, owner_id = $3 WHERE id = $1 AND owner_kind = "
      "'unclaimed' RETURNING id",
      {key_id, std::string(to_string(owner)), id_or_null(owner_id)});
}

core::Result<ApiKey> SqlStore::get_key(Id id) {
  return one<ApiKey>(run(std::string("SELECT ") + kKeyColumns + " WHERE k.id = $1", {id}),
                     key_from);
}

core::Result<ApiKey> SqlStore::get_key_by_fingerprint(const std::string& fingerprint) {
  return one<ApiKey>(
      run(std::string("SELECT ") + kKeyColumns + " WHERE k.fingerprint = $1", {fingerprint}),
      key_from);
}

core::Result<std::vector<ApiKey>> SqlStore::list_keys() {
  auto rows = run(std::string("SELECT ") + kKeyColumns + " ORDER BY k.id", {});
  if (!rows) return rows.error();
  std::vector<ApiKey> out;
  for (const auto& r : *rows)
    out.push_back(key_from(r));
  return out;
}

core::Result<ApiKey> SqlStore::least_used_active_key(const std::string& provider) {
  return one<ApiKey>(run(std::string("SELECT ") + kKeyColumns +
                             " WHERE k.status = 'active' AND k.owner_kind = 'pool' AND "
                             "k.provider = $1 ORDER BY 7 ASC, k.id ASC LIMIT 1",
                         {provider}),
                     key_from);
}

core::Result<std::vector<Id>> SqlStore::users_without_key(const std::string& provider) {
  auto rows = run(std::string("SELECT id FROM users WHERE ") +
                      (provider == "openai" ? "openai_key_id" : "api_key_id") +
                      " IS NULL AND role IN ('admin', 'agent') ORDER BY id",
                  {});
  if (!rows) return rows.error();
  std::vector<Id> out;
  for (const auto& r : *rows)
    out.push_back(as_int(r[0]));
  return out;
}

}  // namespace va::crm::sql
