// ApiHarness: wiring in the same order as app/api_runtime.cc.
#include "api_harness.h"

#include <unistd.h>

#include <boost/json.hpp>
#include <stdexcept>

namespace va::testing {

ApiHarness::ApiHarness(crm::PasswordCost cost, std::size_t body_limit, const std::string& db_url,
                       std::vector<std::string> trunk_lines) {
  static int counter = 0;
  dir_ = std::filesystem::temp_directory_path() /
         ("va-api-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  std::filesystem::create_directories(dir_);
  auto store = crm::Store::create(
      db_url.empty() ? "sqlite:" + (dir_ / "voiceagent.db").string() : db_url, 4);
  if (!store) throw std::runtime_error("store: " + store.error().message());
  store_ = std::move(*store);
  auto env = [](const std::string&) { return std::optional<std::string>{}; };
  auto vault = crm::KeyVault::load(dir_.string(), env);
  if (!vault) throw std::runtime_error("vault: " + vault.error().message());
  keys_ = std::make_unique<crm::KeyPool>(*store_, *vault);
  accounts_ = std::make_unique<crm::Accounts>(*store_, *keys_, cost);
  if (!accounts_->bootstrap_superadmin(kSuperPassword)) throw std::runtime_error("bootstrap");
  auth_ = std::make_unique<crm::Auth>(*store_, core::Clock::steady(), cost);
  api_ = std::make_unique<api::RestApi>(api::ApiDeps{*store_, *auth_, *accounts_, *keys_, nullptr,
                                                     metrics_, nullptr, std::move(trunk_lines)});
  db_ = std::make_unique<crm::DbPool>(4);
  server_ = std::make_unique<api::HttpServer>(
      [this](const api::HttpRequest& r) { return api_->handle(r); }, *db_, body_limit);
  auto port = server_->start("127.0.0.1:0");
  if (!port) throw std::runtime_error("http: " + port.error().message());
  port_ = *port;
}

ApiHarness::~ApiHarness() {
  server_->stop();
  db_->stop();
  server_.reset();
  api_.reset();
  store_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string ApiHarness::login(const std::string& username, const std::string& password) {
  HttpClient c(port_);
  auto r = c.request(
      "POST", "/api/auth/login",
      boost::json::serialize(boost::json::object{{"username", username}, {"password", password}}));
  if (r.status != 200) return "";
  return std::string(boost::json::parse(r.body).at("token").as_string());
}

}  // namespace va::testing
