// Migration 3 (crm/sql/migrations.cc) on a database as schema 2 left it, SQLite and
// PostgreSQL: keys that were set per user leave the pool by the documented rule, and the
// pool then hands out only what is left in it.
#include <gtest/gtest.h>

#include <map>

#include "crm/errc.h"
#include "crm/key_pool.h"
#include "crm/sql/migrations.h"
#include "fresh_database.h"

namespace va::crm {
namespace {

class KeyMigrationTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<va::testing::FreshDatabase>(GetParam());
    ASSERT_EQ(db_->error(), "") << "the PostgreSQL half needs a throwaway cluster";
    conn_ = db_->connect();
    ASSERT_TRUE(conn_);
    ASSERT_EQ(sql::migrate(*conn_, 2).value(), 2);
  }

  // Rows exactly as schema 2 stored them (no owner columns).
  Id legacy_key(const std::string& name, const std::string& label) {
    auto rows = conn_->query(
        "INSERT INTO api_keys (fingerprint, label, status, sealed, created_at) VALUES ($1, $2, "
        "'active', 'sealed', 1) RETURNING id",
        {"fp-" + name, label});
    EXPECT_TRUE(rows) << rows.error().message();
    return std::stoll(*rows->at(0).at(0));
  }
  Id legacy_user(const std::string& name, const std::string& role, Id parent, Id key) {
    auto rows = conn_->query(
        "INSERT INTO users (username, role, parent_id, password_hash, api_key_id, created_at, "
        "updated_at) VALUES ($1, $2, $3, 'x', $4, 1, 1) RETURNING id",
        {name, role, parent ? sql::Value{parent} : sql::Value{},
         key ? sql::Value{key} : sql::Value{}});
    EXPECT_TRUE(rows) << rows.error().message();
    return std::stoll(*rows->at(0).at(0));
  }

  std::unique_ptr<va::testing::FreshDatabase> db_;
  std::unique_ptr<sql::Connection> conn_;
};

TEST_P(KeyMigrationTest, KeysSetPerUserLeaveThePoolAndOnlyPoolKeysAreHandedOutAfter) {
  // The orphan first: before migration 3 least-used (0 holders, lowest id) handed it out.
  const Id orphan = legacy_key("orphan", "");          // b: set per user, then replaced
  const Id labelled = legacy_key("labelled", "prod");  // a: the superadmin's, shared
  const Id spare = legacy_key("spare", "spare");       // a: the superadmin's, unused
  const Id single = legacy_key("single", "");          // c: one user's
  const Id tenant = legacy_key("tenant", "");          // d: an admin's and its agent's
  const Id shared = legacy_key("shared", "");          // e: handed across tenants
  const Id admin_a = legacy_user("admin-a", "admin", 0, tenant);
  const Id agent_a = legacy_user("agent-a", "agent", admin_a, tenant);
  const Id admin_b = legacy_user("admin-b", "admin", 0, labelled);
  const Id agent_b = legacy_user("agent-b", "agent", admin_b, shared);
  const Id admin_c = legacy_user("admin-c", "admin", 0, single);
  const Id admin_d = legacy_user("admin-d", "admin", 0, shared);
  const Id agent_d = legacy_user("agent-d", "agent", admin_d, labelled);
  conn_.reset();

  auto store = Store::create(db_->url(), 2).value();  // migrates 2 -> latest
  EXPECT_EQ(store->schema_version().value(), sql::latest_schema_version());
  std::map<Id, ApiKey> by_id;
  for (auto& k : store->list_keys().value())
    by_id[k.id] = k;
  ASSERT_EQ(by_id.size(), 6u);
  EXPECT_EQ(by_id[labelled].owner, KeyOwner::Pool);
  EXPECT_EQ(by_id[spare].owner, KeyOwner::Pool);
  EXPECT_EQ(by_id[orphan].owner, KeyOwner::Unclaimed);
  EXPECT_EQ(by_id[orphan].owner_id, 0);
  EXPECT_EQ(by_id[single].owner, KeyOwner::User);
  EXPECT_EQ(by_id[single].owner_id, admin_c);
  EXPECT_EQ(by_id[single].owner_name, "admin-c");
  EXPECT_EQ(by_id[tenant].owner, KeyOwner::Tenant);
  EXPECT_EQ(by_id[tenant].owner_id, admin_a);
  EXPECT_EQ(by_id[shared].owner, KeyOwner::Pool);
  // Holders keep their keys: nobody's calls change key by the migration.
  EXPECT_EQ(store->get_user(agent_a).value().api_key_id, tenant);
  EXPECT_EQ(store->get_user(agent_b).value().api_key_id, shared);
  EXPECT_EQ(store->get_user(agent_d).value().api_key_id, labelled);

  // Least-used now sees the pool only: spare (0 holders), never orphan, single or tenant.
  EXPECT_EQ(store->least_used_active_key().value().id, spare);
  KeyVault::MasterKey master{};
  KeyPool pool(*store, KeyVault(master));
  User fresh;
  fresh.username = "new-admin";
  fresh.role = Role::Admin;
  fresh.password_hash = "x";
  const Id new_admin = store->create_user(fresh).value();
  ASSERT_EQ(pool.assign_missing().value(), 1);
  EXPECT_EQ(store->get_user(new_admin).value().api_key_id, spare);
  (void)agent_a;
  (void)admin_b;
  (void)admin_d;
}

TEST_P(KeyMigrationTest, AnEmptyDatabaseMigratesAndAgainIsANoOp) {
  conn_.reset();
  auto first = Store::create(db_->url(), 1).value();
  EXPECT_EQ(first->schema_version().value(), sql::latest_schema_version());
  ApiKey k;
  k.fingerprint = "fp-after";
  k.sealed = "s";
  const Id id = first->add_key(k).value();
  first.reset();
  auto again = Store::create(db_->url(), 1).value();
  EXPECT_EQ(again->get_key(id).value().owner, KeyOwner::Pool);  // not re-sorted by a rerun
}

INSTANTIATE_TEST_SUITE_P(Backends, KeyMigrationTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace va::crm
