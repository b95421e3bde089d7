// Post-call analysis over the REST API (real HTTP server, temp SQLite): GET /api/calls/{id}
// shows the analysis (null, pending, done, failed), POST /api/calls/{id}/analyze queues it
// again (202; 409 while the call is up; 404 outside the scope), GET /api/conversions lists the
// caller's interested and callback leads only, and a campaign's extraction_schema is checked
// with a 400 that names the bad part.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "api_harness.h"

namespace va::testing {
namespace {

namespace json = boost::json;

struct Actor {
  crm::Id id = 0;
  std::string token;
};

class AnalysisApi : public ::testing::Test {
 protected:
  void SetUp() override {
    h_ = std::make_unique<ApiHarness>();
    super_ = {h_->store().get_user_by_name("superadmin").value().id,
              h_->login("superadmin", ApiHarness::kSuperPassword)};
    admin_a_ = make("admin-a", super_);
    admin_b_ = make("admin-b", super_);
  }

  Actor make(const std::string& name, const Actor& by) {
    json::object body{{"username", name}, {"password", "password-" + name}, {"role", "admin"}};
    auto r = send(by, "POST", "/api/users", json::serialize(body));
    EXPECT_EQ(r.status, 201) << r.body;
    return {json::parse(r.body).at("id").as_int64(), h_->login(name, "password-" + name)};
  }

  ClientResponse send(const Actor& a, const std::string& method, const std::string& target,
                      const std::string& body = "") {
    HttpClient c(h_->port());
    return c.request(method, target, body, a.token);
  }

  crm::Id ended_call(crm::Id owner, crm::Id lead = 0) {
    crm::Call c;
    c.owner_id = owner;
    c.lead_id = lead;
    c.status = crm::CallStatus::Ended;
    c.answered_at = 1000;
    c.ended_at = 2000;
    return h_->store().create_call(c).value();
  }

  json::value analysis_of(const Actor& a, crm::Id call) {
    auto r = send(a, "GET", "/api/calls/" + std::to_string(call));
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).at("analysis");
  }

  std::unique_ptr<ApiHarness> h_;
  Actor super_, admin_a_, admin_b_;
};

TEST_F(AnalysisApi, CallShowsItsAnalysisThroughEveryState) {
  const crm::Id call = ended_call(admin_a_.id);
  EXPECT_TRUE(analysis_of(admin_a_, call).is_null());
  ASSERT_TRUE(h_->store().queue_analysis(call, 5, false));
  auto a = analysis_of(admin_a_, call);
  EXPECT_EQ(a.at("status").as_string(), "pending");
  EXPECT_TRUE(a.at("disposition").is_null());
  EXPECT_TRUE(a.at("fields").as_object().empty());

  auto row = h_->store().get_analysis(call).value();
  row.status = "done";
  row.summary = "Wants a call on Friday.";
  row.disposition = "callback";
  row.callback_at = 1765465200000;
  row.fields = R"({"email":"a@b.example","budget":null})";
  ASSERT_TRUE(h_->store().save_analysis(row));
  a = analysis_of(admin_a_, call);
  EXPECT_EQ(a.at("status").as_string(), "done");
  EXPECT_EQ(a.at("summary").as_string(), "Wants a call on Friday.");
  EXPECT_EQ(a.at("disposition").as_string(), "callback");
  EXPECT_EQ(a.at("callback_at").as_int64(), 1765465200000);
  EXPECT_EQ(a.at("fields").at("email").as_string(), "a@b.example");
  EXPECT_TRUE(a.at("fields").at("budget").is_null());
  EXPECT_TRUE(a.at("error").is_null());

  row.status = "failed";
  row.error = "quota exceeded (HTTP 429)";
  ASSERT_TRUE(h_->store().save_analysis(row));
  a = analysis_of(admin_a_, call);
  EXPECT_EQ(a.at("status").as_string(), "failed");
  EXPECT_EQ(a.at("error").as_string(), "quota exceeded (HTTP 429)");
  EXPECT_TRUE(a.at("summary").is_null());  // a failed analysis shows no stale results
}

TEST_F(AnalysisApi, AnalyzeQueuesAnEndedCallInScopeOnly) {
  const crm::Id call = ended_call(admin_a_.id);
  auto r = send(admin_b_, "POST", "/api/calls/" + std::to_string(call) + "/analyze");
  EXPECT_EQ(r.status, 404) << r.body;
  r = send(admin_a_, "POST", "/api/calls/" + std::to_string(call) + "/analyze");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(json::parse(r.body).at("analysis").at("status").as_string(), "pending");
  EXPECT_EQ(h_->store().get_analysis(call)->status, "pending");
  // A failed one goes back to pending with its attempts reset.
  auto row = h_->store().get_analysis(call).value();
  row.status = "failed";
  row.attempts = 5;
  row.error = "x";
  ASSERT_TRUE(h_->store().save_analysis(row));
  r = send(super_, "POST", "/api/calls/" + std::to_string(call) + "/analyze");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(h_->store().get_analysis(call)->attempts, 0);

  crm::Call live;
  live.owner_id = admin_a_.id;
  const crm::Id live_id = h_->store().create_call(live).value();  // dialing
  r = send(admin_a_, "POST", "/api/calls/" + std::to_string(live_id) + "/analyze");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("call_live"), std::string::npos);
}

TEST_F(AnalysisApi, ConversionsAreTheCallersInterestedAndCallbackLeads) {
  auto lead_of = [&](crm::Id owner, const std::string& name) {
    crm::Lead l;
    l.owner_id = owner;
    l.name = name;
    l.phone = "+4930123";
    return h_->store().create_lead(l).value();
  };
  struct Row {
    crm::Id owner;
    const char* name;
    const char* disposition;
  };
  for (const Row& x :
       {Row{admin_a_.id, "Anna", "interested"}, Row{admin_a_.id, "Boris", "callback"},
        Row{admin_a_.id, "Cleo", "not_interested"}, Row{admin_b_.id, "Dana", "interested"}}) {
    const crm::Id lead = lead_of(x.owner, x.name);
    const crm::Id call = ended_call(x.owner, lead);
    ASSERT_TRUE(h_->store().queue_analysis(call, 1, false));
    auto row = h_->store().get_analysis(call).value();
    row.status = "done";
    row.disposition = x.disposition;
    row.summary = std::string("summary of ") + x.name;
    ASSERT_TRUE(h_->store().save_analysis(row));
    ASSERT_TRUE(h_->store().apply_disposition({lead, call, 0, x.disposition, 0}));
  }
  auto r = send(admin_a_, "GET", "/api/conversions");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto items = json::parse(r.body).at("items").as_array();
  ASSERT_EQ(items.size(), 2u) << r.body;
  std::set<std::string> names;
  for (const auto& i : items) {
    names.insert(std::string(i.at("lead_name").as_string()));
    EXPECT_TRUE(i.at("fields").is_object());
    EXPECT_EQ(i.at("summary").as_string(),
              "summary of " + std::string(i.at("lead_name").as_string()));
  }
  EXPECT_EQ(names, (std::set<std::string>{"Anna", "Boris"}));
  r = send(super_, "GET", "/api/conversions");
  EXPECT_EQ(json::parse(r.body).at("items").as_array().size(), 3u);
  // The lead shows its disposition and the status that follows it.
  r = send(admin_a_, "GET", "/api/leads?q=Anna");
  const auto leads = json::parse(r.body);
  const auto& lead = leads.at("items").at(0);
  EXPECT_EQ(lead.at("disposition").as_string(), "interested");
  EXPECT_EQ(lead.at("status").as_string(), "qualified");
}

TEST_F(AnalysisApi, ExtractionSchemaIsCheckedNamingTheBadPart) {
  auto r = send(admin_a_, "POST", "/api/campaigns",
                R"({"name":"c","extraction_schema":[{"name":"email","type":"string",)"
                R"("description":"e-mail"},{"name":"budget","type":"money"}]})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("extraction_schema[1].type"), std::string::npos) << r.body;
  r = send(admin_a_, "POST", "/api/campaigns", R"({"name":"c","extraction_schema":"email"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("extraction_schema"), std::string::npos) << r.body;
  r = send(admin_a_, "POST", "/api/campaigns",
           R"({"name":"c","extraction_schema":[{"name":"email","type":"string"}]})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = json::parse(r.body).at("id").as_int64();
  const auto schema = json::parse(r.body).at("extraction_schema");
  EXPECT_EQ(schema, json::parse(R"([{"name":"email","type":"string","description":""}])"));
  r = send(admin_a_, "PATCH", "/api/campaigns/" + std::to_string(id),
           R"({"extraction_schema":[{"name":"visit_day","type":"date","description":"day"}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("extraction_schema").at(0).at("type").as_string(), "date");
  r = send(admin_a_, "PATCH", "/api/campaigns/" + std::to_string(id), R"({"name":"renamed"})");
  EXPECT_EQ(json::parse(r.body).at("extraction_schema").as_array().size(), 1u);  // kept
  r = send(admin_a_, "PATCH", "/api/campaigns/" + std::to_string(id),
           R"({"extraction_schema":null})");
  EXPECT_TRUE(json::parse(r.body).at("extraction_schema").as_array().empty());
}

}  // namespace
}  // namespace va::testing
