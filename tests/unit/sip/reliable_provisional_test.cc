// RFC 3262 on the UAS side: RSeq/RAck parsing, reliable 180s resent at T1 doubling until the
// PRACK, 200/481 to PRACKs, 504 after 64*T1 without one (reliable_provisional.h,
// incoming_call.h rule 7, invite_session.h rule 10).
#include "sip/reliable_provisional.h"

#include <gtest/gtest.h>

#include "sip/dialog_errc.h"
#include "unit/sip/dialog_test_support.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;

TEST(RSeq, ParsesOneToTwoToThe32MinusOne) {
  EXPECT_EQ(parse_rseq("1").value(), 1u);
  EXPECT_EQ(parse_rseq(" 4294967295 ").value(), 4294967295u);
  for (const char* bad : {"", "0", "4294967296", "-1", "12a", "1 2", "+5"}) {
    EXPECT_EQ(parse_rseq(bad).error(), DialogErrc::BadRSeq) << bad;
  }
}

TEST(RAck, ParsesRSeqCSeqAndMethodAndRoundTrips) {
  auto r = parse_rack("776656 1 INVITE");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rseq, 776656u);
  EXPECT_EQ(r->cseq, 1u);
  EXPECT_EQ(r->method, Method::Invite);
  EXPECT_EQ(parse_rack(r->to_string()).value(), *r);
  EXPECT_TRUE(parse_rack("  5\t7  INVITE "));
  for (const char* bad : {"", "1 1", "0 1 INVITE", "1 1 invite", "1 1 FOO", "1 1 INVITE x",
                          "x 1 INVITE", "1 4294967296 INVITE", "1 -1 INVITE"}) {
    EXPECT_FALSE(parse_rack(bad)) << bad;
  }
}

TEST(ReliableRSeq, OnlyA1xxRequiring100relWithAnRSeq) {
  Message invite = test::request(Method::Invite);
  Message ringing = test::response_to(invite, 180);
  EXPECT_FALSE(reliable_rseq(ringing));
  ringing.headers.add("Require", "100rel");
  EXPECT_FALSE(reliable_rseq(ringing));  // no RSeq
  ringing.headers.add("RSeq", "9");
  EXPECT_EQ(reliable_rseq(ringing).value(), 9u);
  Message ok = test::response_to(invite, 200);
  ok.headers.add("Require", "100rel");
  ok.headers.add("RSeq", "9");
  EXPECT_FALSE(reliable_rseq(ok));
}

class ReliableProvisionalTest : public ::testing::Test, public test::DialogFixture {
 protected:
  std::shared_ptr<IncomingCall> ringing_call() {
    Message invite = peer_invite();
    invite.headers.add("Require", "100rel");
    deliver(invite);
    if (calls.empty()) return nullptr;
    auto call = calls.back();
    EXPECT_TRUE(call->ring());
    return call;
  }

  std::vector<test::SentMessage> sent_with_status(int status) const {
    std::vector<test::SentMessage> out;
    for (const auto& s : sender.sent)
      if (!s.message.is_request && s.message.status == status) out.push_back(s);
    return out;
  }

  Message prack_for(const Message& reliable, std::string branch = "z9hG4bKprack1") {
    Message prack = test::request(Method::Prack, std::move(branch), "call-1@test", 2);
    prack.to.params.set("tag", *reliable.to.tag());
    prack.headers.add("RAck", *reliable.headers.get("RSeq") + " 1 INVITE");
    return prack;
  }
};

TEST_F(ReliableProvisionalTest, AnInviteRequiring100relIsNotRefusedAnyMore) {
  Message invite = peer_invite();
  invite.headers.add("Require", "100rel");
  deliver(invite);
  EXPECT_EQ(calls.size(), 1u);
  EXPECT_EQ(registry.counters().unsupported.load(), 0u);
}

TEST_F(ReliableProvisionalTest, The180CarriesRequireAndRSeqAndIsResentAtT1Doubling) {
  auto call = ringing_call();
  ASSERT_TRUE(call);
  timers.advance(3750ms);  // T1 = 500 ms: resends at 0.5, 1.5, 3.5 s
  const auto rings = sent_with_status(180);
  ASSERT_EQ(rings.size(), 4u);
  EXPECT_EQ(*rings[0].message.headers.get("Require"), "100rel");
  const std::string rseq = *rings[0].message.headers.get("RSeq");
  EXPECT_TRUE(parse_rseq(rseq));
  EXPECT_LE(parse_rseq(rseq).value(), 0x7fffffffu);
  EXPECT_EQ(rings[1].at - rings[0].at, 500ms);
  EXPECT_EQ(rings[2].at - rings[1].at, 1000ms);
  EXPECT_EQ(rings[3].at - rings[2].at, 2000ms);
  for (const auto& r : rings)
    EXPECT_EQ(*r.message.headers.get("RSeq"), rseq);  // the same response, resent
  EXPECT_FALSE(call->ring());                         // one unacknowledged at a time
}

TEST_F(ReliableProvisionalTest, ThePrackGets200AndStopsTheResends) {
  auto call = ringing_call();
  ASSERT_TRUE(call);
  timers.advance(600ms);
  const Message ring = sent_with_status(180).front().message;
  deliver(prack_for(ring));
  EXPECT_EQ(last_sent().status, 200);
  EXPECT_EQ(last_sent().cseq.method, Method::Prack);
  const auto before = sent_with_status(180).size();
  timers.advance(40s);
  EXPECT_EQ(sent_with_status(180).size(), before);
  EXPECT_EQ(registry.counters().pracks_received.load(), 1u);
  // A second ring is now allowed, with the next RSeq.
  ASSERT_TRUE(call->ring());
  const Message second = sent_with_status(180).back().message;
  EXPECT_EQ(parse_rseq(*second.headers.get("RSeq")).value(),
            parse_rseq(*ring.headers.get("RSeq")).value() + 1);
}

TEST_F(ReliableProvisionalTest, APrackNamingAnotherRSeqGets481AndTheResendsGoOn) {
  auto call = ringing_call();
  ASSERT_TRUE(call);
  const Message ring = sent_with_status(180).front().message;
  Message wrong = prack_for(ring);
  wrong.headers.set("RAck", "1 1 INVITE");
  if (*ring.headers.get("RSeq") == "1") wrong.headers.set("RAck", "2 1 INVITE");
  deliver(wrong);
  EXPECT_EQ(last_sent().status, 481);
  Message garbled = prack_for(ring, "z9hG4bKprack2");
  garbled.headers.set("RAck", "not a rack");
  deliver(garbled);
  EXPECT_EQ(last_sent().status, 481);
  timers.advance(600ms);
  EXPECT_EQ(sent_with_status(180).size(), 2u);
}

TEST_F(ReliableProvisionalTest, NoPrackWithin64T1Gets504) {
  auto call = ringing_call();
  ASSERT_TRUE(call);
  timers.advance(config.timeout_64t1() - 1ms);
  EXPECT_TRUE(sent_with_status(504).empty());
  timers.advance(2ms);
  ASSERT_EQ(sent_with_status(504).size(), 1u);
  EXPECT_EQ(call->state(), IncomingCall::State::Rejected);
  EXPECT_EQ(registry.counters().prack_timeouts.load(), 1u);
  EXPECT_EQ(call->answer(test::kOurSdp), nullptr);
}

TEST_F(ReliableProvisionalTest, TheAnswerStopsTheResendsAndAPrackCrossingItGets200) {
  auto call = ringing_call();
  ASSERT_TRUE(call);
  const Message ring = sent_with_status(180).front().message;
  auto session = call->answer(test::kOurSdp, log.events());
  ASSERT_TRUE(session);
  timers.advance(2s);
  EXPECT_EQ(sent_with_status(180).size(), 1u);
  deliver(prack_for(ring));
  EXPECT_EQ(last_sent().status, 200);
  EXPECT_EQ(last_sent().cseq.method, Method::Prack);
  deliver(prack_for(ring, "z9hG4bKprack3"));  // the same response PRACKed twice: no match
  EXPECT_EQ(last_sent().status, 481);
}

TEST_F(ReliableProvisionalTest, WithoutRequire100relThe180IsSentOnce) {
  Message invite = peer_invite();
  invite.headers.add("Supported", "100rel");
  deliver(invite);
  ASSERT_EQ(calls.size(), 1u);
  ASSERT_TRUE(calls[0]->ring());
  timers.advance(5s);
  const auto rings = sent_with_status(180);
  ASSERT_EQ(rings.size(), 1u);
  EXPECT_EQ(rings[0].message.headers.get("RSeq"), nullptr);
}

}  // namespace
}  // namespace va::sip
