// ApiHarness: the real CRM + REST API + HTTP server on 127.0.0.1 (port 0) over a temp
// SQLite database, with the superadmin bootstrapped; shared by the api integration tests
// and the load tool.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "api/http_server.h"
#include "api/rest_api.h"
#include "crm/db_pool.h"
#include "http_client.h"

namespace va::testing {

class ApiHarness {
 public:
  static constexpr const char* kSuperPassword = "super-secret-1";

  // `cost`: minimum for tests that create many users; interactive for realistic load.
  // `db_url`: empty = a fresh SQLite file in a temp dir.
  // `trunk_lines`: the [[sip.trunk.lines]] names campaigns and users may be bound to.
  explicit ApiHarness(crm::PasswordCost cost = crm::PasswordCost::minimum(),
                      std::size_t body_limit = 1 << 20, const std::string& db_url = "",
                      std::vector<std::string> trunk_lines = {});
  ~ApiHarness();

  std::uint16_t port() const { return port_; }
  crm::Store& store() { return *store_; }
  crm::KeyPool& keys() { return *keys_; }
  api::RestApi& rest() { return *api_; }
  const std::filesystem::path& dir() const { return dir_; }
  // Logs in over HTTP and returns the token ("" on failure).
  std::string login(const std::string& username, const std::string& password);

 private:
  std::filesystem::path dir_;
  std::unique_ptr<crm::Store> store_;
  std::unique_ptr<crm::KeyPool> keys_;
  std::unique_ptr<crm::Accounts> accounts_;
  std::unique_ptr<crm::Auth> auth_;
  api::Metrics metrics_;
  std::unique_ptr<api::RestApi> api_;
  std::unique_ptr<crm::DbPool> db_;
  std::unique_ptr<api::HttpServer> server_;
  std::uint16_t port_ = 0;
};

}  // namespace va::testing
