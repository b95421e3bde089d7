// crm/sql/migrations.cc: a step missing below the highest applied one is still applied. A
// development database migrated by a branch that numbered its step 5 while main's 4 was new
// used to skip 4 for good, since the runner compared each step with the highest version.
#include <gtest/gtest.h>

#include "crm/sql/migrations.h"
#include "fresh_database.h"

namespace va::crm {
namespace {

class MigrationGapTest : public ::testing::TestWithParam<std::string> {};

TEST_P(MigrationGapTest, AppliesAStepBelowTheHighestApplied) {
  va::testing::FreshDatabase db(GetParam());
  ASSERT_EQ(db.error(), "") << "the PostgreSQL half needs a throwaway cluster";
  auto conn = db.connect();
  ASSERT_TRUE(conn);
  ASSERT_EQ(sql::migrate(*conn, 3).value(), 3);
  // Version 5 recorded as applied (by another branch's numbering), 4 never run.
  ASSERT_TRUE(conn->exec("INSERT INTO schema_version(version, applied_at) VALUES (5, 0)"));
  ASSERT_FALSE(conn->query("SELECT COUNT(*) FROM nodes", {})) << "step 4 ran too early";

  ASSERT_EQ(sql::migrate(*conn, 4).value(), 5);

  auto nodes = conn->query("SELECT COUNT(*) FROM nodes", {});
  ASSERT_TRUE(nodes) << "step 4 (the nodes table) was skipped: " << nodes.error().message();
  auto applied = conn->query("SELECT COUNT(*) FROM schema_version WHERE version = 4", {});
  ASSERT_TRUE(applied);
  EXPECT_EQ(applied->at(0).at(0).value_or(""), "1");
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationGapTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace va::crm
