// SqliteConnection: one sqlite3 handle in WAL mode with foreign keys on and a busy timeout,
// so several pool connections can write to the same file without SQLITE_BUSY failures. Each
// statement is compiled once per connection and reused (a call's setup and records run the
// same few dozen statements; compiling them was a fifth of the server's CPU at 500 setups/s).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "crm/sql/connection.h"

struct sqlite3;
struct sqlite3_stmt;

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
  // The compiled statement for `sql`, reset and unbound; nullptr with `rc` on failure.
  sqlite3_stmt* statement(std::string_view sql, int& rc);

  // Bounded: a connection that sees more distinct statements than this starts over.
  static constexpr std::size_t kMaxStatements = 256;
  struct Finalize {
    void operator()(sqlite3_stmt* s) const;
  };
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, Finalize>> statements_;
};

}  // namespace va::crm::sqlite
