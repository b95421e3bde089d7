// IncomingCall and the UAS 2xx/ACK handling: ring, answer, reject, CANCEL, 2xx resends and
// the ACK timeout (RFC 3261 13.3.1, 17.2.1 with RFC 6026; incoming_call.h, invite_session.h).
#include "sip/incoming_call.h"

#include <gtest/gtest.h>

#include "unit/sip/dialog_test_support.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;

class IncomingCallTest : public ::testing::Test, public test::DialogFixture {};

TEST_F(IncomingCallTest, AnInviteReachesTheHandlerWithItsParsedOffer) {
  deliver(peer_invite());
  ASSERT_EQ(calls.size(), 1u);
  ASSERT_TRUE(calls[0]->offer());
  EXPECT_EQ(calls[0]->offer()->media.at(0).port, 30000);
  EXPECT_EQ(calls[0]->state(), IncomingCall::State::Offered);
  EXPECT_EQ(calls[0]->peer(), test::udp_peer());
  EXPECT_EQ(registry.pending_call_count(), 1u);
}

TEST_F(IncomingCallTest, WithoutAHandlerTheCoreDeclinesWith480) {
  registry.set_incoming_call_handler(nullptr);
  deliver(peer_invite());
  EXPECT_EQ(last_sent().status, 480);
}

TEST_F(IncomingCallTest, AnUnparsableOfferIsRefusedWith400) {
  deliver(peer_invite("v=0\r\nthis is not sdp\r\n"));
  EXPECT_TRUE(calls.empty());
  EXPECT_EQ(last_sent().status, 400);
  EXPECT_EQ(registry.counters().bad_requests.load(), 1u);
}

TEST_F(IncomingCallTest, ContentTypeIsMatchedWithoutCaseAndOtherBodiesGet415) {
  Message upper = peer_invite();
  upper.content_type = "Application/SDP";
  deliver(upper);
  EXPECT_EQ(calls.size(), 1u);
  Message text = peer_invite(test::sdp_body("127.0.0.1", 30000), "z9hG4bKtext");
  text.call_id = "call-2@test";
  text.content_type = "text/plain";
  deliver(text);
  EXPECT_EQ(calls.size(), 1u);
  EXPECT_EQ(last_sent().status, 415);
  EXPECT_EQ(*last_sent().headers.get("Accept"), "application/sdp");
}

TEST_F(IncomingCallTest, AnInviteWithoutContactIsRefusedWith400BeforeReachingTheCallLayer) {
  Message invite = peer_invite();
  invite.contact.clear();
  deliver(invite);
  EXPECT_TRUE(calls.empty());
  EXPECT_EQ(last_sent().status, 400);
  EXPECT_EQ(last_sent().reason, "Missing Contact");
}

TEST_F(IncomingCallTest, RingingAndTheAnswerCarryOneToTagAndTheAnswerHasContactAndSdp) {
  deliver(peer_invite());
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_TRUE(calls[0]->ring());
  const Message ringing = last_sent();
  EXPECT_EQ(ringing.status, 180);
  ASSERT_NE(ringing.to.tag(), nullptr);
  EXPECT_TRUE(calls[0]->ring(test::kOurSdp));
  EXPECT_EQ(last_sent().status, 183);
  EXPECT_EQ(last_sent().body, test::kOurSdp);
  auto session = calls[0]->answer(test::kOurSdp, log.events());
  ASSERT_TRUE(session);
  const Message& ok200 = last_sent();
  EXPECT_EQ(ok200.status, 200);
  EXPECT_EQ(*ok200.to.tag(), *ringing.to.tag());
  ASSERT_EQ(ok200.contact.size(), 1u);
  EXPECT_EQ(ok200.contact[0].uri.port, 5080);
  EXPECT_EQ(ok200.body, test::kOurSdp);
  EXPECT_EQ(ok200.content_type, "application/sdp");
  EXPECT_NE(ok200.headers.get("Allow"), nullptr);
  EXPECT_EQ(*ok200.headers.get("Supported"), "100rel, timer");
  EXPECT_EQ(session->id(), (DialogId{"call-1@test", *ringing.to.tag(), "from-tag-1"}));
  EXPECT_EQ(registry.find(session->id()), session.get());
  EXPECT_EQ(registry.pending_call_count(), 0u);
  EXPECT_FALSE(calls[0]->reject(486));  // already answered
  EXPECT_EQ(calls[0]->answer(test::kOurSdp), nullptr);
}

TEST_F(IncomingCallTest, ProvisionalAndFinalAnswersCopyTheProxysRecordRouteInOrder) {
  // RFC 3261 12.1.1: without them the caller's ACK and BYE would bypass the PBX.
  Message invite = peer_invite();
  for (const char* host : {"10.0.0.1", "10.0.0.2"}) {
    NameAddr rr;
    rr.uri = test::sip_uri("", host);
    rr.uri.params.set("lr");
    invite.record_route.push_back(rr);
  }
  deliver(invite);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_TRUE(calls[0]->ring());
  auto hosts = [](const Message& m) {
    std::vector<std::string> out;
    for (const auto& r : m.record_route)
      out.push_back(r.uri.host);
    return out;
  };
  const std::vector<std::string> expected = {"10.0.0.1", "10.0.0.2"};
  EXPECT_EQ(hosts(last_sent()), expected);
  ASSERT_TRUE(calls[0]->answer(test::kOurSdp, log.events()));
  EXPECT_EQ(last_sent().status, 200);
  EXPECT_EQ(hosts(last_sent()), expected);
}

TEST_F(IncomingCallTest, RejectSendsTheStatusWithExtraHeaders) {
  deliver(peer_invite());
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_FALSE(calls[0]->reject(200));  // not a final error
  Headers extra;
  extra.add("Retry-After", "30");
  EXPECT_TRUE(calls[0]->reject(503, "Over Capacity", extra));
  EXPECT_EQ(last_sent().status, 503);
  EXPECT_EQ(last_sent().reason, "Over Capacity");
  EXPECT_EQ(*last_sent().headers.get("Retry-After"), "30");
  EXPECT_EQ(calls[0]->state(), IncomingCall::State::Rejected);
  EXPECT_EQ(registry.pending_call_count(), 0u);
}

TEST_F(IncomingCallTest, ACallDroppedUnansweredIsDeclinedWith480) {
  deliver(peer_invite());
  calls.clear();
  EXPECT_EQ(last_sent().status, 480);
  EXPECT_EQ(registry.pending_call_count(), 0u);
}

TEST_F(IncomingCallTest, CancelBeforeTheAnswerReportsCancelledAndTheCallCannotBeAnswered) {
  deliver(peer_invite());
  ASSERT_EQ(calls.size(), 1u);
  int cancelled = 0;
  calls[0]->set_on_cancelled([&] { ++cancelled; });
  calls[0]->ring();
  Message cancel = test::request(Method::Cancel, "z9hG4bKinvite1", "call-1@test", 1);
  deliver(cancel);
  EXPECT_EQ(cancelled, 1);
  EXPECT_EQ(registry.counters().calls_cancelled.load(), 1u);
  EXPECT_EQ(calls[0]->state(), IncomingCall::State::Cancelled);
  EXPECT_EQ(count_status(487), 1u);
  EXPECT_EQ(calls[0]->answer(test::kOurSdp), nullptr);
  EXPECT_EQ(registry.pending_call_count(), 0u);
  EXPECT_EQ(registry.session_count(), 0u);
}

TEST_F(IncomingCallTest, The2xxIsResentAtT1DoublingUpToT2UntilTheAck) {
  auto session = answered_call();
  ASSERT_TRUE(session);
  sender.sent.clear();
  timers.advance(10s);
  // T1 = 500 ms: resends at 0.5, 1.5, 3.5, 7.5 s, then every 4 s (T2).
  std::vector<std::chrono::milliseconds> at;
  for (const auto& s : sender.sent) {
    EXPECT_EQ(s.message.status, 200);
    at.push_back(s.at);
  }
  EXPECT_EQ(at, (std::vector<std::chrono::milliseconds>{500ms, 1500ms, 3500ms, 7500ms}));
  deliver(peer_ack());
  EXPECT_EQ(session->state(), InviteSession::State::Confirmed);
  EXPECT_EQ(log.confirmed, 1);
  sender.sent.clear();
  timers.advance(60s);
  EXPECT_TRUE(sender.sent.empty());
  EXPECT_TRUE(log.terminated.empty());
}

TEST_F(IncomingCallTest, NoAckWithin64T1SendsByeAndReportsAckTimeout) {
  auto session = answered_call();
  ASSERT_TRUE(session);
  timers.advance(32s);
  auto byes = sent_requests(Method::Bye);
  ASSERT_EQ(byes.size(), 1u);
  EXPECT_EQ(byes[0].at, 32000ms);
  EXPECT_EQ(byes[0].to, test::udp_peer(5070));  // the Contact of the INVITE
  deliver(test::response_to(byes[0].message, 200));
  ASSERT_EQ(log.terminated.size(), 1u);
  EXPECT_EQ(log.terminated[0], std::make_pair(TerminationReason::AckTimeout, 200));
  EXPECT_EQ(registry.counters().ack_timeouts.load(), 1u);
  EXPECT_EQ(registry.session_count(), 0u);
}

TEST_F(IncomingCallTest, AnUnacknowledged2xxToAVanishedPeerLeavesNothingBehind) {
  config.t1 = 10ms;  // 64*T1 = 640 ms
  auto session = answered_call();
  ASSERT_TRUE(session);
  EXPECT_EQ(layer.server_count(), 1u);
  timers.advance(config.timeout_64t1());  // no ACK: BYE (13.3.1.4); Timer L ends the INVITE's
  ASSERT_EQ(sent_requests(Method::Bye).size(), 1u);
  EXPECT_EQ(layer.server_count(), 0u);
  EXPECT_EQ(layer.client_count(), 1u);
  const std::size_t sent_at_bye = sender.sent.size();
  timers.advance(config.timeout_64t1());  // nor does the BYE get an answer: Timer F
  ASSERT_EQ(log.terminated.size(), 1u);
  EXPECT_EQ(log.terminated[0], std::make_pair(TerminationReason::AckTimeout, 408));
  for (std::size_t i = sent_at_bye; i < sender.sent.size(); ++i) {
    EXPECT_TRUE(sender.sent[i].message.is_request);  // BYE resends only: the 2xx stopped
  }
  EXPECT_EQ(layer.server_count(), 0u);
  EXPECT_EQ(layer.client_count(), 0u);
  EXPECT_EQ(registry.session_count(), 0u);
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(counters.transactions_active, 0);
}

TEST_F(IncomingCallTest, AByeBeforeTheAckStopsThe2xxResendsAndLeavesNothingBehind) {
  config.t1 = 10ms;
  config.t4 = 10ms;
  auto session = answered_call();
  ASSERT_TRUE(session);
  deliver(peer_request(Method::Bye, 2, "z9hG4bKbye"));  // 15: the caller may BYE before its ACK
  ASSERT_EQ(log.terminated.size(), 1u);
  EXPECT_EQ(log.terminated[0], std::make_pair(TerminationReason::RemoteBye, 0));
  const std::size_t ok_before = count_status(200);  // our 2xx and the 200 to the BYE
  timers.advance(config.timeout_64t1());
  EXPECT_EQ(count_status(200), ok_before);  // no 2xx resent after the BYE
  EXPECT_TRUE(sent_requests(Method::Bye).empty());
  EXPECT_EQ(layer.server_count(), 0u);  // Timer L (INVITE), Timer J (BYE)
  EXPECT_EQ(registry.session_count(), 0u);
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(counters.transactions_active, 0);
}

TEST_F(IncomingCallTest, ACancelledCallWhose487IsNeverAckedEndsAtTimerH) {
  config.t1 = 10ms;
  deliver(peer_invite());
  ASSERT_EQ(calls.size(), 1u);
  calls[0]->ring();
  deliver(test::request(Method::Cancel, "z9hG4bKinvite1", "call-1@test", 1));
  EXPECT_EQ(count_status(487), 1u);
  timers.advance(config.timeout_64t1() - 1ms);
  EXPECT_EQ(layer.server_count(), 2u);  // the INVITE (Completed) and the CANCEL (Timer J)
  timers.advance(1ms);
  EXPECT_EQ(layer.server_count(), 0u);
  EXPECT_EQ(registry.pending_call_count(), 0u);
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(counters.transactions_active, 0);
}

TEST_F(IncomingCallTest, ARetransmittedInviteAfterThe2xxIsAbsorbedAndMakesNoSecondCall) {
  auto session = answered_call();
  ASSERT_TRUE(session);
  const auto sent_before = sender.sent.size();
  deliver(peer_invite());  // same branch: the Accepted transaction absorbs it (RFC 6026)
  EXPECT_EQ(calls.size(), 1u);
  EXPECT_EQ(sender.sent.size(), sent_before);
  EXPECT_GE(counters.retransmissions_absorbed.load(), 1u);
}

TEST_F(IncomingCallTest, ARetransmittedInviteWhileRingingGetsThe180AgainAndNoSecondCall) {
  deliver(peer_invite());
  ASSERT_EQ(calls.size(), 1u);
  calls[0]->ring();
  deliver(peer_invite());
  EXPECT_EQ(calls.size(), 1u);
  EXPECT_EQ(count_status(180), 2u);
  EXPECT_EQ(registry.pending_call_count(), 1u);
}

TEST_F(IncomingCallTest, ALateInviteWithTheSameCallIdFromTagAndCSeqGets482) {
  auto session = answered_call();
  ASSERT_TRUE(session);
  deliver(peer_ack());
  timers.advance(40s);  // Timer L has ended the INVITE transaction
  deliver(peer_invite(test::sdp_body("127.0.0.1", 30000), "z9hG4bKlate"));
  EXPECT_EQ(calls.size(), 1u);
  EXPECT_EQ(last_sent().status, 482);
  EXPECT_EQ(registry.counters().merged_requests.load(), 1u);
}

TEST_F(IncomingCallTest, AnInviteWithoutOfferGetsOurOfferAndTheAckCarriesTheAnswer) {
  auto session = answered_call(peer_invite(""));
  ASSERT_TRUE(session);
  EXPECT_FALSE(calls[0]->offer());
  EXPECT_EQ(ok->body, test::kOurSdp);
  deliver(peer_ack(1, test::sdp_body("127.0.0.1", 31000)));
  ASSERT_EQ(log.answers.size(), 1u);
  EXPECT_EQ(log.answers[0].media.at(0).port, 31000);
}

TEST_F(IncomingCallTest, ASessionTimerRequestIsAnsweredWithSessionExpiresAndRequire) {
  Message invite = peer_invite();
  invite.headers.add("Session-Expires", "1800");
  invite.headers.add("Supported", "timer");
  auto session = answered_call(invite);
  ASSERT_TRUE(session);
  EXPECT_EQ(*ok->headers.get("Session-Expires"), "1800;refresher=uac");
  EXPECT_EQ(*ok->headers.get("Require"), "timer");
}

TEST_F(IncomingCallTest, ATooShortSessionIntervalGets422WithOurMinSe) {
  Message invite = peer_invite();
  invite.headers.add("Session-Expires", "30");
  deliver(invite);
  EXPECT_TRUE(calls.empty());
  EXPECT_EQ(last_sent().status, 422);
  EXPECT_EQ(*last_sent().headers.get("Min-SE"), "90");
}

}  // namespace
}  // namespace va::sip
