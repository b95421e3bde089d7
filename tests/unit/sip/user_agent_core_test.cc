// UserAgentCore: the UAS answers of RFC 3261 8.2 and 11.2 (rules in user_agent_core.h).
#include "sip/user_agent_core.h"

#include <gtest/gtest.h>

#include "unit/sip/transaction_test_support.h"

namespace va::sip {
namespace {

using test::request;

class UserAgentCoreTest : public ::testing::Test, public test::TransactionFixture {
 protected:
  UserAgentCoreTest() { layer.set_user(&core); }
  // The one response the UA sent to `m`.
  const Message& answer(const Message& m) {
    layer.on_message(m, test::udp_peer());
    EXPECT_EQ(sender.sent.size(), 1u);
    return sender.sent.back().message;
  }

  TransactionLayer layer{context};
  UserAgentCore core{layer, counters, UserAgentConfig{"voiceagent-test"}};
};

TEST_F(UserAgentCoreTest, OptionsIsAnsweredWithAllowAcceptAndSupported) {
  const Message& r = answer(request(Method::Options));
  EXPECT_EQ(r.status, 200);
  ASSERT_NE(r.headers.get("Allow"), nullptr);
  EXPECT_EQ(*r.headers.get("Allow"), "INVITE, ACK, CANCEL, BYE, OPTIONS");
  ASSERT_NE(r.headers.get("Accept"), nullptr);
  EXPECT_EQ(*r.headers.get("Accept"), "application/sdp");
  EXPECT_NE(r.headers.get("Supported"), nullptr);
  EXPECT_EQ(*r.headers.get("Server"), "voiceagent-test");
  EXPECT_NE(r.to.tag(), nullptr);
  EXPECT_EQ(r.call_id, "call-1@test");
}

TEST_F(UserAgentCoreTest, OptionsSupportedListsTheSessionTimer) {
  const Message& r = answer(request(Method::Options));
  ASSERT_NE(r.headers.get("Supported"), nullptr);
  EXPECT_NE(r.headers.get("Supported")->find("timer"), std::string::npos);
}

TEST_F(UserAgentCoreTest, OptionsRequiringAnUnknownExtensionGets420NamingOnlyThatOne) {
  Message m = request(Method::Options);
  m.headers.add("Require", "timer, foo");
  m.headers.add("Require", "bar");
  const Message& r = answer(m);
  EXPECT_EQ(r.status, 420);
  ASSERT_NE(r.headers.get("Unsupported"), nullptr);
  EXPECT_EQ(*r.headers.get("Unsupported"), "foo, bar");
  EXPECT_NE(r.to.tag(), nullptr);
}

TEST_F(UserAgentCoreTest, OptionsRequiringOnlyWhatWeSupportGets200) {
  Message m = request(Method::Options);
  m.headers.add("Require", "timer");
  EXPECT_EQ(answer(m).status, 200);
}

TEST_F(UserAgentCoreTest, InviteWithoutAHandlerIsDeclinedWith480AndATag) {
  const Message& r = answer(request(Method::Invite));
  EXPECT_EQ(r.status, 480);
  EXPECT_EQ(r.reason, "Temporarily Unavailable");
  EXPECT_NE(r.to.tag(), nullptr);
}

// A draining node (issue 18): the dispatcher's OPTIONS probe and new INVITEs get 503, so
// Kamailio takes the node out; the flag is read at each request, so lifting it brings the
// node back at the next probe.
class DrainingUserAgentCoreTest : public ::testing::Test, public test::TransactionFixture {
 protected:
  DrainingUserAgentCoreTest() { layer.set_user(&core); }
  int status_of(const Message& m) {
    const auto before = sender.sent.size();
    layer.on_message(m, test::udp_peer());
    EXPECT_EQ(sender.sent.size(), before + 1);
    return sender.sent.back().message.status;
  }

  std::shared_ptr<std::atomic<bool>> draining = std::make_shared<std::atomic<bool>>(true);
  TransactionLayer layer{context};
  UserAgentCore core{layer, counters, UserAgentConfig{"voiceagent-test", draining}};
};

TEST_F(DrainingUserAgentCoreTest, OptionsAndNewInvitesGet503UntilTheDrainIsLifted) {
  EXPECT_EQ(status_of(request(Method::Options, "z9hG4bKdrain1")), 503);
  EXPECT_EQ(sender.sent.back().message.reason, "Draining");
  EXPECT_EQ(status_of(request(Method::Invite, "z9hG4bKdrain2")), 503);
  draining->store(false);
  EXPECT_EQ(status_of(request(Method::Options, "z9hG4bKdrain3")), 200);
  // No dialog handler in this fixture: 480 is the UA's own answer, not the drain's 503.
  EXPECT_EQ(status_of(request(Method::Invite, "z9hG4bKdrain4")), 480);
}

TEST_F(UserAgentCoreTest, KnownUnsupportedMethodGets405WithAllow) {
  const Message& r = answer(request(Method::Register));
  EXPECT_EQ(r.status, 405);
  EXPECT_NE(r.headers.get("Allow"), nullptr);
}

TEST_F(UserAgentCoreTest, UnknownMethodGets501WithAllow) {
  Message m = request(Method::Unknown);
  m.method_text = "FROBNICATE";
  m.cseq.method_text = "FROBNICATE";
  const Message& r = answer(m);
  EXPECT_EQ(r.status, 501);
  EXPECT_NE(r.headers.get("Allow"), nullptr);
}

TEST_F(UserAgentCoreTest, UnsupportedRequestUriSchemeGets416) {
  Message m = request(Method::Options);
  m.request_uri = Uri{};
  m.request_uri.scheme = "mailto";
  m.request_uri.opaque = "agent@example.com";
  EXPECT_EQ(answer(m).status, 416);
}

TEST_F(UserAgentCoreTest, MaxForwardsZeroGets483ExceptForOptions) {
  Message invite = request(Method::Invite);
  invite.max_forwards = 0;
  EXPECT_EQ(answer(invite).status, 483);
  sender.sent.clear();
  Message options = request(Method::Options, "z9hG4bKother");
  options.max_forwards = 0;
  EXPECT_EQ(answer(options).status, 200);
}

TEST_F(UserAgentCoreTest, ByeOutsideADialogGets481) {
  EXPECT_EQ(answer(request(Method::Bye)).status, 481);
}

TEST_F(UserAgentCoreTest, InDialogRequestWithoutAHandlerGets481) {
  Message m = request(Method::Invite);
  m.to.params.set("tag", "existing");
  EXPECT_EQ(answer(m).status, 481);
}

TEST_F(UserAgentCoreTest, AckForATwoHundredWithoutADialogIsAbsorbed) {
  layer.on_message(request(Method::Ack, "z9hG4bKnew"), test::udp_peer());
  EXPECT_TRUE(sender.sent.empty());
  EXPECT_EQ(counters.stray_acks, 1u);
  EXPECT_EQ(counters.server_transactions, 0u);
}

}  // namespace
}  // namespace va::sip
