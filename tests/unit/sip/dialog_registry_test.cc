// DialogRegistry: routing by dialog id, merged requests, stray ACKs and the lifetime of the
// sessions it tracks (RFC 3261 8.2.2.2, 12.2.2; dialog_registry.h).
#include "sip/dialog_registry.h"

#include <gtest/gtest.h>

#include "unit/sip/dialog_test_support.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;

class DialogRegistryTest : public ::testing::Test, public test::DialogFixture {};

TEST_F(DialogRegistryTest, InfoOrUpdateOutsideADialogGets481) {
  deliver(test::request(Method::Info, "z9hG4bKi"));
  EXPECT_EQ(last_sent().status, 481);
  deliver(test::request(Method::Update, "z9hG4bKu"));
  EXPECT_EQ(last_sent().status, 481);
}

TEST_F(DialogRegistryTest, AnInviteRequiringAnUnknownExtensionGets420WithUnsupported) {
  Message invite = peer_invite();
  invite.headers.add("Require", "100rel, timer, nobodyknowsthis");
  invite.headers.add("Session-Expires", "1800");
  deliver(invite);
  EXPECT_TRUE(calls.empty());
  EXPECT_EQ(last_sent().status, 420);
  EXPECT_EQ(*last_sent().headers.get("Unsupported"), "nobodyknowsthis");
  EXPECT_EQ(registry.counters().unsupported.load(), 1u);
}

TEST_F(DialogRegistryTest, AnInDialogByeRequiringAnUnknownExtensionGets420) {
  // 8.2.2.3 applies to every method, BYE included; the session stays up.
  auto session = answered_call();
  ASSERT_TRUE(session);
  deliver(peer_ack());
  Message bye = peer_request(Method::Bye, 2, "z9hG4bKbyereq");
  bye.headers.add("Require", "nobodyknowsthis");
  deliver(bye);
  EXPECT_EQ(last_sent().status, 420);
  EXPECT_EQ(*last_sent().headers.get("Unsupported"), "nobodyknowsthis");
  EXPECT_EQ(session->state(), InviteSession::State::Confirmed);
  deliver(peer_request(Method::Bye, 3, "z9hG4bKbye"));
  EXPECT_EQ(last_sent().status, 200);
}

TEST_F(DialogRegistryTest, AnAckForNoDialogIsCountedAsStray) {
  Message ack = test::request(Method::Ack, "z9hG4bKa");
  ack.to.params.set("tag", "nobody");
  deliver(ack);
  EXPECT_EQ(counters.stray_acks.load(), 1u);
  EXPECT_TRUE(sender.sent.empty());
}

TEST_F(DialogRegistryTest, ASecondReInviteBeforeTheFirstIsAcknowledgedGets500WithRetryAfter) {
  auto session = answered_call();
  ASSERT_TRUE(session);
  deliver(peer_ack());
  deliver(peer_request(Method::Invite, 2, "z9hG4bKre1"));
  EXPECT_EQ(last_sent().status, 200);
  deliver(peer_request(Method::Invite, 3, "z9hG4bKre2"));
  EXPECT_EQ(last_sent().status, 500);
  const std::string* retry = last_sent().headers.get("Retry-After");
  ASSERT_NE(retry, nullptr);
  EXPECT_LE(std::stoi(*retry), 10);
  EXPECT_EQ(registry.counters().glare.load(), 1u);
}

TEST_F(DialogRegistryTest, TwoCallsWithTheSameCallIdButDifferentFromTagsStayApart) {
  deliver(peer_invite());
  Message second = peer_invite(test::sdp_body("127.0.0.1", 30010), "z9hG4bKinvite2");
  second.from.params.set("tag", "from-tag-2");
  deliver(second);
  ASSERT_EQ(calls.size(), 2u);
  auto a = calls[0]->answer(test::kOurSdp);
  auto b = calls[1]->answer(test::kOurSdp);
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->id(), b->id());
  EXPECT_EQ(registry.session_count(), 2u);
  Message bye = test::request(Method::Bye, "z9hG4bKbye", "call-1@test", 2);
  bye.from.params.set("tag", "from-tag-2");
  bye.to.params.set("tag", b->dialog().local_tag());
  deliver(bye);
  EXPECT_TRUE(b->terminated());
  EXPECT_FALSE(a->terminated());
}

TEST_F(DialogRegistryTest, AHundredCallsLeaveNoSessionTimerOrTransactionBehind) {
  for (int i = 0; i < 100; ++i) {
    const std::string id = "call-" + std::to_string(i);
    Message invite = peer_invite(test::sdp_body("127.0.0.1", 30000), "z9hG4bKi" + id);
    invite.call_id = id;
    deliver(invite);
    ASSERT_EQ(calls.size(), 1u);
    auto session = calls.back()->answer(test::kOurSdp, log.events());
    calls.clear();
    ASSERT_TRUE(session);
    Message ack = test::request(Method::Ack, "z9hG4bKa" + id, id, 1);
    ack.to.params.set("tag", session->dialog().local_tag());
    deliver(ack);
    Message bye = test::request(Method::Bye, "z9hG4bKb" + id, id, 2);
    bye.to.params.set("tag", session->dialog().local_tag());
    deliver(bye);
  }
  EXPECT_EQ(log.terminated.size(), 100u);
  EXPECT_EQ(registry.counters().calls_offered.load(), 100u);
  EXPECT_EQ(registry.counters().calls_answered.load(), 100u);
  EXPECT_EQ(registry.counters().remote_byes.load(), 100u);
  EXPECT_EQ(registry.counters().sessions_started.load(), 100u);
  EXPECT_EQ(registry.session_count(), 0u);
  EXPECT_EQ(registry.pending_call_count(), 0u);
  timers.advance(60s);  // transaction timers (L, J) run out
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(layer.server_count(), 0u);
}

TEST(DialogRegistryLifetimeTest, DestroyingTheRegistryClosesItsSessionsSilently) {
  test::TransactionFixture f;
  TransactionLayer layer{f.context};
  UserAgentCore core{layer, f.counters, UserAgentConfig{}};
  layer.set_user(&core);
  auto registry = std::make_unique<DialogRegistry>(layer, f.sender, f.timers, f.config,
                                                   test::DialogFixture::dialog_config());
  registry->attach(core);
  std::shared_ptr<IncomingCall> call;
  registry->set_incoming_call_handler([&](std::shared_ptr<IncomingCall> c) { call = c; });
  layer.on_message(test::DialogFixture::peer_invite(), test::udp_peer());
  ASSERT_TRUE(call);
  int terminated = 0;
  InviteSessionEvents events;
  events.on_terminated = [&](TerminationReason, int) { ++terminated; };
  auto session = call->answer(test::kOurSdp, events);
  ASSERT_TRUE(session);
  core.set_dialog_handler(nullptr);
  registry.reset();
  EXPECT_TRUE(session->terminated());
  EXPECT_FALSE(session->hangup());
  f.timers.advance(60s);
  EXPECT_EQ(terminated, 0);
  EXPECT_TRUE(std::none_of(f.sender.sent.begin(), f.sender.sent.end(),
                           [](const test::SentMessage& s) { return s.message.is_request; }));
}

}  // namespace
}  // namespace va::sip
