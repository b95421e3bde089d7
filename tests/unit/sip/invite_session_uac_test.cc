// InviteSession on the UAC side: the outgoing call hands over its dialog; ACK for each 2xx,
// BYE both ways, and the session timer a 2xx sets (RFC 3261 13.2.2.4, 15; RFC 4028 7.2).
#include <gtest/gtest.h>

#include "sip/invite_session.h"
#include "unit/sip/dialog_test_support.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;

// --- UAC side (the outgoing call hands over its dialog) ---

class UacSessionTest : public ::testing::Test, public test::DialogFixture {
 protected:
  std::shared_ptr<InviteSession> uac_session(Message& invite, Message& ok200) {
    invite = test::request(Method::Invite, "z9hG4bKout", "call-1@test", 10);
    ok200 = test::response_to(invite, 200, "callee-tag");
    NameAddr contact;
    contact.uri = test::sip_uri("callee", "127.0.0.1");
    contact.uri.port = 5090;
    ok200.contact.push_back(contact);
    auto dialog = Dialog::as_uac(invite, ok200);
    if (!dialog) return nullptr;
    return registry.create_uac_session(std::move(*dialog), test::kOurSdp, test::udp_peer(5070),
                                       log.events());
  }
};

TEST_F(UacSessionTest, AcknowledgeSendsTheAckToTheContactAndAgainForEachRetransmitted2xx) {
  Message invite, ok200;
  auto session = uac_session(invite, ok200);
  ASSERT_TRUE(session);
  EXPECT_TRUE(session->acknowledge(ok200));
  auto acks = sent_requests(Method::Ack);
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].to, test::udp_peer(5090));
  EXPECT_EQ(acks[0].message.cseq.number, 10u);
  EXPECT_EQ(*acks[0].message.to.tag(), "callee-tag");
  EXPECT_TRUE(session->acknowledge(ok200));
  EXPECT_EQ(sent_requests(Method::Ack).size(), 2u);
  EXPECT_EQ(sent_requests(Method::Ack)[1].message, acks[0].message);
  Message other = ok200;
  other.to.params.set("tag", "forked-tag");
  EXPECT_FALSE(session->acknowledge(other));
  EXPECT_EQ(session->state(), InviteSession::State::Confirmed);
}

TEST_F(UacSessionTest, ByeFromTheCalleeIsMatchedByOurFromTagAsLocalTag) {
  Message invite, ok200;
  auto session = uac_session(invite, ok200);
  ASSERT_TRUE(session);
  session->acknowledge(ok200);
  // The callee's BYE: From = callee (its tag), To = us (our From tag).
  Message bye = test::request(Method::Bye, "z9hG4bKcalleebye", "call-1@test", 1);
  bye.from.params.set("tag", "callee-tag");
  bye.to.params.set("tag", "from-tag-1");
  deliver(bye);
  EXPECT_EQ(last_sent().status, 200);
  ASSERT_EQ(log.terminated.size(), 1u);
  EXPECT_EQ(log.terminated[0].first, TerminationReason::RemoteBye);
}

TEST_F(UacSessionTest, HangupSendsByeWithTheNextCSeq) {
  Message invite, ok200;
  auto session = uac_session(invite, ok200);
  ASSERT_TRUE(session);
  session->acknowledge(ok200);
  EXPECT_TRUE(session->hangup());
  auto byes = sent_requests(Method::Bye);
  ASSERT_EQ(byes.size(), 1u);
  EXPECT_EQ(byes[0].message.cseq.number, 11u);
  EXPECT_EQ(*byes[0].message.from.tag(), "from-tag-1");
  peer_answers(Method::Bye, 481);
  ASSERT_EQ(log.terminated.size(), 1u);
  EXPECT_EQ(log.terminated[0], std::make_pair(TerminationReason::LocalBye, 481));
}

TEST_F(UacSessionTest, AsRefresherTheUacRefreshesAtHalfTheIntervalOfThe2xx) {
  Message invite, ok200;
  auto session = uac_session(invite, ok200);
  ASSERT_TRUE(session);
  ok200.headers.add("Session-Expires", "90;refresher=uac");
  session->acknowledge(ok200);
  ASSERT_TRUE(session->session_timer());
  timers.advance(45s);
  auto refreshes = sent_requests(Method::Invite);
  ASSERT_EQ(refreshes.size(), 1u);
  EXPECT_EQ(refreshes[0].message.cseq.number, 11u);
  EXPECT_EQ(*refreshes[0].message.headers.get("Session-Expires"), "90;refresher=uac");
}

TEST_F(UacSessionTest, AnEarlySessionCannotHangUpButIsConfirmedByThe2xx) {
  Message invite = test::request(Method::Invite, "z9hG4bKout", "call-1@test", 10);
  Message ringing = test::response_to(invite, 180, "callee-tag");
  NameAddr contact;
  contact.uri = test::sip_uri("callee", "127.0.0.1");
  contact.uri.port = 5090;
  ringing.contact.push_back(contact);
  auto dialog = Dialog::as_uac(invite, ringing);
  ASSERT_TRUE(dialog);
  auto session = registry.create_uac_session(std::move(*dialog), test::kOurSdp,
                                             test::udp_peer(5070), log.events());
  EXPECT_EQ(session->state(), InviteSession::State::Early);
  EXPECT_FALSE(session->hangup());
  Message ok200 = test::response_to(invite, 200, "callee-tag");
  ok200.contact.push_back(contact);
  EXPECT_TRUE(session->acknowledge(ok200));
  EXPECT_EQ(session->state(), InviteSession::State::Confirmed);
  EXPECT_FALSE(session->dialog().is_early());
}

}  // namespace
}  // namespace va::sip
