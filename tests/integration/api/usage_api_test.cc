// Usage, cost, admin limits and CSV exports over the REST API (real HTTP server, temp
// SQLite): GET /api/calls/{id} shows "usage"; GET /api/usage totals per user, campaign and key
// within the caller's scope (400 for a bad range); the superadmin's max_agents refuses an
// agent too many with 409; GET /api/calls.csv and /api/campaigns/{id}/results.csv parse back
// with Python's csv module (RFC 4180 quoting, UTF-8) and follow the scope.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <map>

#include "api_harness.h"

namespace va::testing {
namespace {

namespace json = boost::json;

struct Actor {
  crm::Id id = 0;
  std::string token;
};

// Parses CSV text with Python's csv module (not ours) and returns the rows as JSON.
json::array parse_with_python(const std::filesystem::path& dir, const std::string& text) {
  const auto in = dir / "export.csv";
  const auto out = dir / "export.json";
  {
    std::ofstream f(in, std::ios::binary);
    f << text;
  }
  const std::string cmd =
      "python3 -c 'import csv,json,sys; "
      "rows=list(csv.reader(open(sys.argv[1], newline=\"\", "
      "encoding=\"utf-8\"), strict=True)); "
      "json.dump(rows, open(sys.argv[2], \"w\"))' '" +
      in.string() + "' '" + out.string() + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << text;
  std::ifstream f(out);
  std::string body((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_array()) return {};
  return v.as_array();
}

class UsageApi : public ::testing::Test {
 protected:
  void SetUp() override {
    h_ = std::make_unique<ApiHarness>();
    super_ = {h_->store().get_user_by_name("superadmin").value().id,
              h_->login("superadmin", ApiHarness::kSuperPassword)};
    admin_a_ = make("admin-a", "admin", super_);
    admin_b_ = make("admin-b", "admin", super_);
    agent_a_ = make("agent-a", "agent", admin_a_);
  }

  Actor make(const std::string& name, const std::string& role, const Actor& by) {
    json::object body{{"username", name}, {"password", "password-" + name}, {"role", role}};
    auto r = send(by, "POST", "/api/users", json::serialize(body));
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return {};
    return {json::parse(r.body).at("id").as_int64(), h_->login(name, "password-" + name)};
  }

  ClientResponse send(const Actor& a, const std::string& method, const std::string& target,
                      const std::string& body = "") {
    HttpClient c(h_->port());
    return c.request(method, target, body, a.token);
  }

  // An ended call with usage, as the call layer writes it when the call ends.
  crm::Id call_with_usage(crm::Id owner, std::int64_t in, std::int64_t out, std::int64_t talk,
                          std::int64_t micros, const std::string& fingerprint, crm::Id campaign = 0,
                          crm::Id lead = 0) {
    crm::Call c;
    c.owner_id = owner;
    c.campaign_id = campaign;
    c.lead_id = lead;
    c.to = "+4930123456";
    c.status = crm::CallStatus::Ended;
    c.key_fingerprint = fingerprint;
    const crm::Id id = h_->store().create_call(c).value();
    c = h_->store().get_call(id).value();
    c.input_tokens = in;
    c.output_tokens = out;
    c.input_audio_tokens = in / 2;
    c.output_audio_tokens = out / 2;
    c.talk_s = talk;
    c.cost_micros = micros;
    EXPECT_TRUE(h_->store().update_call(c));
    return id;
  }

  json::object usage(const Actor& a, const std::string& query = "") {
    auto r = send(a, "GET", "/api/usage" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body).as_object() : json::object{};
  }

  std::unique_ptr<ApiHarness> h_;
  Actor super_, admin_a_, admin_b_, agent_a_;
};

TEST_F(UsageApi, CallShowsItsUsageAndCost) {
  const crm::Id call = call_with_usage(admin_a_.id, 3200, 4800, 95, 61400, "aaaaaaaaaaaa");
  auto r = send(admin_a_, "GET", "/api/calls/" + std::to_string(call));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto u = json::parse(r.body).at("usage").as_object();
  EXPECT_EQ(u.at("input_tokens").as_int64(), 3200);
  EXPECT_EQ(u.at("output_tokens").as_int64(), 4800);
  EXPECT_EQ(u.at("talk_s").as_int64(), 95);
  EXPECT_DOUBLE_EQ(u.at("cost").as_double(), 0.0614);
  // The list carries it too.
  r = send(admin_a_, "GET", "/api/calls");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body).at("items").at(0).at("usage").at("talk_s").as_int64(), 95);
}

TEST_F(UsageApi, TotalsFollowTheScope) {
  call_with_usage(admin_a_.id, 100, 200, 60, 1000000, "aaaaaaaaaaaa");
  call_with_usage(agent_a_.id, 10, 20, 30, 500000, "aaaaaaaaaaaa");
  call_with_usage(agent_a_.id, 1, 2, 3, 250000, "bbbbbbbbbbbb");
  call_with_usage(admin_b_.id, 1000, 2000, 600, 9000000, "cccccccccccc");

  auto all = usage(super_);
  EXPECT_EQ(all.at("total").at("calls").as_int64(), 4);
  EXPECT_EQ(all.at("total").at("talk_s").as_int64(), 693);
  EXPECT_DOUBLE_EQ(all.at("total").at("cost").as_double(), 10.75);
  EXPECT_EQ(all.at("by_user").as_array().size(), 3u);
  // Ordered by cost: admin-b first.
  EXPECT_EQ(all.at("by_user").at(0).at("username").as_string(), "admin-b");
  EXPECT_EQ(all.at("by_key").as_array().size(), 3u);

  auto tenant = usage(admin_a_);
  EXPECT_EQ(tenant.at("total").at("calls").as_int64(), 3);
  EXPECT_EQ(tenant.at("total").at("input_tokens").as_int64(), 111);
  EXPECT_DOUBLE_EQ(tenant.at("total").at("cost").as_double(), 1.75);
  bool saw_agent = false;
  for (const auto& row : tenant.at("by_user").as_array()) {
    EXPECT_NE(row.at("username").as_string(), "admin-b");
    if (row.at("user_id").as_int64() == agent_a_.id) {
      saw_agent = true;
      EXPECT_EQ(row.at("calls").as_int64(), 2);
      EXPECT_EQ(row.at("talk_s").as_int64(), 33);
    }
  }
  EXPECT_TRUE(saw_agent);
  for (const auto& row : tenant.at("by_key").as_array())
    EXPECT_NE(row.at("key_fingerprint").as_string(), "cccccccccccc");

  auto own = usage(agent_a_);
  EXPECT_EQ(own.at("total").at("calls").as_int64(), 2);
  EXPECT_EQ(own.at("by_user").as_array().size(), 1u);
}

TEST_F(UsageApi, TotalsPerCampaignAndTimeRange) {
  auto r = send(admin_a_, "POST", "/api/campaigns", R"({"name":"Spring"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto campaign = json::parse(r.body).at("id").as_int64();
  call_with_usage(admin_a_.id, 100, 100, 40, 2000, "aaaaaaaaaaaa", campaign);
  call_with_usage(admin_a_.id, 100, 100, 20, 1000, "aaaaaaaaaaaa");
  auto u = usage(admin_a_);
  ASSERT_EQ(u.at("by_campaign").as_array().size(), 1u);
  EXPECT_EQ(u.at("by_campaign").at(0).at("campaign_id").as_int64(), campaign);
  EXPECT_EQ(u.at("by_campaign").at(0).at("name").as_string(), "Spring");
  EXPECT_EQ(u.at("by_campaign").at(0).at("talk_s").as_int64(), 40);
  // A range in the past holds none of them; dates and milliseconds both work.
  EXPECT_EQ(usage(admin_a_, "?from=2020-01-01&to=2020-01-31").at("total").at("calls").as_int64(),
            0);
  EXPECT_EQ(usage(admin_a_, "?from=0").at("total").at("calls").as_int64(), 2);
}

TEST_F(UsageApi, BadRangeIs400NamingTheParameter) {
  auto r = send(admin_a_, "GET", "/api/usage?from=yesterday");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("from"), std::string::npos) << r.body;
  r = send(admin_a_, "GET", "/api/usage?from=2026-02-30");
  EXPECT_EQ(r.status, 400);
  r = send(admin_a_, "GET", "/api/usage?from=2026-05-01&to=2026-04-01");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("to"), std::string::npos) << r.body;
  HttpClient c(h_->port());
  EXPECT_EQ(c.request("GET", "/api/usage").status, 401);
}

TEST_F(UsageApi, SuperadminSetsAdminLimitsAndMaxAgentsRefusesOneTooMany) {
  auto r = send(super_, "PATCH", "/api/users/" + std::to_string(admin_a_.id),
                R"({"max_agents":2,"monthly_minutes":600,"max_concurrent_calls":3})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto u = json::parse(r.body);
  EXPECT_EQ(u.at("max_agents").as_int64(), 2);
  EXPECT_EQ(u.at("monthly_minutes").as_int64(), 600);
  EXPECT_EQ(u.at("max_concurrent_calls").as_int64(), 3);
  make("agent-a2", "agent", admin_a_);  // the second of two
  r = send(admin_a_, "POST", "/api/users",
           R"({"username":"agent-a3","password":"password-a3","role":"agent"})");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("max_agents"), std::string::npos) << r.body;
  // The superadmin is held to it as well.
  r = send(super_, "POST", "/api/users",
           R"({"username":"agent-a4","password":"password-a4","role":"agent","parent_id":)" +
               std::to_string(admin_a_.id) + "}");
  EXPECT_EQ(r.status, 409) << r.body;
  // admin-b has no limit.
  make("agent-b1", "agent", admin_b_);
  make("agent-b2", "agent", admin_b_);
  make("agent-b3", "agent", admin_b_);
}

TEST_F(UsageApi, OnlyTheSuperadminSetsAdminLimits) {
  auto r = send(admin_a_, "PATCH", "/api/users/" + std::to_string(agent_a_.id),
                R"({"monthly_minutes":10})");
  EXPECT_EQ(r.status, 403) << r.body;
  // Out-of-range values are 422 invalid_field naming the field, as the other user fields;
  // a value of the wrong JSON type is 400.
  r = send(super_, "PATCH", "/api/users/" + std::to_string(agent_a_.id), R"({"max_agents":1})");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("max_agents"), std::string::npos) << r.body;
  r = send(super_, "PATCH", "/api/users/" + std::to_string(admin_a_.id), R"({"max_agents":-1})");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("max_agents"), std::string::npos) << r.body;
  r = send(super_, "PATCH", "/api/users/" + std::to_string(admin_a_.id),
           R"({"monthly_minutes":"lots"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("monthly_minutes"), std::string::npos) << r.body;
  EXPECT_EQ(h_->store().get_user(admin_a_.id).value().monthly_minutes, 0);
}

TEST_F(UsageApi, CallsCsvParsesBackAndFollowsTheScope) {
  const crm::Id mine = call_with_usage(admin_a_.id, 100, 200, 61, 123456, "aaaaaaaaaaaa");
  auto c = h_->store().get_call(mine).value();
  c.summary = "Said \"yes\", then: call back,\nFriday — Grüße";
  ASSERT_TRUE(h_->store().update_call(c));
  call_with_usage(admin_b_.id, 1, 1, 1, 1, "cccccccccccc");
  auto r = send(admin_a_, "GET", "/api/calls.csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("Content-Type").find("text/csv"), std::string::npos);
  auto rows = parse_with_python(h_->dir(), r.body);
  ASSERT_EQ(rows.size(), 2u) << r.body;  // header + admin-a's one call
  const auto& header = rows[0].as_array();
  const auto& row = rows[1].as_array();
  ASSERT_EQ(header.size(), row.size());
  std::map<std::string, std::string> cells;
  for (std::size_t i = 0; i < header.size(); ++i)
    cells[std::string(header[i].as_string())] = std::string(row[i].as_string());
  EXPECT_EQ(cells["id"], std::to_string(mine));
  EXPECT_EQ(cells["talk_s"], "61");
  EXPECT_EQ(cells["cost_usd"], "0.123456");
  EXPECT_EQ(cells["summary"], c.summary);
  auto all = parse_with_python(h_->dir(), send(super_, "GET", "/api/calls.csv").body);
  EXPECT_EQ(all.size(), 3u);
}

TEST_F(UsageApi, CampaignResultsCsvHasALeadPerRowAndTheExtractedFields) {
  auto r = send(admin_a_, "POST", "/api/campaigns",
                R"({"name":"Q","extraction_schema":[{"name":"email","type":"string",)"
                R"("description":"e-mail"},{"name":"budget","type":"number","description":"b"}]})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto campaign = json::parse(r.body).at("id").as_int64();
  crm::Lead l1;
  l1.owner_id = admin_a_.id;
  l1.name = "Müller, Anna";
  l1.phone = "+4930111111";
  crm::Lead l2 = l1;
  l2.name = "Bob \"B\" Jones";
  l2.phone = "+4930222222";
  const auto id1 = h_->store().create_lead(l1).value();
  const auto id2 = h_->store().create_lead(l2).value();
  ASSERT_TRUE(h_->store().set_campaign_leads(campaign, {id1, id2}));
  const auto call = call_with_usage(admin_a_.id, 1, 1, 30, 1, "aaaaaaaaaaaa", campaign, id1);
  ASSERT_TRUE(h_->store().record_dial(campaign, id1, call));
  ASSERT_TRUE(h_->store().queue_analysis(call, 5, false));
  auto a = h_->store().get_analysis(call).value();
  a.status = "done";
  a.disposition = "interested";
  a.summary = "Wants an offer, by mail";
  a.fields = R"({"email":"anna@example.com","budget":1500})";
  ASSERT_TRUE(h_->store().save_analysis(a));

  r = send(admin_a_, "GET", "/api/campaigns/" + std::to_string(campaign) + "/results.csv");
  ASSERT_EQ(r.status, 200) << r.body;
  auto rows = parse_with_python(h_->dir(), r.body);
  ASSERT_EQ(rows.size(), 3u) << r.body;
  std::vector<std::string> header;
  for (const auto& v : rows[0].as_array())
    header.emplace_back(v.as_string());
  ASSERT_GE(header.size(), 12u);
  EXPECT_EQ(header[header.size() - 2], "email");
  EXPECT_EQ(header.back(), "budget");
  bool saw_anna = false;
  bool saw_bob = false;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    std::map<std::string, std::string> cell;
    const auto& row = rows[i].as_array();
    ASSERT_EQ(row.size(), header.size());
    for (std::size_t k = 0; k < header.size(); ++k)
      cell[header[k]] = std::string(row[k].as_string());
    if (cell["name"] == "Müller, Anna") {
      saw_anna = true;
      EXPECT_EQ(cell["phone"], "+4930111111");
      EXPECT_EQ(cell["disposition"], "interested");
      EXPECT_EQ(cell["summary"], "Wants an offer, by mail");
      EXPECT_EQ(cell["email"], "anna@example.com");
      EXPECT_EQ(cell["budget"], "1500");
      EXPECT_EQ(cell["last_call_id"], std::to_string(call));
    } else if (cell["name"] == "Bob \"B\" Jones") {
      saw_bob = true;
      EXPECT_EQ(cell["disposition"], "");
      EXPECT_EQ(cell["attempts"], "0");
    }
  }
  EXPECT_TRUE(saw_anna);
  EXPECT_TRUE(saw_bob);
  // Outside the scope: 404.
  r = send(admin_b_, "GET", "/api/campaigns/" + std::to_string(campaign) + "/results.csv");
  EXPECT_EQ(r.status, 404);
}

}  // namespace
}  // namespace va::testing
