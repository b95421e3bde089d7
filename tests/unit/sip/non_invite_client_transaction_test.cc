// NonInviteClientTransaction under the simulated clock (RFC 3261 17.1.2).
#include "sip/non_invite_client_transaction.h"

#include <gtest/gtest.h>

#include "unit/sip/transaction_test_support.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;
using test::request;
using test::response_to;

class NonInviteClientTransactionTest : public ::testing::Test, public test::TransactionFixture {
 protected:
  std::shared_ptr<NonInviteClientTransaction> make(TransportAddress peer = test::udp_peer()) {
    Message options = request(Method::Options, "z9hG4bKclient2");
    auto t = std::make_shared<NonInviteClientTransaction>(
        context, client_key_for_request(options), peer, options,
        [this](const Message& r) { delivered.push_back(r.status); });
    t->start();
    return t;
  }
  std::vector<std::chrono::milliseconds> send_times() const {
    std::vector<std::chrono::milliseconds> out;
    for (const auto& s : sender.sent)
      out.push_back(s.at);
    return out;
  }
  std::vector<int> delivered;
};

TEST_F(NonInviteClientTransactionTest, TimerEDoublesUpToT2UntilTimerFReports408) {
  auto t = make();
  EXPECT_EQ(t->state(), TransactionState::Trying);
  timers.advance(32s);
  const std::vector<std::chrono::milliseconds> expected{
      0ms, 500ms, 1500ms, 3500ms, 7500ms, 11500ms, 15500ms, 19500ms, 23500ms, 27500ms, 31500ms};
  EXPECT_EQ(send_times(), expected);
  EXPECT_EQ(delivered, std::vector<int>{408});
  EXPECT_EQ(t->state(), TransactionState::Terminated);
  EXPECT_EQ(counters.timeouts, 1u);
}

TEST_F(NonInviteClientTransactionTest, ProceedingResendsEveryT2) {
  auto t = make();
  timers.advance(600ms);  // one resend at 500 ms; next E due at 1500 ms
  t->on_response(response_to(t->request(), 100));
  EXPECT_EQ(t->state(), TransactionState::Proceeding);
  timers.advance(900ms);  // E fires at 1500 ms, then every T2
  timers.advance(8s);
  const std::vector<std::chrono::milliseconds> expected{0ms, 500ms, 1500ms, 5500ms, 9500ms};
  EXPECT_EQ(send_times(), expected);
  EXPECT_EQ(delivered, std::vector<int>{100});
}

TEST_F(NonInviteClientTransactionTest, FinalCompletesAndTimerKAbsorbsRetransmissions) {
  auto t = make();
  t->on_response(response_to(t->request(), 200));
  EXPECT_EQ(t->state(), TransactionState::Completed);
  t->on_response(response_to(t->request(), 200));
  EXPECT_EQ(delivered, std::vector<int>{200});
  EXPECT_EQ(counters.retransmissions_absorbed, 1u);
  timers.advance(5s - 1ms);
  EXPECT_EQ(t->state(), TransactionState::Completed);
  timers.advance(1ms);
  EXPECT_EQ(t->state(), TransactionState::Terminated);
  EXPECT_EQ(sender.sent.size(), 1u);
}

TEST_F(NonInviteClientTransactionTest, ReliableTransportTerminatesOnTheFinalResponse) {
  auto t = make(test::tcp_peer());
  timers.advance(10s);
  EXPECT_EQ(sender.sent.size(), 1u);  // no Timer E on TCP
  t->on_response(response_to(t->request(), 404));
  EXPECT_EQ(t->state(), TransactionState::Terminated);
  EXPECT_EQ(delivered, std::vector<int>{404});
}

}  // namespace
}  // namespace va::sip
