// OutgoingCall to a host name: the INVITE goes to the RFC 3263 targets in order and fails over
// on 503 or Timer B (RFC 3263 4.3), never after an early dialog; DNS answers from a table.
#include <gtest/gtest.h>

#include "sip/dns/sip_locator.h"
#include "sip/outgoing_call.h"
#include "unit/sip/dialog_test_support.h"
#include "unit/sip/dns/table_dns.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;

struct OutgoingCallFailoverTest : test::DialogFixture, ::testing::Test {
  OutgoingCallFailoverTest() {
    dns.srv("_sip._udp.gw.example", 10, 5060, "a.gw.example", "192.0.2.1");
    dns.srv("_sip._udp.gw.example", 20, 5070, "b.gw.example", "192.0.2.2");
    layer.set_locator(&locator);
    OutgoingCallConfig c;
    c.call_id = "out-1@127.0.0.1";
    c.request_uri = "sip:0123@gw.example";
    c.sdp_offer = test::sdp_body("127.0.0.1", 40000);
    c.dial_timeout = 60s;
    OutgoingCallEvents e;
    e.on_answered = [this](const std::string&, std::shared_ptr<InviteSession> s) {
      sessions.push_back(std::move(s));
    };
    e.on_failed = [this](CallOutcome, int status, const std::string&) {
      failures.push_back(status);
    };
    call = OutgoingCall::start(registry, std::move(c), std::move(e));
    for (int i = 0; i < 50; ++i)
      timers.advance(0ms);  // the DNS answers and the locator's steps
  }
  std::vector<test::SentMessage> invites() const { return sent_requests(Method::Invite); }
  void answer(int status, std::string tag = "gw-tag") {
    Message r = make_response(invites().back().message, status, {}, tag);
    if (status == 200) {
      NameAddr contact;
      contact.uri = test::sip_uri("gw", "192.0.2.2");
      r.contact.push_back(contact);
      r.content_type = "application/sdp";
      r.body = test::sdp_body("192.0.2.2", 30000);
    }
    deliver(r);
  }

  test::TableDns dns{timers};
  SipLocator locator{dns, clock, [this](std::function<void()> f) { timers.start(0ms, f); },
                     [] { return 0.0; }};
  std::shared_ptr<OutgoingCall> call;
  std::vector<std::shared_ptr<InviteSession>> sessions;
  std::vector<int> failures;
};

TEST_F(OutgoingCallFailoverTest, The503OfTheFirstTargetSendsTheInviteToTheNext) {
  ASSERT_EQ(invites().size(), 1u);
  EXPECT_EQ(invites()[0].to.to_string(), "udp:192.0.2.1:5060");
  EXPECT_EQ(invites()[0].message.request_uri.to_string(), "sip:0123@gw.example");
  answer(503);
  ASSERT_EQ(invites().size(), 2u);
  EXPECT_EQ(invites()[1].to.to_string(), "udp:192.0.2.2:5070");
  EXPECT_EQ(invites()[1].message.cseq.number, invites()[0].message.cseq.number + 1);
  EXPECT_NE(invites()[1].message.via[0].branch(), invites()[0].message.via[0].branch());
  answer(200);
  EXPECT_EQ(sessions.size(), 1u);
  EXPECT_TRUE(failures.empty());
}

TEST_F(OutgoingCallFailoverTest, TimerBSendsTheInviteToTheNextTarget) {
  timers.advance(config.timeout_64t1() - 1ms);
  EXPECT_EQ(invites().back().to.to_string(), "udp:192.0.2.1:5060");  // timer A resends
  timers.advance(1ms);
  EXPECT_EQ(invites().back().to.to_string(), "udp:192.0.2.2:5070");
  EXPECT_TRUE(failures.empty());
}

TEST_F(OutgoingCallFailoverTest, TheLastTargetsFailureIsTheCallsOutcome) {
  answer(503);
  answer(503);
  EXPECT_EQ(invites().size(), 2u);
  timers.advance(0ms);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0], 503);
}

TEST_F(OutgoingCallFailoverTest, ARejectionIsNotAFailover) {
  answer(486);
  timers.advance(0ms);
  EXPECT_EQ(invites().size(), 1u);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0], 486);
}

}  // namespace
}  // namespace va::sip
