// Key isolation over the real HTTP server and store (issue 20, the probe's case): a key admin A
// sets with PUT /api/users/{id}/api-key belongs to tenant A. It never reaches a new user of
// tenant B, neither at creation (least-used) nor through POST /api/keys/assign, cannot be set
// for tenant B (409), and GET /api/keys shows every key's owner to the superadmin, by
// fingerprint only.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "api_harness.h"
#include "crm/errc.h"
#include "crm/key_vault.h"

namespace va::testing {
namespace {

namespace json = boost::json;

constexpr const char* kKeyA = "AIzaTenantA-private-key-0123456789";
constexpr const char* kKeyS = "AIzaAgentA-set-by-superadmin-01234";
constexpr const char* kPool = "AIzaSuperadmin-pool-key-0123456789";

struct Actor {
  crm::Id id = 0;
  std::string token;
};

class KeyIsolation : public ::testing::Test {
 protected:
  void SetUp() override {
    h_ = std::make_unique<ApiHarness>();
    super_ = {h_->store().get_user_by_name("superadmin").value().id,
              h_->login("superadmin", ApiHarness::kSuperPassword)};
  }

  Actor make(const std::string& name, const std::string& role, const Actor& by) {
    auto r = send(by, "POST", "/api/users",
                  json::serialize(json::object{
                      {"username", name}, {"password", "password-" + name}, {"role", role}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return {json::parse(r.body).at("id").as_int64(), h_->login(name, "password-" + name)};
  }

  ClientResponse send(const Actor& a, const std::string& method, const std::string& target,
                      const std::string& body = "") {
    HttpClient c(h_->port());
    auto r = c.request(method, target, body, a.token);
    for (const char* clear : {kKeyA, kKeyS, kPool})
      EXPECT_EQ(r.body.find(clear), std::string::npos) << target << " answered a clear key";
    return r;
  }

  ClientResponse set_key(const Actor& by, const Actor& user, const std::string& key) {
    return send(by, "PUT", "/api/users/" + std::to_string(user.id) + "/api-key",
                json::serialize(json::object{{"key", key}}));
  }

  // The key fingerprint GET /api/users/{id} shows ("" for none).
  std::string fingerprint_of(const Actor& user) {
    auto r = send(super_, "GET", "/api/users/" + std::to_string(user.id));
    EXPECT_EQ(r.status, 200) << r.body;
    const auto& fp = json::parse(r.body).at("key_fingerprint");
    return fp.is_string() ? std::string(fp.as_string()) : "";
  }

  // The key a call of `user` would run on (what the call layer resolves), "" for none.
  std::string call_key_of(const Actor& user) {
    auto k = h_->keys().resolve(user.id);
    EXPECT_TRUE(k || k.error() == crm::Errc::NoKey) << k.error().message();
    return k ? k->key : "";
  }

  static std::string error_code(const ClientResponse& r) {
    return std::string(json::parse(r.body).at("error").at("code").as_string());
  }

  std::unique_ptr<ApiHarness> h_;
  Actor super_;
};

TEST_F(KeyIsolation, AdminAsKeyNeverReachesANewUserOfTenantBNorAfterKeysAssign) {
  const Actor admin_a = make("admin-a", "admin", super_);
  ASSERT_EQ(set_key(admin_a, admin_a, kKeyA).status, 200);
  const Actor agent_a = make("agent-a", "agent", admin_a);
  ASSERT_EQ(set_key(admin_a, agent_a, kKeyA).status, 200);  // the tenant's own agent

  // Before the fix admin A's key was the least-used key of the pool: B got it here.
  const Actor admin_b = make("admin-b", "admin", super_);
  const Actor agent_b = make("agent-b", "agent", admin_b);
  EXPECT_EQ(fingerprint_of(admin_b), "");
  EXPECT_EQ(fingerprint_of(agent_b), "");
  EXPECT_EQ(call_key_of(admin_b), "");

  // `keys assign` hands out pool keys only: with none, nobody gets a key.
  auto assign = send(super_, "POST", "/api/keys/assign");
  EXPECT_NE(assign.status, 200) << assign.body;
  EXPECT_EQ(fingerprint_of(admin_b), "");
  auto added = send(super_, "POST", "/api/keys", json::serialize(json::object{{"key", kPool}}));
  ASSERT_EQ(added.status, 201) << added.body;
  assign = send(super_, "POST", "/api/keys/assign");
  ASSERT_EQ(assign.status, 200) << assign.body;
  EXPECT_EQ(json::parse(assign.body).at("assigned").as_int64(), 2);
  const auto pool_fp = core::key_fingerprint(kPool);
  EXPECT_EQ(fingerprint_of(admin_b), pool_fp);
  EXPECT_EQ(fingerprint_of(agent_b), pool_fp);
  EXPECT_EQ(call_key_of(agent_b), kPool);
  const Actor agent_b2 = make("agent-b2", "agent", admin_b);  // a later new user
  EXPECT_EQ(fingerprint_of(agent_b2), pool_fp);
  // Tenant A keeps its own key.
  EXPECT_EQ(fingerprint_of(admin_a), core::key_fingerprint(kKeyA));
  EXPECT_EQ(call_key_of(agent_a), kKeyA);
}

TEST_F(KeyIsolation, AnotherTenantsKeyOrAPoolKeyIsRefusedWithAClear409) {
  const Actor admin_a = make("admin-a", "admin", super_);
  const Actor agent_a = make("agent-a", "agent", admin_a);
  const Actor admin_b = make("admin-b", "admin", super_);
  const Actor agent_b = make("agent-b", "agent", admin_b);
  ASSERT_EQ(set_key(admin_a, agent_a, kKeyA).status, 200);

  auto r = set_key(admin_b, agent_b, kKeyA);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(error_code(r), "key_owned");
  EXPECT_NE(r.body.find("belongs to another user or tenant"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("admin-a"), std::string::npos) << "the owner leaked to tenant B";
  r = set_key(super_, admin_b, kKeyA);  // not even the superadmin moves it across
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(error_code(r), "key_owned");
  EXPECT_EQ(send(super_, "POST", "/api/keys", json::serialize(json::object{{"key", kKeyA}})).status,
            409);  // nor into the pool
  EXPECT_EQ(fingerprint_of(agent_b), "");
  EXPECT_EQ(set_key(super_, admin_a, kKeyA).status, 200);  // within tenant A: fine

  // A key the superadmin sets for one user is that user's alone.
  ASSERT_EQ(set_key(super_, agent_a, kKeyS).status, 200);
  r = set_key(admin_a, admin_a, kKeyS);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(error_code(r), "key_owned");

  // A pool key: the superadmin gives it to anyone; an admin may not pick one.
  ASSERT_EQ(send(super_, "POST", "/api/keys", json::serialize(json::object{{"key", kPool}})).status,
            201);
  r = set_key(admin_b, agent_b, kPool);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(error_code(r), "key_in_pool");
  EXPECT_EQ(set_key(super_, agent_b, kPool).status, 200);
  EXPECT_EQ(fingerprint_of(agent_b), core::key_fingerprint(kPool));
}

TEST_F(KeyIsolation, TheSuperadminSeesEachKeysOwnerByFingerprintOnly) {
  const Actor admin_a = make("admin-a", "admin", super_);
  const Actor agent_a = make("agent-a", "agent", admin_a);
  ASSERT_EQ(set_key(admin_a, agent_a, kKeyA).status, 200);
  ASSERT_EQ(set_key(super_, admin_a, kKeyS).status, 200);
  ASSERT_EQ(send(super_, "POST", "/api/keys",
                 json::serialize(json::object{{"key", kPool}, {"label", "shared"}}))
                .status,
            201);
  auto r = send(super_, "GET", "/api/keys");
  ASSERT_EQ(r.status, 200) << r.body;
  std::map<std::string, json::object> by_fp;
  const auto doc = json::parse(r.body);
  for (const auto& item : doc.at("items").as_array())
    by_fp[std::string(item.at("fingerprint").as_string())] = item.as_object();
  ASSERT_EQ(by_fp.size(), 3u) << r.body;
  const auto& tenant = by_fp.at(core::key_fingerprint(kKeyA));
  EXPECT_EQ(tenant.at("owner").as_string(), "tenant");
  EXPECT_EQ(tenant.at("owner_id").as_int64(), admin_a.id);
  EXPECT_EQ(tenant.at("owner_name").as_string(), "admin-a");
  EXPECT_EQ(tenant.at("users").as_int64(), 1);
  const auto& user = by_fp.at(core::key_fingerprint(kKeyS));
  EXPECT_EQ(user.at("owner").as_string(), "user");
  EXPECT_EQ(user.at("owner_id").as_int64(), admin_a.id);
  const auto& pool = by_fp.at(core::key_fingerprint(kPool));
  EXPECT_EQ(pool.at("owner").as_string(), "pool");
  EXPECT_TRUE(pool.at("owner_id").is_null());
  EXPECT_TRUE(pool.at("owner_name").is_null());
  EXPECT_EQ(send(admin_a, "GET", "/api/keys").status, 403);
}

}  // namespace
}  // namespace va::testing
