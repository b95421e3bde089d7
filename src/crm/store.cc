// Store::create: picks the driver from the URL scheme, opens the pool, runs migrations.
#include "crm/store.h"

#include <spdlog/spdlog.h>

#include "crm/errc.h"
#include "crm/postgres/pg_connection.h"
#include "crm/sql/migrations.h"
#include "crm/sql/sql_store.h"
#include "crm/sqlite/sqlite_connection.h"

namespace va::crm {
namespace {

core::Result<std::unique_ptr<sql::Connection>> open_one(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    const auto path = url.substr(7);
    if (path.empty()) return Errc::BadUrl;
    auto c = sqlite::SqliteConnection::open(path);
    if (!c) return c.error();
    return std::unique_ptr<sql::Connection>(std::move(*c));
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    auto c = postgres::PgConnection::open(url);
    if (!c) return c.error();
    return std::unique_ptr<sql::Connection>(std::move(*c));
  }
  return Errc::BadUrl;
}

}  // namespace

core::Result<std::unique_ptr<Store>> Store::create(const std::string& url, int connections) {
  std::vector<std::unique_ptr<sql::Connection>> conns;
  for (int i = 0; i < std::max(1, connections); ++i) {
    auto c = open_one(url);
    if (!c) return c.error();
    if (i == 0) {
      auto version = sql::migrate(**c);
      if (!version) return version.error();
      spdlog::info("crm: database schema at version {}", *version);
    }
    conns.push_back(std::move(*c));
  }
  return std::unique_ptr<Store>(
      new sql::SqlStore(std::make_unique<sql::ConnectionPool>(std::move(conns))));
}

}  // namespace va::crm
