// Bad input over real HTTP: malformed JSON, huge bodies, broken CSV rows, SQL-looking
// strings, wrong routes and methods, throttled logins -> a clear 4xx and nothing half-stored.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api_harness.h"

namespace va::testing {
namespace {

namespace json = boost::json;

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    h_ = std::make_unique<ApiHarness>(crm::PasswordCost::minimum(), 64 * 1024);
    token_ = h_->login("superadmin", ApiHarness::kSuperPassword);
    ASSERT_FALSE(token_.empty());
  }
  std::int64_t lead_count() {
    crm::LeadQuery q;
    return h_->store().list_leads(q).value().total;
  }
  std::string code_of(const ClientResponse& r) {
    return std::string(json::parse(r.body).at("error").at("code").as_string());
  }
  std::unique_ptr<ApiHarness> h_;
  std::string token_;
};

TEST_F(BadInput, MalformedJsonIs400WithTheErrorShape) {
  HttpClient c(h_->port());
  for (const char* body : {"{", "[]", "nul", "{\"name\":}", "{\"name\":\"a\"} trailing", "\"x\"",
                           "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]}"}) {
    auto r = c.request("POST", "/api/leads", body, token_);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(code_of(r), "malformed_json") << body;
  }
  EXPECT_EQ(lead_count(), 0);
}

TEST_F(BadInput, WrongTypesAndInvalidValuesNameTheField) {
  HttpClient c(h_->port());
  auto r = c.request("POST", "/api/leads", R"({"name":5,"phone":"+491"})", token_);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("'name'"), std::string::npos);
  r = c.request("POST", "/api/leads", R"({"name":"A","phone":"030 1234"})", token_);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("E.164"), std::string::npos);
  r = c.request("POST", "/api/leads", R"({"name":"A"})", token_);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(code_of(r), "missing_field");
  r = c.request("GET", "/api/leads?per_page=100000", "", token_);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(lead_count(), 0);
}

TEST_F(BadInput, HugeBodyIs413AndTheServerKeepsServing) {
  HttpClient c(h_->port());
  const std::string huge = "{\"name\":\"" + std::string(200 * 1024, 'x') + "\"}";
  auto r = c.request("POST", "/api/leads", huge, token_);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(code_of(r), "body_too_large");
  HttpClient again(h_->port());
  EXPECT_EQ(again.request("GET", "/healthz").status, 200);
  EXPECT_EQ(lead_count(), 0);
}

TEST_F(BadInput, UnknownRouteIs404AndWrongMethodIs405WithAllow) {
  HttpClient c(h_->port());
  auto r = c.request("GET", "/api/nope", "", token_);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(code_of(r), "not_found");
  r = c.request("PUT", "/api/leads", "{}", token_);
  EXPECT_EQ(r.status, 405);
  EXPECT_NE(r.header("Allow").find("GET"), std::string::npos);
  EXPECT_EQ(c.request("GET", "/api/leads/abc", "", token_).status, 404);
  EXPECT_EQ(c.request("GET", "/api/leads/-1", "", token_).status, 404);
}

TEST_F(BadInput, BrokenCsvRowsAreReportedAndNothingIsImported) {
  HttpClient c(h_->port());
  const std::string csv =
      "name,phone,email\n"
      "Good One,+4930123456,a@example.com\n"
      "No Phone,,b@example.com\n"
      "Bad Phone,12345,c@example.com\n"
      "Too,+4930,many,fields\n"
      "Good Two,+4930654321,d@example.com\n";
  auto r = c.request("POST", "/api/leads/import", csv, token_, "text/csv");
  ASSERT_EQ(r.status, 422) << r.body;
  auto err = json::parse(r.body).at("error");
  EXPECT_EQ(err.at("code").as_string(), "invalid_rows");
  const auto& rows = err.at("rows").as_array();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("row").as_int64(), 2);
  EXPECT_EQ(rows[0].at("line").as_int64(), 3);
  EXPECT_EQ(lead_count(), 0);

  r = c.request("POST", "/api/leads/import", "name,phone\n\"unterminated,+49301\n", token_,
                "text/csv");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(code_of(r), "malformed_csv");
  r = c.request("POST", "/api/leads/import", "nom,telephone\nA,+4930\n", token_, "text/csv");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(lead_count(), 0);

  r = c.request("POST", "/api/leads/import",
                "phone,name,notes\r\n+4930111,\"Smith, Anna\",\"said \"\"call me\"\"\nlater\"\r\n"
                "+4930222,Bob,\r\n",
                token_, "text/csv");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json::parse(r.body).at("imported").as_int64(), 2);
  auto list = json::parse(c.request("GET", "/api/leads?q=smith", "", token_).body);
  ASSERT_EQ(list.at("total").as_int64(), 1);
  EXPECT_EQ(list.at("items").at(0).at("notes").as_string(), "said \"call me\"\nlater");
}

TEST_F(BadInput, SqlLookingStringsAreStoredAndSearchedVerbatim) {
  HttpClient c(h_->port());
  const std::string evil = "Robert'); DROP TABLE leads; --";
  auto r = c.request("POST", "/api/leads",
                     json::serialize(json::object{{"name", evil}, {"phone", "+4930123"}}), token_);
  ASSERT_EQ(r.status, 201);
  r = c.request("GET", "/api/leads?q=%27%29%3B%20DROP%20TABLE", "", token_);
  ASSERT_EQ(r.status, 200);
  auto list = json::parse(r.body);
  ASSERT_EQ(list.at("total").as_int64(), 1);
  EXPECT_EQ(list.at("items").at(0).at("name").as_string(), evil);
  r = c.request("GET", "/api/leads?q=%25%27%20OR%201%3D1%20--", "", token_);
  EXPECT_EQ(json::parse(r.body).at("total").as_int64(), 0);
  r = c.request("POST", "/api/auth/login", R"({"username":"' OR '1'='1","password":"x' OR 1=1"})");
  EXPECT_EQ(r.status, 401);
}

TEST_F(BadInput, LoginIsThrottledAfterFiveFailuresAndSetsAStrictHttpOnlyCookie) {
  HttpClient c(h_->port());
  const auto wrong = R"({"username":"superadmin","password":"wrong-password"})";
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(c.request("POST", "/api/auth/login", wrong).status, 401);
  auto r = c.request("POST", "/api/auth/login",
                     json::serialize(json::object{{"username", "superadmin"},
                                                  {"password", ApiHarness::kSuperPassword}}));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(code_of(r), "too_many_attempts");
  auto metrics = c.request("GET", "/metrics");
  EXPECT_NE(metrics.body.find("va_auth_login_failures_total 6"), std::string::npos);
}

TEST_F(BadInput, CookieSessionWorksAndLogoutEndsIt) {
  HttpClient c(h_->port());
  auto r = c.request("POST", "/api/auth/login",
                     json::serialize(json::object{{"username", "superadmin"},
                                                  {"password", ApiHarness::kSuperPassword}}));
  ASSERT_EQ(r.status, 200);
  const auto cookie = r.header("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  const auto token = std::string(json::parse(r.body).at("token").as_string());
  EXPECT_EQ(c.request("GET", "/api/me", "", token).status, 200);
  EXPECT_EQ(c.request("POST", "/api/auth/logout", "", token).status, 200);
  EXPECT_EQ(c.request("GET", "/api/me", "", token).status, 401);
  EXPECT_EQ(c.request("GET", "/api/me", "", "not-a-token").status, 401);
}

TEST_F(BadInput, OpenApiDocumentListsTheRoutesAndHealthzReportsTheDb) {
  HttpClient c(h_->port());
  auto doc = json::parse(c.request("GET", "/api/openapi.json").body);
  EXPECT_EQ(doc.at("openapi").as_string(), "3.0.3");
  const auto& paths = doc.at("paths").as_object();
  for (const char* p : {"/api/auth/login", "/api/users/{id}/api-key", "/api/leads/import",
                        "/api/keys/assign", "/api/calls/{id}", "/healthz", "/metrics"}) {
    EXPECT_TRUE(paths.contains(p)) << p;
  }
  auto health = json::parse(c.request("GET", "/healthz").body);
  EXPECT_EQ(health.at("db").as_string(), "sqlite");
}

}  // namespace
}  // namespace va::testing
