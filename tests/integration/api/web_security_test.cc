// Issue 20, the low findings of the probe, over real HTTP on 127.0.0.1: security headers on
// every response, the Secure cookie option, the Origin rule for cookie-authenticated
// state-changing requests (the /api/events upgrade: events_ws_test.cc), and no server path
// of a recording in the API.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api_harness.h"
#include "crm/entities.h"

namespace va::testing {
namespace {

namespace json = boost::json;

class WebSecurity : public ::testing::Test {
 protected:
  void SetUp() override {
    h_ = std::make_unique<ApiHarness>();
    token_ = h_->login("superadmin", ApiHarness::kSuperPassword);
    ASSERT_FALSE(token_.empty());
    host_ = "127.0.0.1:" + std::to_string(h_->port());
  }
  std::string code_of(const ClientResponse& r) {
    return std::string(json::parse(r.body).at("error").at("code").as_string());
  }
  std::unique_ptr<ApiHarness> h_;
  std::string token_;
  std::string host_;
};

TEST_F(WebSecurity, EveryResponseCarriesTheSecurityHeaders) {
  HttpClient c(h_->port());
  for (const auto& r : {c.request("GET", "/healthz"), c.request("GET", "/api/me"),
                        c.request("GET", "/api/me", "", token_), c.request("GET", "/no/such/page"),
                        c.request("DELETE", "/healthz")}) {
    const auto csp = r.header("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << r.status;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << r.status;
    EXPECT_NE(csp.find("object-src 'none'"), std::string::npos) << r.status;
    EXPECT_EQ(r.header("X-Frame-Options"), "DENY") << r.status;
    EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer") << r.status;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << r.status;
  }
}

TEST_F(WebSecurity, TheSessionCookieIsSecureOnlyWhenConfigured) {
  HttpClient c(h_->port());
  const auto body = json::serialize(
      json::object{{"username", "superadmin"}, {"password", ApiHarness::kSuperPassword}});
  auto plain = c.request("POST", "/api/auth/login", body);
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.header("Set-Cookie").find("Secure"), std::string::npos);
  h_->rest().set_secure_cookie(true);
  auto secure = c.request("POST", "/api/auth/login", body);
  ASSERT_EQ(secure.status, 200);
  const auto cookie = secure.header("Set-Cookie");
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  const auto token = std::string(json::parse(secure.body).at("token").as_string());
  auto out = c.request("POST", "/api/auth/logout", "", token);
  EXPECT_NE(out.header("Set-Cookie").find("; Secure"), std::string::npos);
}

TEST_F(WebSecurity, CookieAuthenticatedWritesNeedAnOriginThatMatchesTheHost) {
  HttpClient c(h_->port());
  const std::string cookie = "va_session=" + token_;
  const std::string lead = R"({"name":"Ann","phone":"+15550100"})";
  auto send = [&](HttpClient::Headers extra) {
    extra.emplace_back("Host", host_);
    extra.emplace_back("Content-Type", "application/json");
    return c.send("POST", "/api/leads", extra, lead);
  };
  // A page on another site, a sandboxed frame, and no Origin at all: refused, nothing stored.
  auto evil = send({{"Cookie", cookie}, {"Origin", "https://evil.example"}});
  EXPECT_EQ(evil.status, 403);
  EXPECT_EQ(code_of(evil), "origin_mismatch");
  EXPECT_EQ(send({{"Cookie", cookie}, {"Origin", "null"}}).status, 403);
  EXPECT_EQ(send({{"Cookie", cookie}, {"Origin", "http://127.0.0.1:1"}}).status, 403);
  auto none = send({{"Cookie", cookie}});
  EXPECT_EQ(none.status, 403);
  EXPECT_EQ(code_of(none), "origin_required");
  auto list = c.request("GET", "/api/leads", "", token_);
  EXPECT_EQ(json::parse(list.body).at("total").as_int64(), 0);
  // The UI itself (same origin), and a script with a bearer token and no Origin: allowed.
  EXPECT_EQ(send({{"Cookie", cookie}, {"Origin", "http://" + host_}}).status, 201);
  EXPECT_EQ(send({{"Authorization", "Bearer " + token_}}).status, 201);
  // A bearer request that does name another Origin is refused too; reads are not checked.
  EXPECT_EQ(
      send({{"Authorization", "Bearer " + token_}, {"Origin", "https://evil.example"}}).status,
      403);
  EXPECT_EQ(c.send("GET", "/api/leads", {{"Cookie", cookie}, {"Host", host_}}).status, 200);
}

TEST_F(WebSecurity, ACallRecordShowsWhereToFetchItsRecordingNotTheServerPath) {
  crm::Call c;
  c.owner_id = 1;
  c.to = "+15550001";
  c.status = crm::CallStatus::Ended;
  c.created_at = crm::now_ms();
  c.recording_path = "/var/lib/voiceagent-secret/recordings/77.wav";
  const auto id = h_->store().create_call(c).value();
  HttpClient http(h_->port());
  const auto one = http.request("GET", "/api/calls/" + std::to_string(id), "", token_);
  ASSERT_EQ(one.status, 200) << one.body;
  const auto list = http.request("GET", "/api/calls", "", token_);
  ASSERT_EQ(list.status, 200);
  for (const auto* body : {&one.body, &list.body}) {
    EXPECT_EQ(body->find("voiceagent-secret"), std::string::npos) << *body;
    EXPECT_EQ(body->find("recording_path"), std::string::npos) << *body;
  }
  EXPECT_EQ(json::parse(one.body).at("recording_url").as_string(),
            "/api/calls/" + std::to_string(id) + "/recording");
}

}  // namespace
}  // namespace va::testing
