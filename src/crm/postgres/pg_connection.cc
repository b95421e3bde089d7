// PgConnection: PQexecParams with text values; SQLSTATE 23505/23503 become Conflict/Invalid.
#include "crm/postgres/pg_connection.h"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <cstring>

#include "crm/errc.h"

namespace va::crm::postgres {
namespace {

struct ResultCloser {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultCloser>;

std::error_code map_error(PGconn* conn, const PGresult* res) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  if (state && std::strcmp(state, "23505") == 0) return Errc::Conflict;
  if (state && (std::strcmp(state, "23503") == 0 || std::strcmp(state, "23502") == 0)) {
    return Errc::Invalid;
  }
  spdlog::warn("postgresql error {}: {}", state ? state : "-", PQerrorMessage(conn));
  return Errc::DbError;
}

}  // namespace

core::Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    spdlog::error("postgresql: cannot connect: {}", PQerrorMessage(conn));
    PQfinish(conn);
    return Errc::DbError;
  }
  std::unique_ptr<PgConnection> c(new PgConnection(conn));
  auto quiet = c->exec("SET client_min_messages = warning");
  if (!quiet) return quiet.error();
  return c;
}

PgConnection::~PgConnection() {
  PQfinish(conn_);
}

core::Result<sql::Rows> PgConnection::query(std::string_view sql,
                                            const std::vector<sql::Value>& params) {
  std::vector<std::string> storage(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (std::holds_alternative<std::int64_t>(params[i])) {
      storage[i] = std::to_string(std::get<std::int64_t>(params[i]));
      values[i] = storage[i].c_str();
    } else if (std::holds_alternative<std::string>(params[i])) {
      values[i] = std::get<std::string>(params[i]).c_str();
    }
  }
  const std::string text(sql);
  ResultPtr res(PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr,
                             values.data(), nullptr, nullptr, 0));
  const auto status = PQresultStatus(res.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return map_error(conn_, res.get());
  }
  sql::Rows rows;
  const int n = PQntuples(res.get());
  const int cols = PQnfields(res.get());
  rows.reserve(static_cast<std::size_t>(n));
  for (int r = 0; r < n; ++r) {
    sql::Row row(static_cast<std::size_t>(cols));
    for (int c = 0; c < cols; ++c) {
      if (PQgetisnull(res.get(), r, c)) continue;
      row[static_cast<std::size_t>(c)] = std::string(
          PQgetvalue(res.get(), r, c), static_cast<std::size_t>(PQgetlength(res.get(), r, c)));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

core::Result<void> PgConnection::exec(std::string_view sql) {
  const std::string text(sql);
  ResultPtr res(PQexec(conn_, text.c_str()));
  const auto status = PQresultStatus(res.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return map_error(conn_, res.get());
  return {};
}

}  // namespace va::crm::postgres
