// Issue 20: an /api/events socket ends with its session. A logout, a password change, the
// deactivation of the viewer (also an admin watching its agents' calls), a session deleted
// behind the server's back (another process) and an expired session each close the socket
// with 1008 within one second, and no call event reaches it after the session ended.
#include "events_fixture.h"

namespace va::api {
namespace {

using namespace events_test;  // NOLINT: the fixture's names read as this file's own
using Clock = std::chrono::steady_clock;

class SessionEndTest : public TenantEventsTest {
 protected:
  // Opens a socket and proves it streams: the hello and one of the viewer's call events.
  std::unique_ptr<WsClient> watch(const std::string& token, crm::Id call_owner) {
    auto ws = std::make_unique<WsClient>(server_.port(), "/api/events?token=" + token);
    EXPECT_TRUE(ws->ok());
    EXPECT_FALSE(ws->read_type("hello").is_null());
    server_.hub().publish(answered(next_call_++, call_owner, admin_));
    EXPECT_FALSE(ws->read_type("call.answered").is_null());
    return ws;
  }

  // After the session ended: more events come for `call_owner`; the socket must see none of
  // them and be closed with 1008 within one second of `ended_at`.
  void expect_closed_without_events(WsClient& ws, crm::Id call_owner, Clock::time_point ended_at) {
    for (int i = 0; i < 5; ++i)
      server_.hub().publish(answered(next_call_++, call_owner, admin_));
    int events_after_end = 0;
    for (int i = 0; i < 20 && !ws.closed() && !ws.timed_out(); ++i) {
      if (!ws.read(std::chrono::milliseconds(1500)).empty()) ++events_after_end;
    }
    EXPECT_TRUE(ws.closed());
    EXPECT_EQ(ws.close_reason().code, websocket::close_code::policy_error);
    EXPECT_LT(Clock::now() - ended_at, std::chrono::seconds(1));
    EXPECT_EQ(events_after_end, 0);
  }

  std::string alice_token() { return server_.login("alice", "password-123"); }

  crm::Id next_call_ = 100;
};

TEST_F(SessionEndTest, LogoutClosesThatSessionsSocketButNotAnotherUsers) {
  const auto token = alice_token();
  auto alice = watch(token, alice_);
  auto bob = watch(server_.login("bob", "password-123"), bob_);
  HttpClient http(server_.port());
  ASSERT_EQ(http.request("POST", "/api/auth/logout", "", token).status, 200);
  expect_closed_without_events(*alice, alice_, Clock::now());
  // Bob's session is untouched: his socket still streams his calls.
  server_.hub().publish(answered(900, bob_, admin_));
  auto b = bob->read_type("call.answered");
  ASSERT_FALSE(b.is_null());
  EXPECT_EQ(b.at("call").at("id").as_int64(), 900);
}

TEST_F(SessionEndTest, LogoutOfOneSessionLeavesTheSameUsersOtherSessionOpen) {
  const auto first = alice_token();
  auto closed = watch(first, alice_);
  auto kept = watch(alice_token(), alice_);
  ASSERT_FALSE(closed->read_type("call.answered").is_null());  // kept's first event, before
  HttpClient http(server_.port());
  ASSERT_EQ(http.request("POST", "/api/auth/logout", "", first).status, 200);
  expect_closed_without_events(*closed, alice_, Clock::now());
  server_.hub().publish(answered(901, alice_, admin_));
  EXPECT_FALSE(kept->read_type("call.answered").is_null());
}

TEST_F(SessionEndTest, DeactivatingAnAdminClosesItsViewOfItsAgentsCalls) {
  auto admin = watch(server_.login("admin1", "password-123"), alice_);
  HttpClient http(server_.port());
  const auto r =
      http.request("PATCH", "/api/users/" + std::to_string(admin_), R"({"active":false})", super_);
  ASSERT_EQ(r.status, 200) << r.body;
  expect_closed_without_events(*admin, alice_, Clock::now());
}

TEST_F(SessionEndTest, DeactivatingAnAgentClosesItsSocket) {
  auto alice = watch(alice_token(), alice_);
  HttpClient http(server_.port());
  ASSERT_EQ(
      http.request("PATCH", "/api/users/" + std::to_string(alice_), R"({"active":false})", super_)
          .status,
      200);
  expect_closed_without_events(*alice, alice_, Clock::now());
}

TEST_F(SessionEndTest, APasswordChangeClosesEverySocketOfThatUser) {
  const auto token = alice_token();
  auto alice = watch(token, alice_);
  auto alice2 = watch(alice_token(), alice_);
  ASSERT_FALSE(alice->read_type("call.answered").is_null());  // alice2's first event, before
  HttpClient http(server_.port());
  const auto r =
      http.request("POST", "/api/users/" + std::to_string(alice_) + "/password",
                   R"({"current_password":"password-123","password":"new-password-456"})", token);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto changed = Clock::now();
  expect_closed_without_events(*alice, alice_, changed);
  expect_closed_without_events(*alice2, alice_, changed);
}

// No notification reaches this server (the CLI or another node changed the database): the
// periodic re-check closes the socket, also while no call event flows at all.
TEST_F(SessionEndTest, ASessionDeletedBehindTheServersBackIsFoundWithoutAnyEvent) {
  auto alice = watch(alice_token(), alice_);
  ASSERT_TRUE(server_.store().delete_user_sessions(alice_));
  const auto deleted = Clock::now();
  EXPECT_EQ(alice->read(std::chrono::milliseconds(1500)), "");
  EXPECT_TRUE(alice->closed());
  EXPECT_EQ(alice->close_reason().code, websocket::close_code::policy_error);
  EXPECT_LT(Clock::now() - deleted, std::chrono::seconds(1));
}

TEST_F(SessionEndTest, AnExpiredSessionClosesItsSocket) {
  const std::string token = crm::generate_token();
  const auto now = crm::now_ms();
  ASSERT_TRUE(server_.store().create_session({crm::token_hash(token), alice_, now, now + 700}));
  auto alice = watch(token, alice_);
  EXPECT_EQ(alice->read(std::chrono::milliseconds(2500)), "");
  EXPECT_TRUE(alice->closed());
  EXPECT_EQ(alice->close_reason().code, websocket::close_code::policy_error);
  EXPECT_LT(crm::now_ms() - (now + 700), 1000);
}

}  // namespace
}  // namespace va::api
