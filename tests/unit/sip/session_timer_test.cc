// Session timers: Session-Expires / Min-SE parsing and the negotiation rules of RFC 4028
// (session_timer.h).
#include "sip/session_timer.h"

#include <gtest/gtest.h>

#include "unit/sip/transaction_test_support.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;

TEST(SessionTimerTest, SessionExpiresParsesSecondsAndRefresher) {
  auto se = parse_session_expires("1800;refresher=uac");
  ASSERT_TRUE(se);
  EXPECT_EQ(se->seconds, 1800u);
  EXPECT_EQ(se->refresher, Refresher::Uac);
  auto plain = parse_session_expires(" 90 ");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->refresher, std::nullopt);
  EXPECT_EQ((SessionExpires{600, Refresher::Uas}).to_string(), "600;refresher=uas");
  auto round = parse_session_expires(SessionExpires{600, Refresher::Uas}.to_string());
  ASSERT_TRUE(round);
  EXPECT_EQ(*round, (SessionExpires{600, Refresher::Uas}));
}

TEST(SessionTimerTest, MalformedSessionExpiresAndMinSeAreErrors) {
  for (const char* bad : {"", "abc", "-5", "1800;refresher=both", "99999999999", "12x"}) {
    EXPECT_EQ(parse_session_expires(bad).error(), DialogErrc::BadSessionExpires) << bad;
  }
  EXPECT_EQ(parse_min_se("x").error(), DialogErrc::BadMinSe);
  EXPECT_EQ(*parse_min_se("120;foo=bar"), 120u);
}

TEST(SessionTimerTest, RefreshAtHalfAndExpiryAMarginBeforeTheEnd) {
  SessionTimer t{1800, Refresher::Uac, true};
  EXPECT_EQ(t.refresh_after(), 900s);
  EXPECT_EQ(t.expire_after(), 1768s);  // 1800 - min(32, 600)
  SessionTimer short_one{90, Refresher::Uas, false};
  EXPECT_EQ(short_one.expire_after(), 60s);  // 90 - min(32, 30)
  EXPECT_TRUE(short_one.we_refresh(false));
  EXPECT_FALSE(short_one.we_refresh(true));
}

TEST(SessionTimerTest, UasRunsNoTimerWhenTheRequestAsksForNone) {
  auto d = negotiate_as_uas(test::request(Method::Invite), {});
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->timer);
  EXPECT_FALSE(d->reject_with_min_se);
}

TEST(SessionTimerTest, UasLowersTheIntervalToItsMaximumAndKeepsTheNamedRefresher) {
  Message invite = test::request(Method::Invite);
  invite.headers.add("Session-Expires", "7200;refresher=uas");
  invite.headers.add("Supported", "100rel, timer");
  SessionTimerConfig config;
  config.session_expires = 1800;
  auto d = negotiate_as_uas(invite, config);
  ASSERT_TRUE(d && d->timer);
  EXPECT_EQ(d->timer->interval, 1800u);
  EXPECT_EQ(d->timer->refresher, Refresher::Uas);
  EXPECT_TRUE(d->timer->peer_supports_timer);
  Message ok = make_response(invite, 200);
  add_session_timer_headers(ok, *d->timer);
  EXPECT_EQ(*ok.headers.get("Session-Expires"), "1800;refresher=uas");
  EXPECT_EQ(*ok.headers.get("Require"), "timer");
}

TEST(SessionTimerTest, UasPicksTheUacAsRefresherOnlyWhenItSupportsTimer) {
  Message invite = test::request(Method::Invite);
  invite.headers.add("Session-Expires", "600");
  auto without = negotiate_as_uas(invite, {});
  ASSERT_TRUE(without && without->timer);
  EXPECT_EQ(without->timer->refresher, Refresher::Uas);
  invite.headers.add("Supported", "timer");
  auto with = negotiate_as_uas(invite, {});
  ASSERT_TRUE(with && with->timer);
  EXPECT_EQ(with->timer->refresher, Refresher::Uac);
}

TEST(SessionTimerTest, UasAsksFor422WhenTheIntervalIsBelowItsMinSe) {
  Message invite = test::request(Method::Invite);
  invite.headers.add("Session-Expires", "60");
  auto d = negotiate_as_uas(invite, {});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->reject_with_min_se, 90u);
  Message bad = test::request(Method::Invite);
  bad.headers.add("Session-Expires", "soon");
  EXPECT_FALSE(negotiate_as_uas(bad, {}));
}

TEST(SessionTimerTest, UacTakesTheTimerFromThe2xxAndRefreshesWhenNoneIsNamed) {
  Message invite = test::request(Method::Invite);
  Message ok = make_response(invite, 200);
  EXPECT_FALSE(negotiate_as_uac(ok));
  ok.headers.add("Session-Expires", "300");
  auto t = negotiate_as_uac(ok);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->interval, 300u);
  EXPECT_TRUE(t->we_refresh(true));
}

}  // namespace
}  // namespace va::sip
