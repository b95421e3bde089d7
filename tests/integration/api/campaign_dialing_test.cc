// The campaign dialer's REST contract over the real HTTP server and a temp SQLite store:
// `dialing` with defaults, 400 naming the field for bad settings (and nothing changed), a
// lead's IANA timezone, start/pause/stop with 409 for a campaign without leads, progress and
// the per-lead list. (No dialer runs here: the leads stay pending.)
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api_harness.h"

namespace va::testing {
namespace {

namespace json = boost::json;

class CampaignDialingApi : public ::testing::Test {
 protected:
  void SetUp() override {
    h_ = std::make_unique<ApiHarness>();
    token_ = h_->login("superadmin", ApiHarness::kSuperPassword);
  }

  ClientResponse send(const std::string& method, const std::string& target,
                      const std::string& body = "") {
    HttpClient c(h_->port());
    return c.request(method, target, body, token_);
  }

  json::object created(const std::string& body) {
    auto r = send("POST", "/api/campaigns", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body).as_object();
  }

  std::string campaign_path(const json::object& c, const std::string& rest = "") {
    return "/api/campaigns/" + std::to_string(c.at("id").as_int64()) + rest;
  }

  std::unique_ptr<ApiHarness> h_;
  std::string token_;
};

TEST_F(CampaignDialingApi, GetReturnsTheSettingsWithDefaults) {
  auto c = created(R"({"name":"a","dialing":{"max_concurrent":5,"retry_after_s":{"busy":60}}})");
  const auto& d = c.at("dialing").as_object();
  EXPECT_EQ(d.at("max_concurrent").as_int64(), 5);
  EXPECT_EQ(d.at("calls_per_minute").as_int64(), 10);
  EXPECT_EQ(d.at("max_attempts").as_int64(), 3);
  EXPECT_EQ(d.at("retry_after_s").at("busy").as_int64(), 60);
  EXPECT_TRUE(d.at("retry_after_s").at("rejected").is_null());  // no retry by default
  EXPECT_EQ(d.at("calling_hours").at("from").as_string(), "09:00");
  EXPECT_EQ(json::serialize(d.at("calling_hours").at("days")), "[1,2,3,4,5]");
  EXPECT_EQ(c.at("status").as_string(), "draft");
  auto got = json::parse(send("GET", campaign_path(c)).body);
  EXPECT_EQ(got.at("dialing"), c.at("dialing"));
}

TEST_F(CampaignDialingApi, BadSettingsAre400NamingTheFieldAndChangeNothing) {
  auto c = created(R"({"name":"a"})");
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"dialing":{"max_concurrent":-1}})", "dialing.max_concurrent"},
      {R"({"dialing":{"calls_per_minute":0}})", "dialing.calls_per_minute"},
      {R"({"dialing":{"retry_after_s":{"busy":-5}}})", "dialing.retry_after_s.busy"},
      {R"({"dialing":{"calling_hours":{"from":"25:00"}}})", "dialing.calling_hours.from"},
      {R"({"dialing":{"calling_hours":{"days":[0]}}})", "dialing.calling_hours.days"},
      {R"({"dialing":{"lines":["gsm9"]}})", "dialing.lines"},
      {R"({"dialing":{"max_concurrent":4,"calling_hours":{"to":"7pm"}}})",
       "dialing.calling_hours.to"},
  };
  const auto before = send("GET", campaign_path(c)).body;
  for (const auto& [body, field] : cases) {
    auto r = send("PATCH", campaign_path(c), body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    EXPECT_NE(r.body.find(field), std::string::npos) << r.body;
  }
  EXPECT_EQ(send("GET", campaign_path(c)).body, before);
  EXPECT_EQ(send("POST", "/api/campaigns", R"({"name":"b","dialing":{"max_attempts":-2}})").status,
            400);
}

// Users bound to lines (users.lines): PATCH/GET /api/users/{id} `lines`, each a configured
// [[sip.trunk.lines]] name (400 naming `lines` otherwise, nothing changed); null or [] = any.
TEST(UserLinesApi, PatchAndGetValidatedAgainstTheTrunkLines) {
  ApiHarness h(crm::PasswordCost::minimum(), 1 << 20, "", {"gsm1", "gsm2"});
  const auto token = h.login("superadmin", ApiHarness::kSuperPassword);
  HttpClient c(h.port());
  auto made =
      c.request("POST", "/api/users",
                R"({"username":"liner","password":"password-liner","role":"admin"})", token);
  ASSERT_EQ(made.status, 201) << made.body;
  const auto path = "/api/users/" + std::to_string(json::parse(made.body).at("id").as_int64());
  EXPECT_EQ(json::serialize(json::parse(made.body).at("lines")), "[]");
  auto r = c.request("PATCH", path, R"({"lines":["gsm2","gsm1","gsm2"]})", token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::serialize(json::parse(r.body).at("lines")), R"(["gsm2","gsm1"])");
  const auto before = c.request("GET", path, "", token).body;
  EXPECT_EQ(json::serialize(json::parse(before).at("lines")), R"(["gsm2","gsm1"])");
  for (const char* bad : {R"({"lines":["gsm9"]})", R"({"lines":"gsm1"})", R"({"lines":[1]})"}) {
    auto b = c.request("PATCH", path, bad, token);
    EXPECT_EQ(b.status, 400) << bad << " -> " << b.body;
    EXPECT_NE(b.body.find("'lines'"), std::string::npos) << b.body;
  }
  auto mixed = c.request("PATCH", path, R"({"display_name":"changed","lines":["gsm3"]})", token);
  EXPECT_EQ(mixed.status, 400) << mixed.body;
  EXPECT_EQ(c.request("GET", path, "", token).body, before);  // nothing changed
  r = c.request("PATCH", path, R"({"lines":null})", token);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::serialize(json::parse(r.body).at("lines")), "[]");
}

TEST_F(CampaignDialingApi, LeadTimezoneIsAnIanaZone) {
  auto r = send("POST", "/api/leads",
                R"({"name":"x","phone":"+359888123456","timezone":"Europe/Sofia"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = json::parse(r.body).at("id").as_int64();
  EXPECT_EQ(json::parse(send("GET", "/api/leads/" + std::to_string(id)).body).at("timezone"),
            "Europe/Sofia");
  auto bad = send("PATCH", "/api/leads/" + std::to_string(id), R"({"timezone":"Mars/Olympus"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("timezone"), std::string::npos) << bad.body;
}

TEST_F(CampaignDialingApi, StartPauseStopProgressAndLeads) {
  auto c = created(R"({"name":"run"})");
  auto empty = send("POST", campaign_path(c, "/start"));
  EXPECT_EQ(empty.status, 409);
  EXPECT_NE(empty.body.find("no_leads"), std::string::npos) << empty.body;
  EXPECT_EQ(json::parse(send("GET", campaign_path(c)).body).at("status"), "draft");

  auto lead = send("POST", "/api/leads", R"({"name":"x","phone":"+4930123456"})");
  const auto lead_id = json::parse(lead.body).at("id").as_int64();
  ASSERT_EQ(
      send("PUT", campaign_path(c, "/leads"), R"({"lead_ids":[)" + std::to_string(lead_id) + "]}")
          .status,
      200);
  auto started = send("POST", campaign_path(c, "/start"));
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(json::parse(started.body).at("status"), "active");
  EXPECT_EQ(json::parse(send("POST", campaign_path(c, "/pause")).body).at("status"), "paused");
  EXPECT_EQ(json::parse(send("POST", campaign_path(c, "/start")).body).at("status"), "active");
  EXPECT_EQ(json::parse(send("POST", campaign_path(c, "/stop")).body).at("status"), "stopped");
  EXPECT_EQ(send("POST", campaign_path(c, "/pause")).status, 409);  // only an active one

  auto p = json::parse(send("GET", campaign_path(c, "/progress")).body).as_object();
  for (const char* k :
       {"status", "waiting_reason", "total", "by_state", "by_outcome", "in_flight", "attempts"})
    EXPECT_TRUE(p.contains(k)) << k;
  EXPECT_EQ(p.at("total").as_int64(), 1);
  EXPECT_EQ(p.at("by_state").at("pending").as_int64(), 1);

  auto leads = json::parse(send("GET", campaign_path(c, "/leads?per_page=10")).body).as_object();
  EXPECT_EQ(leads.at("total").as_int64(), 1);
  const auto& item = leads.at("items").at(0).as_object();
  EXPECT_EQ(item.at("lead_id").as_int64(), lead_id);
  EXPECT_EQ(item.at("state"), "pending");
  EXPECT_EQ(item.at("attempts").as_int64(), 0);
  EXPECT_TRUE(item.at("last_outcome").is_null());
  EXPECT_TRUE(item.at("call_ids").as_array().empty());
  EXPECT_TRUE(item.contains("next_attempt_at"));
}

}  // namespace
}  // namespace va::testing
