// FreshDatabase: an empty database of either backend for one test, for tests that need a
// table to themselves (least-used assignment sees every key) or an older schema (migrations):
// a SQLite file in a temp dir, or a new database in the process's throwaway PostgreSQL
// cluster (pg_throwaway.h; dropped with the cluster when the process exits).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "crm/sql/connection.h"

namespace va::testing {

class FreshDatabase {
 public:
  explicit FreshDatabase(const std::string& backend);  // "sqlite" | "postgresql"
  ~FreshDatabase();
  FreshDatabase(const FreshDatabase&) = delete;
  FreshDatabase& operator=(const FreshDatabase&) = delete;

  const std::string& url() const { return url_; }      // for crm::Store::create
  const std::string& error() const { return error_; }  // non-empty: it could not be made
  // A raw connection to it, for writing rows as an older release would have.
  std::unique_ptr<crm::sql::Connection> connect() const;

 private:
  std::filesystem::path dir_;
  std::string url_;
  std::string error_;
};

}  // namespace va::testing
