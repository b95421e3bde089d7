// The app/ functions the lead wires into main: ApiRuntime starts the real server from a
// Config (first-run superadmin, HTTP on loopback), and the users/keys CLI commands work on
// the same data dir and print only fingerprints.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>

#include "app/api_runtime.h"
#include "app/crm_context.h"
#include "app/keys_command.h"
#include "app/users_command.h"
#include "crm/key_vault.h"
#include "http_client.h"

namespace va::app {
namespace {

class AppCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("va-app-" + std::to_string(::getpid()));
    config_.data_dir = dir_.string();
    config_.http.listen = "127.0.0.1:0";
    config_.superadmin_password = "first-run-secret";
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
  core::Config config_;
};

TEST_F(AppCommands, ServeWiringStartsTheApiWithTheConfiguredSuperadmin) {
  ApiRuntime runtime(config_);
  ASSERT_NE(runtime.http_port(), 0);
  testing::HttpClient c(runtime.http_port());
  // Up but not taking calls until serve says so, and again once it drains.
  auto starting = c.request("GET", "/healthz");
  EXPECT_EQ(starting.status, 503);
  EXPECT_NE(starting.body.find("starting"), std::string::npos) << starting.body;
  runtime.set_taking_calls(true);
  EXPECT_EQ(c.request("GET", "/healthz").status, 200);
  auto r = c.request("POST", "/api/auth/login",
                     R"({"username":"superadmin","password":"first-run-secret"})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(c.request("POST", "/api/calls", R"({"to":"+4930123"})",
                      std::string(boost::json::parse(r.body).at("token").as_string()))
                .status,
            503);
  EXPECT_TRUE(std::filesystem::exists(dir_ / "voiceagent.db"));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "master.key"));
  runtime.set_taking_calls(false);
  auto draining = c.request("GET", "/healthz");
  EXPECT_EQ(draining.status, 503);
  EXPECT_NE(draining.body.find("draining"), std::string::npos) << draining.body;
}

TEST_F(AppCommands, UsersAndKeysCommandsShareTheDataDirAndPrintOnlyFingerprints) {
  { ApiRuntime first_run(config_); }  // creates superadmin, db and master key
  const std::string key = "AIzaCLI-KEY-value-0000000000000000";
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(users_create(config_, {"boss", "admin", "", "boss-password", "", ""}), 0);
  EXPECT_EQ(users_create(config_, {"worker", "agent", "boss", "", "", ""}), 0);
  EXPECT_EQ(keys_add(config_, key, "cli"), 0);
  EXPECT_EQ(keys_assign(config_), 0);
  crm::Id boss_id = 0;
  {  // the boss sets its own key, as PUT /api/users/{id}/api-key would: its tenant's key
    CrmContext crm(config_, 1);
    auto boss = crm.store->get_user_by_name("boss").value();
    boss_id = boss.id;
    ASSERT_TRUE(crm.keys->set_user_key(&boss, boss.id, "AIzaBOSS-own-key-000000000000000"));
  }
  EXPECT_EQ(keys_list(config_), 0);
  EXPECT_EQ(users_list(config_), 0);
  EXPECT_EQ(users_passwd(config_, "boss", "new-boss-password"), 0);
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("assigned keys to 2 users"), std::string::npos) << out;
  // `keys list` names each key's owner (issue 20): the pool's, and the boss's tenant's.
  EXPECT_NE(out.find("id\tfingerprint\tprovider\tstatus\towner\tusers\tlabel\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find(core::key_fingerprint(key) + "\tgemini\tactive\tpool\t1\tcli\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(core::key_fingerprint("AIzaBOSS-own-key-000000000000000") +
                     "\tgemini\tactive\ttenant boss (" + std::to_string(boss_id) + ")\t1\t\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("password: "), std::string::npos);  // generated for worker, printed once
  EXPECT_EQ(out.find(key), std::string::npos) << "a full key was printed";
  EXPECT_EQ(users_create(config_, {"worker", "agent", "boss", "", "", ""}), 1);  // duplicate
}

}  // namespace
}  // namespace va::app
