// NonInviteServerTransaction under the simulated clock (RFC 3261 17.2.2).
#include "sip/non_invite_server_transaction.h"

#include <gtest/gtest.h>

#include "unit/sip/transaction_test_support.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;
using test::request;
using test::sent_summary;

class NonInviteServerTransactionTest : public ::testing::Test, public test::TransactionFixture {
 protected:
  std::shared_ptr<NonInviteServerTransaction> make(TransportAddress peer = test::udp_peer()) {
    Message options = request(Method::Options);
    auto t =
        std::make_shared<NonInviteServerTransaction>(context, server_key(options), peer, options);
    t->set_on_terminated([this](Transaction&) { ++terminated; });
    t->start();
    return t;
  }
  Message response(int status) { return make_response(request(Method::Options), status); }
  int terminated = 0;
};

TEST_F(NonInviteServerTransactionTest, TryingAbsorbsRetransmissionsSilently) {
  auto t = make();
  EXPECT_EQ(t->state(), TransactionState::Trying);
  t->on_request(request(Method::Options));
  timers.advance(10s);
  EXPECT_TRUE(sender.sent.empty());
  EXPECT_EQ(counters.retransmissions_absorbed, 1u);
}

TEST_F(NonInviteServerTransactionTest, ProvisionalIsResentOnRetransmission) {
  auto t = make();
  t->respond(response(100));
  EXPECT_EQ(t->state(), TransactionState::Proceeding);
  t->on_request(request(Method::Options));
  EXPECT_EQ(sent_summary(sender), (std::vector<std::string>{"100", "100"}));
}

TEST_F(NonInviteServerTransactionTest, FinalIsResentOnRetransmissionUntilTimerJ) {
  auto t = make();
  t->respond(response(200));
  EXPECT_EQ(t->state(), TransactionState::Completed);
  timers.advance(20s);
  t->on_request(request(Method::Options));
  EXPECT_EQ(sent_summary(sender), (std::vector<std::string>{"200", "200"}));
  EXPECT_EQ(counters.retransmissions_sent, 1u);
  EXPECT_FALSE(t->respond(response(500)));
  timers.advance(12s - 1ms);
  EXPECT_EQ(t->state(), TransactionState::Completed);
  timers.advance(1ms);
  EXPECT_EQ(t->state(), TransactionState::Terminated);
  EXPECT_EQ(terminated, 1);
}

TEST_F(NonInviteServerTransactionTest, ReliableTransportTerminatesOnTheFinalResponse) {
  auto t = make(test::tcp_peer());
  t->respond(response(200));
  EXPECT_EQ(t->state(), TransactionState::Terminated);
  EXPECT_EQ(timers.pending(), 0u);
}

}  // namespace
}  // namespace va::sip
