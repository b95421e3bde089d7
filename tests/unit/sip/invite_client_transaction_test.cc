// InviteClientTransaction under the simulated clock (RFC 3261 17.1.1, RFC 6026).
#include "sip/invite_client_transaction.h"

#include <gtest/gtest.h>

#include "unit/sip/transaction_test_support.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;
using test::request;
using test::response_to;
using test::sent_summary;

class InviteClientTransactionTest : public ::testing::Test, public test::TransactionFixture {
 protected:
  std::shared_ptr<InviteClientTransaction> make(TransportAddress peer = test::udp_peer()) {
    Message invite = request(Method::Invite, "z9hG4bKclient1");
    auto t = std::make_shared<InviteClientTransaction>(
        context, client_key_for_request(invite), peer, invite,
        [this](const Message& r) { delivered.push_back(r.status); });
    t->set_on_terminated([this](Transaction&) { ++terminated; });
    t->start();
    return t;
  }
  std::vector<int> delivered;
  int terminated = 0;
};

TEST_F(InviteClientTransactionTest, TimerARetransmitsDoublingUntilTimerBReports408) {
  auto t = make();
  EXPECT_EQ(t->state(), TransactionState::Calling);
  timers.advance(32s);
  std::vector<std::chrono::milliseconds> times;
  for (const auto& s : sender.sent)
    times.push_back(s.at);
  const std::vector<std::chrono::milliseconds> expected{0ms,    500ms,   1500ms, 3500ms,
                                                        7500ms, 15500ms, 31500ms};
  EXPECT_EQ(times, expected);
  EXPECT_EQ(delivered, std::vector<int>{408});
  EXPECT_EQ(t->state(), TransactionState::Terminated);
  EXPECT_EQ(terminated, 1);
  EXPECT_EQ(counters.retransmissions_sent, 6u);
}

TEST_F(InviteClientTransactionTest, ProvisionalStopsRetransmissions) {
  auto t = make();
  t->on_response(response_to(t->request(), 180));
  EXPECT_EQ(t->state(), TransactionState::Proceeding);
  timers.advance(60s);
  EXPECT_EQ(sender.sent.size(), 1u);
  EXPECT_EQ(delivered, std::vector<int>{180});
  EXPECT_EQ(t->state(), TransactionState::Proceeding);
}

TEST_F(InviteClientTransactionTest, NonTwoHundredFinalIsAckedWithTheSameBranch) {
  auto t = make();
  t->on_response(response_to(t->request(), 486, "busy-tag"));
  EXPECT_EQ(t->state(), TransactionState::Completed);
  ASSERT_EQ(sent_summary(sender), (std::vector<std::string>{"INVITE", "ACK"}));
  const Message& ack = sender.sent[1].message;
  EXPECT_EQ(ack.via.size(), 1u);
  EXPECT_EQ(ack.via[0].branch(), "z9hG4bKclient1");
  ASSERT_NE(ack.to.tag(), nullptr);
  EXPECT_EQ(*ack.to.tag(), "busy-tag");
  EXPECT_EQ(ack.cseq.number, t->request().cseq.number);
  EXPECT_EQ(ack.cseq.method, Method::Ack);
  EXPECT_EQ(ack.request_uri, t->request().request_uri);
  EXPECT_EQ(ack.call_id, t->request().call_id);

  // A retransmitted final response is answered with the ACK again, not passed up twice.
  t->on_response(response_to(t->request(), 486, "busy-tag"));
  EXPECT_EQ(sent_summary(sender), (std::vector<std::string>{"INVITE", "ACK", "ACK"}));
  EXPECT_EQ(delivered, std::vector<int>{486});
  timers.advance(32s - 1ms);
  EXPECT_EQ(t->state(), TransactionState::Completed);
  timers.advance(1ms);  // Timer D
  EXPECT_EQ(t->state(), TransactionState::Terminated);
}

TEST_F(InviteClientTransactionTest, TwoHundredGoesToTheTuWhichAcksIt) {
  auto t = make();
  t->on_response(response_to(t->request(), 200));
  EXPECT_EQ(t->state(), TransactionState::Accepted);
  t->on_response(response_to(t->request(), 200));  // retransmitted 2xx: to the TU as well
  EXPECT_EQ(delivered, (std::vector<int>{200, 200}));
  EXPECT_EQ(sent_summary(sender), std::vector<std::string>{"INVITE"});  // no ACK from us
  timers.advance(32s);                                                  // Timer M
  EXPECT_EQ(t->state(), TransactionState::Terminated);
}

TEST_F(InviteClientTransactionTest, ReliableTransportHasNoTimerAButStillTimerB) {
  auto t = make(test::tcp_peer());
  timers.advance(31s);
  EXPECT_EQ(sender.sent.size(), 1u);
  timers.advance(1s);
  EXPECT_EQ(delivered, std::vector<int>{408});
}

TEST_F(InviteClientTransactionTest, TransportErrorIsReportedAs503) {
  sender.fail_sends = true;
  auto t = make();
  EXPECT_EQ(delivered, std::vector<int>{503});
  EXPECT_EQ(t->state(), TransactionState::Terminated);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(InviteClientTransactionTest, ACancelledInviteWithoutAFinalResponseGivesUpAt64T1) {
  auto t = make();
  t->on_response(response_to(t->request(), 180));
  timers.advance(10s);
  t->on_cancel_sent();  // 9.1: 64*T1 from here
  timers.advance(20s);
  t->on_response(response_to(t->request(), 183));  // a late 1xx must not restart or stop it
  t->on_cancel_sent();                             // nor a second CANCEL
  timers.advance(config.timeout_64t1() - 20s - 1ms);
  EXPECT_EQ(t->state(), TransactionState::Proceeding);
  EXPECT_EQ(delivered, (std::vector<int>{180, 183}));
  timers.advance(1ms);
  EXPECT_EQ(delivered, (std::vector<int>{180, 183, 408}));
  EXPECT_EQ(t->state(), TransactionState::Terminated);
  EXPECT_EQ(terminated, 1);
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(counters.timeouts, 1u);
  EXPECT_EQ(counters.transactions_active, 0);
}

TEST_F(InviteClientTransactionTest, TheGiveUpAfterCancelFollowsTheConfiguredT1) {
  config.t1 = 10ms;  // 64*T1 = 640 ms
  auto t = make();
  t->on_response(response_to(t->request(), 180));
  t->on_cancel_sent();
  timers.advance(639ms);
  EXPECT_EQ(t->state(), TransactionState::Proceeding);
  timers.advance(1ms);
  EXPECT_EQ(t->state(), TransactionState::Terminated);
  EXPECT_EQ(delivered, (std::vector<int>{180, 408}));
}

TEST_F(InviteClientTransactionTest, The487AfterTheCancelEndsTheWaitNormally) {
  auto t = make();
  t->on_response(response_to(t->request(), 180));
  t->on_cancel_sent();
  t->on_response(response_to(t->request(), 487));
  EXPECT_EQ(t->state(), TransactionState::Completed);
  timers.advance(config.timer_d());
  EXPECT_EQ(t->state(), TransactionState::Terminated);
  EXPECT_EQ(delivered, (std::vector<int>{180, 487}));  // no 408 from the give-up timer
  EXPECT_EQ(counters.timeouts, 0u);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(InviteClientTransactionTest, A2xxThatRacedTheCancelMovesToAcceptedAndEndsAtTimerM) {
  auto t = make();
  t->on_response(response_to(t->request(), 180));
  t->on_cancel_sent();
  timers.advance(config.timeout_64t1() - 1s);
  t->on_response(response_to(t->request(), 200));
  EXPECT_EQ(t->state(), TransactionState::Accepted);
  timers.advance(1s);  // where the give-up would have fired
  EXPECT_EQ(t->state(), TransactionState::Accepted);
  EXPECT_EQ(delivered, (std::vector<int>{180, 200}));
  timers.advance(config.timeout_64t1());
  EXPECT_EQ(t->state(), TransactionState::Terminated);
  EXPECT_EQ(timers.pending(), 0u);
}

}  // namespace
}  // namespace va::sip
