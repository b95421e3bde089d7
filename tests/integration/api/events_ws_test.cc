// /api/events over a real Beast WebSocket client on 127.0.0.1: each user gets the events of
// the calls it may see and no others; no login is 401; junk from the client is ignored; a
// subscriber that stops reading is closed instead of buffered without end. Also the web UI
// and GET /api/stats over real HTTP.
#include "events_fixture.h"

namespace va::api {
namespace {

using namespace events_test;  // NOLINT: the fixture's names read as this file's own

using EventsTest = TenantEventsTest;

TEST_F(EventsTest, EachAgentGetsItsOwnCallsAndNotTheOtherAgents) {
  const auto alice_token = server_.login("alice", "password-123");
  const auto bob_token = server_.login("bob", "password-123");
  WsClient alice(server_.port(), "/api/events?token=" + alice_token);
  WsClient bob(server_.port(), "/api/events", "va_session=" + bob_token);
  ASSERT_TRUE(alice.ok());
  ASSERT_TRUE(bob.ok());
  ASSERT_FALSE(alice.read_type("hello").is_null());
  ASSERT_FALSE(bob.read_type("hello").is_null());

  server_.hub().publish(answered(101, bob_, admin_));
  server_.hub().publish(answered(100, alice_, admin_));
  auto a = alice.read_type("call.answered");
  ASSERT_FALSE(a.is_null());
  EXPECT_EQ(a.at("call").at("id").as_int64(), 100);
  EXPECT_EQ(a.at("call").at("media").at("local_rtp_port").as_int64(), 10200);
  auto b = bob.read_type("call.answered");
  ASSERT_FALSE(b.is_null());
  EXPECT_EQ(b.at("call").at("id").as_int64(), 101);
  // Nothing else arrives: alice never sees call 101, bob never sees call 100.
  EXPECT_EQ(alice.read(std::chrono::milliseconds(300)), "");
  EXPECT_TRUE(alice.timed_out());
  EXPECT_EQ(bob.read(std::chrono::milliseconds(300)), "");
  EXPECT_TRUE(bob.timed_out());
}

TEST_F(EventsTest, AdminAndSuperadminSeeTheirAgentsCallsButAnotherAdminDoesNot) {
  const auto other_admin = server_.create_user(super_, "admin2", "admin");
  ASSERT_NE(other_admin, 0);
  WsClient admin(server_.port(), "/api/events?token=" + server_.login("admin1", "password-123"));
  WsClient other(server_.port(), "/api/events?token=" + server_.login("admin2", "password-123"));
  WsClient super(server_.port(), "/api/events?token=" + super_);
  ASSERT_TRUE(admin.ok() && other.ok() && super.ok());
  for (auto* c : {&admin, &other, &super})
    ASSERT_FALSE(c->read_type("hello").is_null());
  server_.hub().publish(answered(7, alice_, admin_));
  // Events fan out in publish order: if call 7 leaked to admin2, it would come before 8.
  server_.hub().publish(answered(8, other_admin, 0));
  auto a = admin.read_type("call.answered");
  ASSERT_FALSE(a.is_null());
  EXPECT_EQ(a.at("call").at("id").as_int64(), 7);
  auto s7 = super.read_type("call.answered");
  auto s8 = super.read_type("call.answered");
  ASSERT_FALSE(s7.is_null() || s8.is_null());
  EXPECT_EQ(s7.at("call").at("id").as_int64(), 7);
  EXPECT_EQ(s8.at("call").at("id").as_int64(), 8);
  auto o = other.read_type("call.answered");
  ASSERT_FALSE(o.is_null());
  EXPECT_EQ(o.at("call").at("id").as_int64(), 8);
  EXPECT_EQ(admin.read(std::chrono::milliseconds(300)), "");  // admin1 never sees call 8
  EXPECT_TRUE(admin.timed_out());
}

TEST_F(EventsTest, AnUpgradeWithoutAValidSessionIs401) {
  WsClient none(server_.port(), "/api/events");
  EXPECT_FALSE(none.ok());
  EXPECT_EQ(none.status(), 401);
  WsClient bad(server_.port(), "/api/events?token=not-a-token");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status(), 401);
  // A plain GET (no upgrade) is told to upgrade.
  HttpClient http(server_.port());
  EXPECT_EQ(http.request("GET", "/api/events", "", super_).status, 426);
}

// Issue 20: a page on another site must not open the socket with the browser's cookie.
TEST_F(EventsTest, ACookieUpgradeNeedsTheOriginOfThePageItCameFrom) {
  const std::string cookie = "va_session=" + server_.login("alice", "password-123");
  WsClient evil(server_.port(), "/api/events", cookie, "https://evil.example");
  EXPECT_FALSE(evil.ok());
  EXPECT_EQ(evil.status(), 403);
  WsClient bare(server_.port(), "/api/events", cookie, "-");
  EXPECT_FALSE(bare.ok());
  EXPECT_EQ(bare.status(), 403);
  WsClient same(server_.port(), "/api/events", cookie);  // Origin = the server's own
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same.read_type("hello").is_null());
  // A token in the query (scripts) needs no Origin.
  WsClient token(server_.port(), "/api/events?token=" + server_.login("bob", "password-123"));
  EXPECT_TRUE(token.ok());
}

TEST_F(EventsTest, MalformedClientMessagesAreIgnored) {
  WsClient alice(server_.port(), "/api/events?token=" + server_.login("alice", "password-123"));
  ASSERT_TRUE(alice.ok());
  ASSERT_FALSE(alice.read_type("hello").is_null());
  alice.send("{not json");
  alice.send(std::string("\x00\xff\xfe", 3));
  alice.send(R"({"type":"subscribe","call_id":999999})");
  server_.hub().publish(answered(5, alice_, admin_));
  auto m = alice.read_type("call.answered");
  ASSERT_FALSE(m.is_null());
  EXPECT_EQ(m.at("call").at("id").as_int64(), 5);
  // The server still answers HTTP as before.
  HttpClient http(server_.port());
  EXPECT_EQ(http.request("GET", "/healthz").status, 200);
}

TEST(EventsSlowSubscriber, IsClosedWithPolicyErrorInsteadOfBufferingWithoutEnd) {
  EventSessionLimits limits;
  limits.max_queued = 8;
  EventsServer server(limits);
  const auto token = server.login("superadmin", kSuper);
  WsClient slow(server.port(), "/api/events?token=" + token);
  ASSERT_TRUE(slow.ok());
  ASSERT_FALSE(slow.read_type("hello").is_null());
  // Large transcript lines, far more than the socket buffers hold, while nobody reads.
  auto e = answered(1, 1, 0);
  e.type = call::CallEventType::Transcript;
  e.text.assign(64 * 1024, 'x');
  for (int i = 0; i < 400; ++i)
    server.hub().publish(e);
  int received = 0;
  for (int i = 0; i < 1000 && !slow.closed() && !slow.timed_out(); ++i) {
    if (!slow.read(std::chrono::milliseconds(5000)).empty()) ++received;
  }
  EXPECT_TRUE(slow.closed());
  EXPECT_LT(received, 400);
  EXPECT_EQ(slow.close_reason().code, websocket::close_code::policy_error);
}

TEST_F(EventsTest, ServesTheWebUiNextToTheApi) {
  HttpClient http(server_.port());
  auto index = http.request("GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("<title>voiceagent</title>"), std::string::npos);
  EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.header("Cache-Control"), "no-cache");
  auto route = http.request("GET", "/calls/12");
  EXPECT_EQ(route.status, 200);
  EXPECT_EQ(route.body, index.body);
  auto js = http.request("GET", "/assets/app-1a2b.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(http.request("GET", "/api/no-such-thing").status, 404);
  EXPECT_EQ(json::parse(http.request("GET", "/api/no-such-thing").body)
                .at("error")
                .at("code")
                .as_string(),
            "not_found");
  for (const char* bad : {"/../va.db", "/%2e%2e/va.db", "/assets/..%2F..%2Fva.db"}) {
    auto r = http.request("GET", bad);
    EXPECT_NE(r.status, 200) << bad;
  }
}

TEST_F(EventsTest, StatsCountOnlyTheCallsTheUserMaySee) {
  const auto now = crm::now_ms();
  for (auto [owner, outcome] : {std::pair{alice_, "interested"}, std::pair{alice_, "voicemail"},
                                std::pair{bob_, "interested"}}) {
    crm::Call c;
    c.owner_id = owner;
    c.to = "+15550001";
    c.status = crm::CallStatus::Ended;
    c.outcome = outcome;
    c.created_at = now - 1000;
    ASSERT_TRUE(server_.store().create_call(c));
  }
  crm::Call live;
  live.owner_id = bob_;
  live.to = "+15550002";
  live.status = crm::CallStatus::Active;
  live.created_at = now;
  ASSERT_TRUE(server_.store().create_call(live));

  HttpClient http(server_.port());
  auto a = http.request("GET", "/api/stats?days=7", "", server_.login("alice", "password-123"));
  ASSERT_EQ(a.status, 200) << a.body;
  auto av = json::parse(a.body);
  EXPECT_EQ(av.at("today").as_int64(), 2);
  EXPECT_EQ(av.at("active").as_int64(), 0);
  EXPECT_EQ(av.at("outcomes").at("interested").as_int64(), 1);
  EXPECT_EQ(av.at("per_day").as_array().size(), 7u);

  auto s = http.request("GET", "/api/stats", "", super_);
  ASSERT_EQ(s.status, 200);
  auto sv = json::parse(s.body);
  EXPECT_EQ(sv.at("today").as_int64(), 4);
  EXPECT_EQ(sv.at("active").as_int64(), 1);
  EXPECT_EQ(sv.at("outcomes").at("interested").as_int64(), 2);
  EXPECT_EQ(sv.at("per_day").as_array().size(), 14u);

  EXPECT_EQ(http.request("GET", "/api/stats?days=0", "", super_).status, 400);
  auto doc = json::parse(http.request("GET", "/api/openapi.json").body);
  EXPECT_TRUE(doc.at("paths").as_object().contains("/api/stats"));
  EXPECT_TRUE(doc.at("paths").as_object().contains("/api/events"));
  EXPECT_EQ(http.request("GET", "/api/stats").status, 401);
}

}  // namespace
}  // namespace va::api
