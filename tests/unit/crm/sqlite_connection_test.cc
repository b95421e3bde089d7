// SqliteConnection: statements compiled once and reused must behave as fresh ones: new
// parameters every time, no stale bindings, and no read snapshot left open after a query.
#include "crm/sqlite/sqlite_connection.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace va::crm::sqlite {
namespace {

class SqliteConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("va-sqlite-conn-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
    auto c = SqliteConnection::open(path_);
    ASSERT_TRUE(c);
    db_ = std::move(*c);
    ASSERT_TRUE(db_->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"));
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<SqliteConnection> db_;
};

TEST_F(SqliteConnectionTest, AReusedStatementTakesNewParametersEachTime) {
  for (std::int64_t i = 1; i <= 3; ++i) {
    ASSERT_TRUE(db_->query("INSERT INTO t (id, name) VALUES ($1, $2)",
                           {i, std::string("n") + std::to_string(i)}));
  }
  for (std::int64_t i = 1; i <= 3; ++i) {
    auto rows = db_->query("SELECT name FROM t WHERE id = $1", {i});
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0][0], "n" + std::to_string(i));
  }
}

TEST_F(SqliteConnectionTest, AParameterLeftOutIsNullNotTheLastValue) {
  ASSERT_TRUE(db_->query("INSERT INTO t (id, name) VALUES ($1, $2)", {std::int64_t{1}, "a"}));
  ASSERT_TRUE(db_->query("INSERT INTO t (id, name) VALUES ($1, $2)", {std::int64_t{2}}));
  auto rows = db_->query("SELECT name FROM t WHERE id = $1", {std::int64_t{2}});
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_FALSE((*rows)[0][0].has_value());
}

TEST_F(SqliteConnectionTest, AFailedStatementLeavesTheNextOneWorking) {
  ASSERT_TRUE(db_->query("INSERT INTO t (id, name) VALUES ($1, $2)", {std::int64_t{1}, "a"}));
  EXPECT_FALSE(db_->query("INSERT INTO t (id, name) VALUES ($1, $2)", {std::int64_t{1}, "b"}));
  EXPECT_FALSE(db_->query("SELEC nonsense", {}));
  auto rows = db_->query("SELECT count(*) FROM t", {});
  ASSERT_TRUE(rows);
  EXPECT_EQ((*rows)[0][0], "1");
}

TEST_F(SqliteConnectionTest, AQueryLeavesNoReadSnapshotThatBlocksACheckpoint) {
  for (std::int64_t i = 1; i <= 50; ++i)
    ASSERT_TRUE(db_->query("INSERT INTO t (id, name) VALUES ($1, 'x')", {i}));
  // Read only the first row's worth: the statement must still be reset afterwards.
  ASSERT_TRUE(db_->query("SELECT id FROM t LIMIT 1", {}));
  auto other = SqliteConnection::open(path_);
  ASSERT_TRUE(other);
  ASSERT_TRUE((*other)->query("INSERT INTO t (id, name) VALUES (100, 'y')", {}));
  // TRUNCATE waits for no reader and fails (busy = 1) while one holds an old snapshot.
  auto ck = (*other)->query("PRAGMA wal_checkpoint(TRUNCATE)", {});
  ASSERT_TRUE(ck);
  EXPECT_EQ((*ck)[0][0], "0") << "a reader still holds the WAL";
}

TEST_F(SqliteConnectionTest, ManyDistinctStatementsStayCorrectPastTheCacheBound) {
  ASSERT_TRUE(db_->query("INSERT INTO t (id, name) VALUES (1, 'a')", {}));
  for (int i = 0; i < 600; ++i) {
    auto rows = db_->query("SELECT name, " + std::to_string(i) + " FROM t", {});
    ASSERT_TRUE(rows);
    EXPECT_EQ((*rows)[0][1], std::to_string(i));
  }
}

}  // namespace
}  // namespace va::crm::sqlite
