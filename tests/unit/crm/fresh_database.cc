// FreshDatabase: a temp SQLite file, or CREATE DATABASE in the shared throwaway cluster.
#include "fresh_database.h"

#include <unistd.h>

#include "crm/postgres/pg_connection.h"
#include "crm/sqlite/sqlite_connection.h"
#include "pg_throwaway.h"

namespace va::testing {
namespace {

std::string unique_suffix() {
  static int n = 0;
  return std::to_string(::getpid()) + "_" + std::to_string(++n);
}

}  // namespace

FreshDatabase::FreshDatabase(const std::string& backend) {
  if (backend == "sqlite") {
    dir_ = std::filesystem::temp_directory_path() / ("va-fresh-db-" + unique_suffix());
    std::filesystem::create_directories(dir_);
    url_ = "sqlite:" + (dir_ / "test.db").string();
    return;
  }
  auto& pg = PgThrowaway::shared(&error_);
  if (!error_.empty()) return;
  auto admin = crm::postgres::PgConnection::open(pg.url());
  if (!admin) {
    error_ = "cannot connect to the throwaway cluster: " + admin.error().message();
    return;
  }
  const std::string name = "va_fresh_" + unique_suffix();
  if (auto r = (*admin)->exec("CREATE DATABASE " + name); !r) {
    error_ = "CREATE DATABASE failed: " + r.error().message();
    return;
  }
  const auto slash = pg.url().rfind('/');
  url_ = pg.url().substr(0, slash + 1) + name;
}

FreshDatabase::~FreshDatabase() {
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

std::unique_ptr<crm::sql::Connection> FreshDatabase::connect() const {
  if (url_.rfind("sqlite:", 0) == 0) {
    auto c = crm::sqlite::SqliteConnection::open(url_.substr(7));
    return c ? std::move(*c) : nullptr;
  }
  auto c = crm::postgres::PgConnection::open(url_);
  return c ? std::move(*c) : nullptr;
}

}  // namespace va::testing
