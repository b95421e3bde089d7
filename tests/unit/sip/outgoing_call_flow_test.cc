// OutgoingCall: our INVITE through provisional responses, answer and ACK, digest retry,
// CANCEL, dial timeout, failure outcomes and forked 2xx (RFC 3261 13.2, 9.1, 22.2), with the
// gateway played by hand on a ManualTimerService.
#include <gtest/gtest.h>

#include "sip/outgoing_call.h"
#include "sip/request_builder.h"
#include "unit/sip/dialog_test_support.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;
using test::DialogFixture;
using test::kOurSdp;
using test::sdp_body;

struct Failure {
  CallOutcome outcome;
  int status;
  std::string reason;
};

struct OutgoingCallTest : DialogFixture, ::testing::Test {
  OutgoingCallConfig call_config() {
    OutgoingCallConfig c;
    c.call_id = "out-1@127.0.0.1";
    c.request_uri = "sip:0123@127.0.0.1:5070";
    c.sdp_offer = kOurSdp;
    c.username = "alice";
    c.password = "secret";
    c.dial_timeout = 60s;
    return c;
  }

  void dial(OutgoingCallConfig c) {
    OutgoingCallEvents e;
    e.on_progress = [this](int status, const std::optional<std::string>& sdp) {
      progress.emplace_back(status, sdp);
    };
    e.on_answered = [this](const std::string& sdp, std::shared_ptr<InviteSession> session) {
      answers.push_back(sdp);
      sessions.push_back(std::move(session));
    };
    e.on_failed = [this](CallOutcome o, int status, const std::string& reason) {
      failures.push_back({o, status, reason});
    };
    call = OutgoingCall::start(registry, std::move(c), std::move(e));
  }
  void dial() { dial(call_config()); }

  Message invite() const { return sent_requests(Method::Invite).back().message; }
  // The gateway's response to our latest INVITE.
  Message gw(int status, std::string tag = "gw-tag", std::string sdp = {}) const {
    Message r = make_response(invite(), status, {}, status > 100 ? tag : std::string{});
    if (status > 100 && status < 300) {
      NameAddr contact;
      contact.uri = test::sip_uri("gw", "127.0.0.1");
      contact.uri.port = 5070;
      r.contact.push_back(contact);
    }
    if (!sdp.empty()) {
      r.content_type = "application/sdp";
      r.body = std::move(sdp);
    }
    return r;
  }
  Message challenge(int status, const std::string& nonce = "n1") const {
    Message r = gw(status);
    r.headers.add(status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate",
                  "Digest realm=\"trunk\", nonce=\"" + nonce + "\", qop=\"auth\"");
    return r;
  }

  std::shared_ptr<OutgoingCall> call;
  std::vector<std::pair<int, std::optional<std::string>>> progress;
  std::vector<std::string> answers;
  std::vector<std::shared_ptr<InviteSession>> sessions;
  std::vector<Failure> failures;
  const std::string answer_sdp = sdp_body("127.0.0.1", 30000);
};

TEST_F(OutgoingCallTest, SendsAnInviteWithOurOffer) {
  dial();
  const Message m = invite();
  EXPECT_EQ(m.request_uri.to_string(), "sip:0123@127.0.0.1:5070");
  EXPECT_EQ(m.call_id, "out-1@127.0.0.1");
  EXPECT_EQ(m.from.uri.to_string(), "sip:alice@127.0.0.1");
  EXPECT_NE(m.from.tag(), nullptr);
  EXPECT_EQ(m.to.tag(), nullptr);
  EXPECT_EQ(m.content_type, "application/sdp");
  EXPECT_EQ(m.body, kOurSdp);
  EXPECT_EQ(m.contact.front().uri.to_string(), "sip:voiceagent@127.0.0.1:5080");
  EXPECT_NE(m.headers.get("Allow"), nullptr);
  EXPECT_EQ(sender.sent.back().to.to_string(), "udp:127.0.0.1:5070");
  EXPECT_EQ(call->state(), OutgoingCall::State::Calling);
}

TEST_F(OutgoingCallTest, NamesTcpInViaAndContactWhenTheTargetAsksForTcp) {
  auto c = call_config();
  c.request_uri = "sip:0123@127.0.0.1:5070;transport=tcp";
  dial(c);
  const Message m = invite();
  EXPECT_EQ(m.via[0].transport, "TCP");
  EXPECT_EQ(m.contact.front().uri.to_string(), "sip:voiceagent@127.0.0.1:5080;transport=tcp");
  EXPECT_EQ(sender.sent.back().to.protocol, TransportProtocol::Tcp);
}

TEST_F(OutgoingCallTest, RingsThenAnswersAndSendsTheAck) {
  dial();
  deliver(gw(100));
  deliver(gw(180));
  EXPECT_EQ(call->state(), OutgoingCall::State::Proceeding);
  deliver(gw(200, "gw-tag", answer_sdp));
  ASSERT_EQ(progress.size(), 2u);
  EXPECT_EQ(progress[0].first, 100);
  EXPECT_EQ(progress[1].first, 180);
  EXPECT_FALSE(progress[1].second);
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0], answer_sdp);
  ASSERT_EQ(sessions.size(), 1u);
  ASSERT_NE(sessions[0], nullptr);
  EXPECT_EQ(sessions[0]->state(), InviteSession::State::Confirmed);
  EXPECT_EQ(sessions[0]->dialog().remote_tag(), "gw-tag");
  const auto acks = sent_requests(Method::Ack);
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].message.cseq.number, invite().cseq.number);
  EXPECT_EQ(*acks[0].message.to.tag(), "gw-tag");
  EXPECT_NE(acks[0].message.via[0].branch(), invite().via[0].branch());
  EXPECT_EQ(acks[0].to.to_string(), "udp:127.0.0.1:5070");
  EXPECT_EQ(call->state(), OutgoingCall::State::Answered);
  EXPECT_TRUE(failures.empty());
  EXPECT_EQ(registry.session_count(), 1u);
}

TEST_F(OutgoingCallTest, AnOutboundProxyTakesTheInviteWhileTheRequestUriStaysTheTrunks) {
  auto c = call_config();
  c.outbound_proxy = **parse_outbound_proxy("127.0.0.1:5999");
  dial(c);
  const Message m = invite();
  EXPECT_EQ(m.request_uri.to_string(), "sip:0123@127.0.0.1:5070");
  ASSERT_EQ(m.route.size(), 1u);
  EXPECT_EQ(m.route[0].uri.to_string(), "sip:127.0.0.1:5999;lr");
  EXPECT_EQ(sender.sent.back().to.to_string(), "udp:127.0.0.1:5999");
  // The CANCEL goes the same way, with the same Route (9.1).
  deliver(gw(180));
  call->cancel();
  const auto cancels = sent_requests(Method::Cancel);
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].to.to_string(), "udp:127.0.0.1:5999");
  ASSERT_EQ(cancels[0].message.route.size(), 1u);
}

TEST_F(OutgoingCallTest, TheInviteAdvertises100rel) {
  dial();
  const Message m = invite();
  ASSERT_NE(m.headers.get("Supported"), nullptr);
  EXPECT_EQ(*m.headers.get("Supported"), "100rel");
  EXPECT_NE(m.headers.get("Allow")->find("PRACK"), std::string::npos);
}

TEST_F(OutgoingCallTest, AReliable180IsPrackedOnceAndPassedUpOnce) {
  dial();
  Message ring = gw(180);
  ring.headers.add("Require", "100rel");
  ring.headers.add("RSeq", "4711");
  deliver(ring);
  auto pracks = sent_requests(Method::Prack);
  ASSERT_EQ(pracks.size(), 1u);
  const Message& prack = pracks[0].message;
  EXPECT_EQ(*prack.headers.get("RAck"), "4711 1 INVITE");
  EXPECT_EQ(*prack.to.tag(), "gw-tag");
  EXPECT_EQ(prack.call_id, invite().call_id);
  EXPECT_EQ(prack.cseq.number, invite().cseq.number + 1);
  EXPECT_EQ(prack.request_uri.to_string(), "sip:gw@127.0.0.1:5070");  // the 1xx's Contact
  // Its retransmission (the gateway has not seen our PRACK yet) is not PRACKed again nor
  // passed up again; the next RSeq is, one that skips ahead is not.
  deliver(ring);
  Message skip = gw(180);
  skip.headers.add("Require", "100rel");
  skip.headers.add("RSeq", "4713");
  deliver(skip);
  Message next = gw(183, "gw-tag", answer_sdp);
  next.headers.add("Require", "100rel");
  next.headers.add("RSeq", "4712");
  deliver(next);
  pracks = sent_requests(Method::Prack);
  ASSERT_EQ(pracks.size(), 2u);
  EXPECT_EQ(*pracks[1].message.headers.get("RAck"), "4712 1 INVITE");
  ASSERT_EQ(progress.size(), 2u);
  EXPECT_EQ(progress[0].first, 180);
  EXPECT_EQ(progress[1].first, 183);
  EXPECT_EQ(registry.counters().pracks_sent.load(), 2u);
  deliver(gw(200, "gw-tag", answer_sdp));
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(sent_requests(Method::Ack).back().message.cseq.number, invite().cseq.number);
}

TEST_F(OutgoingCallTest, AnUnreliable180IsNotPracked) {
  dial();
  Message ring = gw(180);
  ring.headers.add("RSeq", "1");  // without Require: 100rel it is not reliable
  deliver(ring);
  EXPECT_TRUE(sent_requests(Method::Prack).empty());
}

TEST_F(OutgoingCallTest, PassesEarlyMediaSdpUpFrom183) {
  dial();
  deliver(gw(183, "gw-tag", answer_sdp));
  ASSERT_EQ(progress.size(), 1u);
  EXPECT_EQ(progress[0].first, 183);
  ASSERT_TRUE(progress[0].second);
  EXPECT_EQ(*progress[0].second, answer_sdp);
  EXPECT_EQ(registry.session_count(), 1u);  // the early dialog
  deliver(gw(200, "gw-tag"));               // answer repeated only in the 183
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0], answer_sdp);
  EXPECT_EQ(registry.session_count(), 1u);  // the early dialog became the session
}

TEST_F(OutgoingCallTest, AcksEveryRetransmittedTwoHundred) {
  dial();
  deliver(gw(200, "gw-tag", answer_sdp));
  deliver(gw(200, "gw-tag", answer_sdp));
  deliver(gw(200, "gw-tag", answer_sdp));
  const auto acks = sent_requests(Method::Ack);
  ASSERT_EQ(acks.size(), 3u);
  EXPECT_EQ(acks[1].message, acks[0].message);
  EXPECT_EQ(answers.size(), 1u);
}

TEST_F(OutgoingCallTest, StillAcksAfterTheCallerDroppedTheHandle) {
  dial();
  deliver(gw(200, "gw-tag", answer_sdp));
  call.reset();
  deliver(gw(200, "gw-tag", answer_sdp));
  EXPECT_EQ(sent_requests(Method::Ack).size(), 2u);
  EXPECT_TRUE(sent_requests(Method::Bye).empty());
}

TEST_F(OutgoingCallTest, RetriesWithProxyCredentialsAfter407) {
  dial();
  const Message first = invite();
  deliver(challenge(407));
  const auto invites = sent_requests(Method::Invite);
  ASSERT_EQ(invites.size(), 2u);
  const Message second = invites[1].message;
  EXPECT_EQ(second.call_id, first.call_id);
  EXPECT_EQ(*second.from.tag(), *first.from.tag());
  EXPECT_EQ(second.cseq.number, first.cseq.number + 1);
  EXPECT_NE(second.via[0].branch(), first.via[0].branch());
  ASSERT_NE(second.headers.get("Proxy-Authorization"), nullptr);
  EXPECT_NE(second.headers.get("Proxy-Authorization")->find("username=\"alice\""),
            std::string::npos);
  // The transaction ACKed the 407 on the first INVITE's branch (17.1.1.3).
  const auto acks = sent_requests(Method::Ack);
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].message.via[0].branch(), first.via[0].branch());
  deliver(gw(200, "gw-tag", answer_sdp));
  EXPECT_EQ(answers.size(), 1u);
  EXPECT_EQ(sent_requests(Method::Ack).back().message.cseq.number, 2u);
}

TEST_F(OutgoingCallTest, GivesUpWhenTheCredentialsAreRefused) {
  dial();
  deliver(challenge(401));
  deliver(challenge(401));
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].outcome, CallOutcome::Rejected);
  EXPECT_EQ(failures[0].status, 401);
  EXPECT_EQ(failures[0].reason, "wrong credentials");
  EXPECT_EQ(sent_requests(Method::Invite).size(), 2u);
}

TEST_F(OutgoingCallTest, CancelsARingingCallSilently) {
  dial();
  deliver(gw(180));
  call->cancel();
  const auto cancels = sent_requests(Method::Cancel);
  ASSERT_EQ(cancels.size(), 1u);
  const Message& c = cancels[0].message;
  EXPECT_EQ(c.via[0].branch(), invite().via[0].branch());
  EXPECT_EQ(c.cseq.number, invite().cseq.number);
  EXPECT_EQ(c.cseq.method, Method::Cancel);
  EXPECT_EQ(c.request_uri, invite().request_uri);
  EXPECT_EQ(c.to.tag(), nullptr);
  EXPECT_EQ(c.call_id, invite().call_id);
  deliver(make_response(c, 200));
  deliver(gw(487));
  EXPECT_TRUE(failures.empty());
  EXPECT_TRUE(answers.empty());
  EXPECT_EQ(call->state(), OutgoingCall::State::Cancelled);
  EXPECT_EQ(registry.session_count(), 0u);
}

TEST_F(OutgoingCallTest, WaitsForAProvisionalBeforeCancelling) {
  dial();
  call->cancel();
  EXPECT_TRUE(sent_requests(Method::Cancel).empty());
  deliver(gw(100));
  EXPECT_EQ(sent_requests(Method::Cancel).size(), 1u);
  EXPECT_TRUE(progress.empty());
}

TEST_F(OutgoingCallTest, AcksAndHangsUpA200ThatRacedTheCancel) {
  dial();
  deliver(gw(180));
  call->cancel();
  deliver(gw(200, "gw-tag", answer_sdp));
  EXPECT_EQ(sent_requests(Method::Ack).size(), 1u);
  const auto byes = sent_requests(Method::Bye);
  ASSERT_EQ(byes.size(), 1u);
  EXPECT_EQ(*byes[0].message.to.tag(), "gw-tag");
  EXPECT_EQ(byes[0].to.to_string(), "udp:127.0.0.1:5070");
  EXPECT_TRUE(answers.empty());
  EXPECT_TRUE(failures.empty());
}

TEST_F(OutgoingCallTest, DialTimeoutCancelsAndReportsNoAnswer) {
  dial();
  deliver(gw(180));
  timers.advance(59'999ms);
  EXPECT_TRUE(sent_requests(Method::Cancel).empty());
  timers.advance(1ms);
  ASSERT_EQ(sent_requests(Method::Cancel).size(), 1u);
  EXPECT_TRUE(failures.empty());  // until the 487
  deliver(gw(487));
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].outcome, CallOutcome::NoAnswer);
  EXPECT_EQ(failures[0].status, 487);
}

TEST_F(OutgoingCallTest, DialTimeoutWithoutAnyProvisionalReportsNoAnswerAtOnce) {
  auto c = call_config();
  c.dial_timeout = 10s;
  dial(c);
  timers.advance(10s);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].outcome, CallOutcome::NoAnswer);
  EXPECT_TRUE(sent_requests(Method::Cancel).empty());
  deliver(gw(180));  // late: now the CANCEL may go
  EXPECT_EQ(sent_requests(Method::Cancel).size(), 1u);
  EXPECT_TRUE(progress.empty());
}

TEST_F(OutgoingCallTest, DialTimeoutGivesUpWhenTheCancelIsNeverAnswered) {
  dial();
  deliver(gw(180));
  timers.advance(60s);
  timers.advance(config.timeout_64t1());
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].outcome, CallOutcome::NoAnswer);
  EXPECT_EQ(failures[0].status, 408);
  EXPECT_EQ(failures[0].reason, "dial timeout, no answer to CANCEL");
  // The INVITE and CANCEL transactions gave up with it (9.1): nothing is left behind.
  EXPECT_EQ(layer.client_count(), 0u);
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(counters.transactions_active, 0);
}

TEST_F(OutgoingCallTest, ACancelledCallWhoseGatewayIgnoresTheCancelIsForgottenAt64T1) {
  config.t1 = 10ms;  // 64*T1 = 640 ms: the timer base SipStack::timer_config() lends us
  const std::size_t clients_before = layer.client_count();
  const std::int64_t active_before = counters.transactions_active;
  dial();
  deliver(gw(180));
  timers.advance(5s);  // ringing: no timer runs on the INVITE transaction in Proceeding
  call->cancel();
  ASSERT_EQ(sent_requests(Method::Cancel).size(), 1u);
  call.reset();  // the caller forgets it at once; only the transaction holds the state now
  EXPECT_EQ(layer.client_count(), clients_before + 2);  // the INVITE and the CANCEL
  timers.advance(config.timeout_64t1() - 1ms);
  EXPECT_EQ(layer.client_count(), clients_before + 2);
  timers.advance(1ms);
  EXPECT_EQ(layer.client_count(), clients_before);
  EXPECT_EQ(counters.transactions_active, active_before);
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(registry.session_count(), 0u);
  EXPECT_TRUE(failures.empty());  // cancel() silenced the call
  // A 487 that arrives after all is a stray response now, and changes nothing.
  const Message late = make_response(sent_requests(Method::Invite).back().message, 487, {}, "t");
  deliver(late);
  EXPECT_EQ(counters.stray_responses, 1u);
  EXPECT_EQ(layer.client_count(), clients_before);
}

TEST_F(OutgoingCallTest, ARetransmitted2xxAfterOurByeIsAckedAgainButNotHungUpTwice) {
  dial();
  deliver(gw(200, "gw-tag", answer_sdp));
  ASSERT_EQ(sessions.size(), 1u);
  test::SessionLog log2;
  sessions[0]->set_events(log2.events());
  ASSERT_TRUE(sessions[0]->hangup());
  peer_answers(Method::Bye, 200);
  ASSERT_EQ(log2.terminated.size(), 1u);
  EXPECT_EQ(log2.terminated[0].first, TerminationReason::LocalBye);
  // Our ACK was lost: the gateway still retransmits its 2xx, once with the session alive but
  // ended, once after its owner dropped it.
  deliver(gw(200, "gw-tag", answer_sdp));
  sessions.clear();
  deliver(gw(200, "gw-tag", answer_sdp));
  const auto acks = sent_requests(Method::Ack);
  ASSERT_EQ(acks.size(), 3u);
  EXPECT_EQ(acks[1].message, acks[0].message);
  EXPECT_EQ(acks[2].message, acks[0].message);
  EXPECT_EQ(acks[2].to.to_string(), acks[0].to.to_string());
  EXPECT_EQ(sent_requests(Method::Bye).size(), 1u);
  // Timer M ends the INVITE transaction; the BYE's ended on its 200 (Timer K).
  timers.advance(config.timeout_64t1());
  EXPECT_EQ(layer.client_count(), 0u);
  EXPECT_EQ(registry.session_count(), 0u);
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(counters.transactions_active, 0);
}

TEST_F(OutgoingCallTest, MapsFinalResponsesToOutcomes) {
  const std::vector<std::pair<int, CallOutcome>> cases{
      {486, CallOutcome::Busy},       {600, CallOutcome::Busy},     {480, CallOutcome::NoAnswer},
      {408, CallOutcome::NoAnswer},   {404, CallOutcome::Rejected}, {403, CallOutcome::Rejected},
      {484, CallOutcome::Rejected},   {488, CallOutcome::Rejected}, {603, CallOutcome::Rejected},
      {503, CallOutcome::Congestion}, {302, CallOutcome::Rejected},
  };
  for (const auto& [status, outcome] : cases) {
    failures.clear();
    auto c = call_config();
    c.call_id = "out-" + std::to_string(status);
    dial(c);
    deliver(gw(status));
    ASSERT_EQ(failures.size(), 1u) << status;
    EXPECT_EQ(failures[0].outcome, outcome) << status;
    EXPECT_EQ(failures[0].status, status);
    EXPECT_EQ(call->state(), OutgoingCall::State::Failed);
  }
}

// A gateway without a free line: 503, or any final answer whose Reason carries a Q.850
// congestion cause (34, 38, 41, 42). The campaign dialer backs the line off and does not
// count the attempt against the lead (issue 13).
TEST_F(OutgoingCallTest, ReasonWithQ850CongestionCauseIsCongestion) {
  const std::vector<std::pair<std::string, CallOutcome>> cases{
      {"Q.850;cause=34;text=\"No circuit/channel available\"", CallOutcome::Congestion},
      {"SIP;cause=480, Q.850 ; cause=42", CallOutcome::Congestion},
      {"Q.850;cause=17;text=\"User busy\"", CallOutcome::NoAnswer},
      {"SIP;cause=34", CallOutcome::NoAnswer},
  };
  int n = 0;
  for (const auto& [reason, outcome] : cases) {
    failures.clear();
    auto c = call_config();
    c.call_id = "out-reason-" + std::to_string(++n);
    dial(c);
    Message r = gw(480);
    r.headers.add("Reason", reason);
    deliver(r);
    ASSERT_EQ(failures.size(), 1u) << reason;
    EXPECT_EQ(failures[0].outcome, outcome) << reason;
  }
  EXPECT_TRUE(is_congestion_reason("q.850;CAUSE=38"));
  EXPECT_FALSE(is_congestion_reason(""));
  EXPECT_FALSE(is_congestion_reason("Q.850;cause=340"));
}

TEST_F(OutgoingCallTest, BusyClosesTheEarlyDialog) {
  dial();
  deliver(gw(180));
  EXPECT_EQ(registry.session_count(), 1u);
  deliver(gw(486));
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].outcome, CallOutcome::Busy);
  EXPECT_EQ(registry.session_count(), 0u);
}

TEST_F(OutgoingCallTest, NoResponseAtAllIsUnreachable) {
  dial();
  timers.advance(config.timeout_64t1());
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].outcome, CallOutcome::Unreachable);
  EXPECT_EQ(failures[0].status, 408);
}

TEST_F(OutgoingCallTest, ATransportErrorIsUnreachableAndReportedAfterStart) {
  sender.fail_sends = true;
  dial();
  EXPECT_TRUE(failures.empty());  // never from inside start()
  timers.advance(0ms);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].outcome, CallOutcome::Unreachable);
  EXPECT_EQ(failures[0].status, 503);
}

TEST_F(OutgoingCallTest, AHostNameTargetIsUnreachableWithoutDns) {
  auto c = call_config();
  c.request_uri = "sip:0123@gw.example.com";
  dial(c);
  EXPECT_TRUE(sender.sent.empty());
  timers.advance(0ms);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].outcome, CallOutcome::Unreachable);
  EXPECT_EQ(failures[0].status, 0);
}

TEST_F(OutgoingCallTest, HangsUpASecondForkedTwoHundred) {
  dial();
  deliver(gw(180, "fork-a"));
  deliver(gw(180, "fork-b"));
  EXPECT_EQ(registry.session_count(), 2u);
  deliver(gw(200, "fork-a", answer_sdp));
  EXPECT_EQ(registry.session_count(), 1u);  // fork-b's early dialog is closed
  deliver(gw(200, "fork-b", answer_sdp));
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(sessions[0]->dialog().remote_tag(), "fork-a");
  const auto acks = sent_requests(Method::Ack);
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_EQ(*acks[1].message.to.tag(), "fork-b");
  const auto byes = sent_requests(Method::Bye);
  ASSERT_EQ(byes.size(), 1u);
  EXPECT_EQ(*byes[0].message.to.tag(), "fork-b");
  deliver(gw(200, "fork-b", answer_sdp));  // its retransmission: ACK again, no second BYE
  EXPECT_EQ(sent_requests(Method::Ack).size(), 3u);
  EXPECT_EQ(sent_requests(Method::Bye).size(), 1u);
}

TEST_F(OutgoingCallTest, ATwoHundredWithoutToTagIsRejectedNotHungUp) {
  dial();
  Message untagged = gw(200, "gw-tag", answer_sdp);
  untagged.to.params.remove("tag");
  deliver(untagged);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].outcome, CallOutcome::Rejected);
  EXPECT_TRUE(answers.empty());
  timers.advance(60s);  // the dial timeout does not report twice
  EXPECT_EQ(failures.size(), 1u);
}

TEST_F(OutgoingCallTest, CancelAfterTheAnswerDoesNothing) {
  dial();
  deliver(gw(200, "gw-tag", answer_sdp));
  call->cancel();
  EXPECT_TRUE(sent_requests(Method::Cancel).empty());
  EXPECT_EQ(call->state(), OutgoingCall::State::Answered);
  EXPECT_EQ(sessions[0]->state(), InviteSession::State::Confirmed);
}

TEST_F(OutgoingCallTest, TheProgressHandlerMayDropTheCall) {
  OutgoingCallEvents e;
  int seen = 0;
  e.on_progress = [&](int, const std::optional<std::string>&) {
    ++seen;
    call.reset();  // the caller hangs up while ringing
  };
  call = OutgoingCall::start(registry, call_config(), std::move(e));
  deliver(gw(180));
  EXPECT_EQ(seen, 1);
  EXPECT_EQ(call, nullptr);
  EXPECT_EQ(sent_requests(Method::Cancel).size(), 1u);
  deliver(gw(183));
  EXPECT_EQ(seen, 1);
}

TEST_F(OutgoingCallTest, NoEventAfterTheHandleIsDestroyed) {
  dial();
  deliver(gw(180));
  progress.clear();
  call.reset();
  EXPECT_EQ(sent_requests(Method::Cancel).size(), 1u);
  deliver(gw(183, "gw-tag", answer_sdp));
  deliver(gw(487));
  timers.advance(120s);
  EXPECT_TRUE(progress.empty());
  EXPECT_TRUE(failures.empty());
  EXPECT_TRUE(answers.empty());
}

}  // namespace
}  // namespace va::sip
