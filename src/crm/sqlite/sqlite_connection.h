// SqliteConnection: one sqlite3 handle in WAL mode with foreign keys on and a busy timeout,
// so several pool connections can write to the same file without SQLITE_BUSY failures.
#pragma once

#include <memory>
#include <string>

#include "crm/sql/connection.h"

struct sqlite3;

namespace va::crm::sqlite {

class SqliteConnection final : public sql::Connection {
 public:
  static core::Result<std::unique_ptr<SqliteConnection>> open(const std::string& path);
  ~SqliteConnection() override;

  // sql::Connection
  sql::Dialect dialect() const override { return sql::Dialect::Sqlite; }
  core::Result<sql::Rows> query(std::string_view sql,
                                const std::vector<sql::Value>& params) override;
  core::Result<void> exec(std::string_view sql) override;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace va::crm::sqlite
