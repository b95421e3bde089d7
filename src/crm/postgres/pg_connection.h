// PgConnection: one libpq connection; parameters are sent as text with server-inferred types.
#pragma once

#include <memory>
#include <string>

#include "crm/sql/connection.h"

struct pg_conn;

namespace va::crm::postgres {

class PgConnection final : public sql::Connection {
 public:
  static core::Result<std::unique_ptr<PgConnection>> open(const std::string& url);
  ~PgConnection() override;

  // sql::Connection
  sql::Dialect dialect() const override { return sql::Dialect::Postgres; }
  core::Result<sql::Rows> query(std::string_view sql,
                                const std::vector<sql::Value>& params) override;
  core::Result<void> exec(std::string_view sql) override;

 private:
  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  pg_conn* conn_;
};

}  // namespace va::crm::postgres
