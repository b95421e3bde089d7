// SqliteConnection: prepare, bind $N by name, step, copy rows out as text.
#include "crm/sqlite/sqlite_connection.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <filesystem>

#include "core/private_files.h"
#include "crm/errc.h"

namespace va::crm::sqlite {
namespace {

std::error_code map_error(sqlite3* db, int rc) {
  const int ext = sqlite3_extended_errcode(db);
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Errc::Conflict;
  }
  if (ext == SQLITE_CONSTRAINT_FOREIGNKEY || rc == SQLITE_CONSTRAINT) return Errc::Invalid;
  spdlog::warn("sqlite error {}: {}", rc, sqlite3_errmsg(db));
  return Errc::DbError;
}

// Resets a cached statement when a query leaves, however it leaves: a statement left mid-step
// would hold its read snapshot open (and with it the WAL from being checkpointed).
struct StmtReset {
  void operator()(sqlite3_stmt* s) const {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
};

}  // namespace

void SqliteConnection::Finalize::operator()(sqlite3_stmt* s) const {
  sqlite3_finalize(s);
}

core::Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path) {
  // The database, and the -wal and -shm SQLite gives the same mode, are owner-only.
  const bool is_file = path != ":memory:" && path.rfind("file:", 0) != 0 && !path.empty();
  const auto parent = std::filesystem::path(path).parent_path();
  if (is_file && !parent.empty()) (void)core::make_private_dir(parent);
  if (is_file) (void)core::create_private_file(path);
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    spdlog::error("sqlite: cannot open {}: {}", path, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return Errc::DbError;
  }
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  sqlite3_busy_timeout(db, 10000);
  auto pragmas =
      conn->exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
  if (!pragmas) return pragmas.error();
  return conn;
}

SqliteConnection::~SqliteConnection() {
  statements_.clear();  // finalized before the handle closes
  sqlite3_close(db_);
}

sqlite3_stmt* SqliteConnection::statement(std::string_view sql, int& rc) {
  const std::string key(sql);
  if (auto it = statements_.find(key); it != statements_.end()) {
    rc = SQLITE_OK;
    return it->second.get();
  }
  sqlite3_stmt* raw = nullptr;
  rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
  std::unique_ptr<sqlite3_stmt, Finalize> stmt(raw);
  if (rc != SQLITE_OK || !raw) return nullptr;
  if (statements_.size() >= kMaxStatements) statements_.clear();
  return statements_.emplace(key, std::move(stmt)).first->second.get();
}

core::Result<sql::Rows> SqliteConnection::query(std::string_view sql,
                                                const std::vector<sql::Value>& params) {
  int rc = SQLITE_OK;
  sqlite3_stmt* raw = statement(sql, rc);
  if (!raw) return map_error(db_, rc);
  std::unique_ptr<sqlite3_stmt, StmtReset> in_use(raw);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const std::string name = "$" + std::to_string(i + 1);
    const int idx = sqlite3_bind_parameter_index(raw, name.c_str());
    if (idx == 0) continue;  // a parameter the statement does not use
    const auto& v = params[i];
    if (std::holds_alternative<std::int64_t>(v)) {
      rc = sqlite3_bind_int64(raw, idx, std::get<std::int64_t>(v));
    } else if (std::holds_alternative<std::string>(v)) {
      const auto& s = std::get<std::string>(v);
      rc = sqlite3_bind_text(raw, idx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    } else {
      rc = sqlite3_bind_null(raw, idx);
    }
    if (rc != SQLITE_OK) return map_error(db_, rc);
  }
  sql::Rows rows;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    const int n = sqlite3_column_count(raw);
    sql::Row row(static_cast<std::size_t>(n));
    for (int c = 0; c < n; ++c) {
      if (sqlite3_column_type(raw, c) == SQLITE_NULL) continue;
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
      row[static_cast<std::size_t>(c)] =
          std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(raw, c)));
    }
    rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) return map_error(db_, rc);
  return rows;
}

core::Result<void> SqliteConnection::exec(std::string_view sql) {
  const std::string text(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return map_error(db_, rc);
  return {};
}

}  // namespace va::crm::sqlite
