// InviteServerTransaction under the simulated clock (RFC 3261 17.2.1, RFC 6026).
#include "sip/invite_server_transaction.h"

#include <gtest/gtest.h>

#include "sip/transaction_key.h"
#include "unit/sip/transaction_test_support.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;
using test::request;
using test::sent_summary;

class InviteServerTransactionTest : public ::testing::Test, public test::TransactionFixture {
 protected:
  std::shared_ptr<InviteServerTransaction> make(TransportAddress peer = test::udp_peer()) {
    Message invite = request(Method::Invite);
    auto t = std::make_shared<InviteServerTransaction>(context, server_key(invite), peer, invite);
    t->set_on_terminated([this](Transaction&) { ++terminated; });
    t->start();
    return t;
  }
  Message final_response(int status) {
    return make_response(request(Method::Invite), status, {}, "uas-tag");
  }
  std::vector<std::chrono::milliseconds> send_times() const {
    std::vector<std::chrono::milliseconds> out;
    for (const auto& s : sender.sent)
      out.push_back(s.at);
    return out;
  }
  int terminated = 0;
};

TEST_F(InviteServerTransactionTest, SendsTryingAfter200MsWhenTheTuIsSilent) {
  auto t = make();
  EXPECT_EQ(t->state(), TransactionState::Proceeding);
  timers.advance(199ms);
  EXPECT_TRUE(sender.sent.empty());
  timers.advance(1ms);
  ASSERT_EQ(sent_summary(sender), std::vector<std::string>{"100"});
  EXPECT_EQ(sender.sent[0].message.to.tag(), nullptr);  // 8.2.6.1: no tag on a 100
  EXPECT_EQ(sender.sent[0].to, test::udp_peer());
}

TEST_F(InviteServerTransactionTest, SendsNoTryingWhenTheTuAnswersFirst) {
  auto t = make();
  EXPECT_TRUE(t->respond(final_response(180)));
  timers.advance(1s);
  EXPECT_EQ(sent_summary(sender), std::vector<std::string>{"180"});
  EXPECT_EQ(t->state(), TransactionState::Proceeding);
}

TEST_F(InviteServerTransactionTest, RetransmittedInviteInProceedingResendsTheLastProvisional) {
  auto t = make();
  t->respond(final_response(180));
  EXPECT_TRUE(t->on_request(request(Method::Invite)));
  EXPECT_EQ(sent_summary(sender), (std::vector<std::string>{"180", "180"}));
  EXPECT_EQ(counters.retransmissions_absorbed, 1u);
}

TEST_F(InviteServerTransactionTest, FinalErrorIsResentByTimerGDoublingToT2UntilTimerH) {
  auto t = make();
  t->respond(final_response(480));
  EXPECT_EQ(t->state(), TransactionState::Completed);
  timers.advance(32s);
  using std::chrono::milliseconds;
  const std::vector<milliseconds> expected{0ms,     500ms,   1500ms,  3500ms,  7500ms, 11500ms,
                                           15500ms, 19500ms, 23500ms, 27500ms, 31500ms};
  EXPECT_EQ(send_times(), expected);
  EXPECT_EQ(t->state(), TransactionState::Terminated);
  EXPECT_EQ(terminated, 1);
  EXPECT_EQ(counters.timeouts, 1u);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(InviteServerTransactionTest, RetransmittedInviteInCompletedResendsTheFinalResponse) {
  auto t = make();
  t->respond(final_response(486));
  t->on_request(request(Method::Invite));
  EXPECT_EQ(sent_summary(sender), (std::vector<std::string>{"486", "486"}));
  EXPECT_EQ(t->state(), TransactionState::Completed);
}

TEST_F(InviteServerTransactionTest, AckConfirmsStopsResendsAndTimerITerminates) {
  auto t = make();
  t->respond(final_response(480));
  timers.advance(600ms);  // one Timer G resend
  EXPECT_TRUE(t->on_request(request(Method::Ack)));
  EXPECT_EQ(t->state(), TransactionState::Confirmed);
  EXPECT_TRUE(t->on_request(request(Method::Ack)));  // absorbed
  timers.advance(4999ms);
  EXPECT_EQ(t->state(), TransactionState::Confirmed);
  timers.advance(1ms);
  EXPECT_EQ(t->state(), TransactionState::Terminated);
  EXPECT_EQ(sent_summary(sender), (std::vector<std::string>{"480", "480"}));
  EXPECT_EQ(counters.timeouts, 0u);
}

TEST_F(InviteServerTransactionTest, TwoHundredMovesToAcceptedUntilTimerL) {
  auto t = make();
  t->respond(final_response(200));
  EXPECT_EQ(t->state(), TransactionState::Accepted);
  EXPECT_TRUE(t->on_request(request(Method::Invite)));  // RFC 6026: absorbed, not resent
  EXPECT_FALSE(t->on_request(request(Method::Ack)));    // the ACK of a 2xx is the TU's
  EXPECT_TRUE(t->respond(final_response(200)));         // the TU's own retransmission
  EXPECT_FALSE(t->respond(final_response(500)));
  timers.advance(32s - 1ms);
  EXPECT_EQ(t->state(), TransactionState::Accepted);
  timers.advance(1ms);
  EXPECT_EQ(t->state(), TransactionState::Terminated);
  EXPECT_EQ(sent_summary(sender), (std::vector<std::string>{"200", "200"}));
}

TEST_F(InviteServerTransactionTest, ReliableTransportSkipsTimerGAndEndsOnAck) {
  auto t = make(test::tcp_peer());
  t->respond(final_response(480));
  timers.advance(10s);
  EXPECT_EQ(sent_summary(sender), std::vector<std::string>{"480"});
  t->on_request(request(Method::Ack));
  EXPECT_EQ(t->state(), TransactionState::Terminated);  // Timer I is 0 on TCP
  EXPECT_EQ(terminated, 1);
}

TEST_F(InviteServerTransactionTest, DroppedTransactionCancelsItsTimers) {
  auto t = make();
  t->respond(final_response(480));
  EXPECT_GT(timers.pending(), 0u);
  t.reset();
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(counters.transactions_active, 0);
}

}  // namespace
}  // namespace va::sip
