// /api/inbound-routes over the real HTTP server and a temp SQLite store: who sees and who may
// change which dialled numbers, the CLI's number normal form, and the 400/403/404/409/422
// answers, checked against what the store (and so CallManager's lookup) then holds.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api_harness.h"

namespace va::testing {
namespace {

namespace json = boost::json;

struct Actor {
  crm::Id id = 0;
  std::string token;
};

class InboundRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    h_ = std::make_unique<ApiHarness>();
    super_ = {h_->store().get_user_by_name("superadmin").value().id,
              h_->login("superadmin", ApiHarness::kSuperPassword)};
    admin_a_ = make("admin-a", "admin", 0, super_);
    admin_b_ = make("admin-b", "admin", 0, super_);
    agent_a_ = make("agent-a", "agent", 0, admin_a_);
    agent_b_ = make("agent-b", "agent", 0, admin_b_);
  }

  Actor make(const std::string& name, const std::string& role, crm::Id parent, const Actor& by) {
    json::object body{{"username", name}, {"password", "password-" + name}, {"role", role}};
    if (parent) body["parent_id"] = parent;
    auto r = send(by, "POST", "/api/users", json::serialize(body));
    EXPECT_EQ(r.status, 201) << r.body;
    return {json::parse(r.body).at("id").as_int64(), h_->login(name, "password-" + name)};
  }

  ClientResponse send(const Actor& a, const std::string& method, const std::string& target,
                      const std::string& body = "") {
    HttpClient c(h_->port());
    return c.request(method, target, body, a.token);
  }

  ClientResponse add(const Actor& a, const std::string& number, crm::Id owner,
                     crm::Id campaign = 0) {
    json::object body{{"number", number}};
    if (owner) body["owner_id"] = owner;
    if (campaign) body["campaign_id"] = campaign;
    return send(a, "POST", "/api/inbound-routes", json::serialize(body));
  }

  // The numbers in GET /api/inbound-routes as `a` sees them.
  std::vector<std::string> listed(const Actor& a) {
    auto r = send(a, "GET", "/api/inbound-routes");
    EXPECT_EQ(r.status, 200) << r.body;
    const auto doc = json::parse(r.body);
    std::vector<std::string> out;
    for (const auto& item : doc.at("items").as_array()) {
      out.emplace_back(item.at("number").as_string());
    }
    return out;
  }

  static std::string code_of(const ClientResponse& r) {
    return std::string(json::parse(r.body).at("error").at("code").as_string());
  }

  std::unique_ptr<ApiHarness> h_;
  Actor super_, admin_a_, admin_b_, agent_a_, agent_b_;
};

TEST_F(InboundRoutes, AdminRoutesANumberToItsAgentInTheClisNormalForm) {
  auto r = add(admin_a_, "+49 (30) 555-01", agent_a_.id);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto body = json::parse(r.body);
  EXPECT_EQ(body.at("number").as_string(), "+493055501");
  EXPECT_EQ(body.at("owner_id").as_int64(), agent_a_.id);
  EXPECT_TRUE(body.at("campaign_id").is_null());
  EXPECT_GT(body.at("created_at").as_int64(), 0);
  // What CallManager looks up for an INVITE to that number.
  auto stored = h_->store().find_inbound_route("+493055501");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->owner_id, agent_a_.id);
}

TEST_F(InboundRoutes, ListsFollowTheOwnerScope) {
  ASSERT_EQ(add(admin_a_, "+4930100", admin_a_.id).status, 201);
  ASSERT_EQ(add(admin_a_, "+4930101", agent_a_.id).status, 201);
  ASSERT_EQ(add(admin_b_, "+4930200", agent_b_.id).status, 201);
  ASSERT_EQ(add(super_, "+4930000", super_.id).status, 201);
  using V = std::vector<std::string>;
  EXPECT_EQ(listed(super_), (V{"+4930000", "+4930100", "+4930101", "+4930200"}));
  EXPECT_EQ(listed(admin_a_), (V{"+4930100", "+4930101"}));
  EXPECT_EQ(listed(admin_b_), (V{"+4930200"}));
  EXPECT_EQ(listed(agent_a_), (V{"+4930101"}));
  EXPECT_EQ(listed(agent_b_), (V{"+4930200"}));
}

TEST_F(InboundRoutes, OwnerDefaultsToTheCallerAndMustBeWithinItsUsers) {
  auto own = add(admin_a_, "+4930300", 0);
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(json::parse(own.body).at("owner_id").as_int64(), admin_a_.id);
  EXPECT_EQ(add(admin_a_, "+4930301", agent_b_.id).status, 403);
  EXPECT_EQ(add(admin_a_, "+4930302", admin_b_.id).status, 403);
  EXPECT_EQ(add(admin_a_, "+4930303", super_.id).status, 403);
  EXPECT_EQ(add(super_, "+4930304", agent_b_.id).status, 201);
  auto ghost = add(super_, "+4930305", 999999);
  EXPECT_EQ(ghost.status, 422) << ghost.body;
  EXPECT_EQ(code_of(ghost), "invalid_field");
  EXPECT_FALSE(h_->store().find_inbound_route("+4930301"));
  EXPECT_FALSE(h_->store().find_inbound_route("+4930305"));
}

TEST_F(InboundRoutes, CampaignMustBeOneOfTheOwnersCampaigns) {
  crm::Campaign mine;
  mine.owner_id = agent_a_.id;
  mine.name = "support line";
  const auto mine_id = h_->store().create_campaign(mine).value();
  crm::Campaign theirs;
  theirs.owner_id = admin_a_.id;
  theirs.name = "admin's";
  const auto theirs_id = h_->store().create_campaign(theirs).value();
  auto ok = add(admin_a_, "+4930400", agent_a_.id, mine_id);
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(json::parse(ok.body).at("campaign_id").as_int64(), mine_id);
  auto wrong = add(admin_a_, "+4930401", agent_a_.id, theirs_id);
  EXPECT_EQ(wrong.status, 422) << wrong.body;
  EXPECT_NE(wrong.body.find("campaign_id"), std::string::npos);
  EXPECT_EQ(add(admin_a_, "+4930402", agent_a_.id, 424242).status, 422);
  EXPECT_FALSE(h_->store().find_inbound_route("+4930401"));
}

TEST_F(InboundRoutes, ATakenNumberIs409InAnySpellingAndForAnyTenant) {
  ASSERT_EQ(add(admin_a_, "+4930500", agent_a_.id).status, 201);
  for (const auto* spelling : {"+4930500", "+49 30 500", "+49-30-500"}) {
    auto again = add(admin_b_, spelling, agent_b_.id);
    EXPECT_EQ(again.status, 409) << spelling << " " << again.body;
    EXPECT_EQ(code_of(again), "conflict");
    EXPECT_EQ(again.body.find("agent-a"), std::string::npos) << "the owner must not leak";
  }
  EXPECT_EQ(h_->store().find_inbound_route("+4930500")->owner_id, agent_a_.id);
}

TEST_F(InboundRoutes, BadBodiesAreClear4xxAndStoreNothing) {
  auto post = [&](const std::string& body) {
    return send(admin_a_, "POST", "/api/inbound-routes", body);
  };
  EXPECT_EQ(code_of(post("{not json")), "malformed_json");
  EXPECT_EQ(post("{not json").status, 400);
  EXPECT_EQ(post(R"({"owner_id":1})").status, 400);
  EXPECT_EQ(code_of(post(R"({"owner_id":1})")), "missing_field");
  EXPECT_EQ(post(R"({"number":49301})").status, 400);
  auto junk = post(R"({"number":"call me maybe"})");
  EXPECT_EQ(junk.status, 422);
  EXPECT_EQ(code_of(junk), "invalid_field");
  EXPECT_EQ(post(R"({"number":"+" })").status, 422);
  EXPECT_EQ(post(R"({"number":")" + std::string(40, '1') + "\"}").status, 422);
  EXPECT_TRUE(h_->store().list_inbound_routes(std::nullopt).value().empty());
}

TEST_F(InboundRoutes, AgentsSeeTheirRoutesButMayNotChangeThem) {
  ASSERT_EQ(add(admin_a_, "+4930600", agent_a_.id).status, 201);
  auto post = add(agent_a_, "+4930601", agent_a_.id);
  EXPECT_EQ(post.status, 403);
  EXPECT_EQ(code_of(post), "forbidden");
  EXPECT_EQ(send(agent_a_, "GET", "/api/inbound-routes/%2B4930600").status, 200);
  EXPECT_EQ(send(agent_a_, "DELETE", "/api/inbound-routes/%2B4930600").status, 403);
  EXPECT_EQ(send(agent_b_, "DELETE", "/api/inbound-routes/%2B4930600").status, 404);
  EXPECT_TRUE(h_->store().find_inbound_route("+4930600"));
}

TEST_F(InboundRoutes, OneRouteIsVisibleOnlyInScope) {
  ASSERT_EQ(add(admin_a_, "+4930700", agent_a_.id).status, 201);
  auto one = send(admin_a_, "GET", "/api/inbound-routes/%2B4930700");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(json::parse(one.body).at("owner_id").as_int64(), agent_a_.id);
  EXPECT_EQ(send(super_, "GET", "/api/inbound-routes/+4930700").status, 200);
  auto foreign = send(admin_b_, "GET", "/api/inbound-routes/%2B4930700");
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(foreign.body.find("4930700"), std::string::npos);
  EXPECT_EQ(send(admin_a_, "GET", "/api/inbound-routes/%2B4930799").status, 404);
  EXPECT_EQ(send(admin_a_, "GET", "/api/inbound-routes/not-a-number").status, 404);
}

TEST_F(InboundRoutes, DeleteTakesTheNumberInAnySpellingAndThenItIsGone) {
  ASSERT_EQ(add(admin_a_, "+4930800", agent_a_.id).status, 201);
  ASSERT_EQ(add(admin_a_, "0301234", agent_a_.id).status, 201);
  ASSERT_EQ(add(admin_a_, "*31#", agent_a_.id).status, 201);
  EXPECT_EQ(send(admin_b_, "DELETE", "/api/inbound-routes/%2B4930800").status, 404);
  auto gone = send(admin_a_, "DELETE", "/api/inbound-routes/%2B49%2030%20800");
  EXPECT_EQ(gone.status, 200) << gone.body;
  EXPECT_FALSE(h_->store().find_inbound_route("+4930800"));
  EXPECT_EQ(send(admin_a_, "DELETE", "/api/inbound-routes/%2B4930800").status, 404);
  // Leading zeros are kept: the path segment is a number, never an id.
  EXPECT_EQ(send(super_, "DELETE", "/api/inbound-routes/0301234").status, 200);
  EXPECT_EQ(send(super_, "DELETE", "/api/inbound-routes/*31%23").status, 200);
  EXPECT_TRUE(h_->store().list_inbound_routes(std::nullopt).value().empty());
}

TEST_F(InboundRoutes, OpenApiNamesTheNumberAsAStringPathParameter) {
  auto doc = json::parse(send(super_, "GET", "/api/openapi.json").body);
  const auto& paths = doc.at("paths").as_object();
  ASSERT_TRUE(paths.contains("/api/inbound-routes"));
  EXPECT_TRUE(paths.at("/api/inbound-routes").as_object().contains("post"));
  const auto& del = paths.at("/api/inbound-routes/{number}").at("delete");
  const auto& param = del.at("parameters").at(0);
  EXPECT_EQ(param.at("name").as_string(), "number");
  EXPECT_EQ(param.at("schema").at("type").as_string(), "string");
  EXPECT_TRUE(del.as_object().contains("security"));
}

}  // namespace
}  // namespace va::testing
