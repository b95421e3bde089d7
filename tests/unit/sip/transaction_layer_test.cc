// TransactionLayer with the UserAgentCore as TU: matching (RFC 3261 17.1.3, 17.2.3 incl. the
// RFC 2543 fallback), absorption of retransmissions, CANCEL (9.2), stray messages.
#include "sip/transaction_layer.h"

#include <gtest/gtest.h>

#include "sip/user_agent_core.h"
#include "unit/sip/transaction_test_support.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;
using test::request;
using test::sent_summary;

// Takes every INVITE and answers nothing, so CANCEL finds it still Proceeding.
class SilentDialogHandler final : public DialogHandler {
 public:
  // DialogHandler
  bool on_dialog_request(const Message&, const std::shared_ptr<ServerTransaction>& t) override {
    taken.push_back(t);
    return true;
  }
  bool on_in_dialog_request(const Message&, const std::shared_ptr<ServerTransaction>&) override {
    return false;
  }
  void on_cancelled(const Message& invite) override { cancelled.push_back(invite.call_id); }
  bool on_ack(const Message&, const TransportAddress&) override { return false; }

  std::vector<std::shared_ptr<ServerTransaction>> taken;
  std::vector<std::string> cancelled;
};

class TransactionLayerTest : public ::testing::Test, public test::TransactionFixture {
 protected:
  TransactionLayerTest() { layer.set_user(&core); }
  void receive(const Message& m) { layer.on_message(m, test::udp_peer()); }
  Message legacy(Method method, std::uint32_t cseq = 1) {
    Message m = request(method, "", "legacy@test", cseq);  // no branch: RFC 2543
    return m;
  }

  TransactionLayer layer{context};
  UserAgentCore core{layer, counters, UserAgentConfig{}};
};

TEST_F(TransactionLayerTest, RetransmittedRequestIsAbsorbedWithoutASecondTransaction) {
  receive(request(Method::Options));
  receive(request(Method::Options));
  receive(request(Method::Options));
  EXPECT_EQ(counters.server_transactions, 1u);
  EXPECT_EQ(layer.server_count(), 1u);
  EXPECT_EQ(counters.retransmissions_absorbed, 2u);
  EXPECT_EQ(sent_summary(sender), (std::vector<std::string>{"200", "200", "200"}));
}

TEST_F(TransactionLayerTest, SameBranchFromAnotherSentByIsAnotherTransaction) {
  receive(request(Method::Options));
  Message other = request(Method::Options);
  other.via[0].host = "127.0.0.2";
  receive(other);
  EXPECT_EQ(counters.server_transactions, 2u);
}

TEST_F(TransactionLayerTest, AckForTheErrorResponseConfirmsTheInviteTransaction) {
  receive(request(Method::Invite));
  ASSERT_EQ(sent_summary(sender), std::vector<std::string>{"480"});
  auto invite = layer.find_server(server_key(request(Method::Invite)));
  ASSERT_NE(invite, nullptr);
  EXPECT_EQ(invite->state(), TransactionState::Completed);
  receive(request(Method::Ack));
  EXPECT_EQ(invite->state(), TransactionState::Confirmed);
  EXPECT_EQ(counters.server_transactions, 1u);
  EXPECT_EQ(counters.stray_acks, 0u);
  timers.advance(5s);
  EXPECT_EQ(layer.server_count(), 0u);
  EXPECT_EQ(counters.transactions_active, 0);
}

TEST_F(TransactionLayerTest, Rfc2543RequestsMatchOnTheirFields) {
  receive(legacy(Method::Options));
  receive(legacy(Method::Options));
  EXPECT_EQ(counters.server_transactions, 1u);
  receive(legacy(Method::Options, 2));  // new CSeq: a new transaction
  EXPECT_EQ(counters.server_transactions, 2u);
  Message other_uri = legacy(Method::Options);
  other_uri.request_uri.user = "someone-else";
  receive(other_uri);
  EXPECT_EQ(counters.server_transactions, 3u);
}

TEST_F(TransactionLayerTest, Rfc2543AckMatchesOnlyWithTheToTagOfOurResponse) {
  receive(legacy(Method::Invite));
  ASSERT_EQ(sent_summary(sender), std::vector<std::string>{"480"});
  const std::string our_tag = *sender.sent[0].message.to.tag();
  auto invite = layer.find_server(server_key(legacy(Method::Invite)));
  ASSERT_NE(invite, nullptr);

  Message wrong_ack = legacy(Method::Ack);
  wrong_ack.to.params.set("tag", "not-ours");
  receive(wrong_ack);
  EXPECT_EQ(invite->state(), TransactionState::Completed);
  EXPECT_EQ(counters.stray_acks, 1u);

  Message ack = legacy(Method::Ack);
  ack.to.params.set("tag", our_tag);
  receive(ack);
  EXPECT_EQ(invite->state(), TransactionState::Confirmed);
}

TEST_F(TransactionLayerTest, CancelGets200AndThePendingInviteGets487) {
  SilentDialogHandler handler;
  core.set_dialog_handler(&handler);
  receive(request(Method::Invite, "z9hG4bKinv"));
  ASSERT_EQ(handler.taken.size(), 1u);
  receive(request(Method::Cancel, "z9hG4bKinv"));
  ASSERT_EQ(sent_summary(sender), (std::vector<std::string>{"200", "487"}));
  EXPECT_EQ(sender.sent[0].message.cseq.method, Method::Cancel);
  EXPECT_EQ(sender.sent[1].message.cseq.method, Method::Invite);
  EXPECT_EQ(handler.taken[0]->state(), TransactionState::Completed);
  EXPECT_EQ(handler.cancelled, std::vector<std::string>{"call-1@test"});
  ASSERT_NE(sender.sent[0].message.to.tag(), nullptr);
  ASSERT_NE(sender.sent[1].message.to.tag(), nullptr);
  EXPECT_EQ(*sender.sent[0].message.to.tag(), *sender.sent[1].message.to.tag());
  EXPECT_EQ(counters.server_transactions, 2u);  // CANCEL is a transaction of its own
}

TEST_F(TransactionLayerTest, CancelReusesTheToTagOfAProvisionalResponse) {
  SilentDialogHandler handler;
  core.set_dialog_handler(&handler);
  receive(request(Method::Invite, "z9hG4bKinv"));
  ASSERT_EQ(handler.taken.size(), 1u);
  handler.taken[0]->respond(make_response(handler.taken[0]->request(), 180, {}, "early"));
  receive(request(Method::Cancel, "z9hG4bKinv"));
  ASSERT_EQ(sent_summary(sender), (std::vector<std::string>{"180", "200", "487"}));
  EXPECT_EQ(*sender.sent[1].message.to.tag(), "early");
  EXPECT_EQ(*sender.sent[2].message.to.tag(), "early");
}

TEST_F(TransactionLayerTest, CancelAfterTheFinalResponseGets200Only) {
  receive(request(Method::Invite, "z9hG4bKinv"));
  receive(request(Method::Cancel, "z9hG4bKinv"));
  EXPECT_EQ(sent_summary(sender), (std::vector<std::string>{"480", "200"}));
}

TEST_F(TransactionLayerTest, CancelMatchingNothingGets481) {
  receive(request(Method::Cancel, "z9hG4bKnothing"));
  EXPECT_EQ(sent_summary(sender), std::vector<std::string>{"481"});
}

TEST_F(TransactionLayerTest, ResponsesMatchTheirClientTransactionByBranchAndMethod) {
  std::vector<int> invite_responses;
  std::vector<int> cancel_responses;
  Message invite = request(Method::Invite, "z9hG4bKout");
  Message cancel = request(Method::Cancel, "z9hG4bKout");
  layer.send_request(invite, test::udp_peer(),
                     [&](const Message& r) { invite_responses.push_back(r.status); });
  layer.send_request(cancel, test::udp_peer(),
                     [&](const Message& r) { cancel_responses.push_back(r.status); });
  EXPECT_EQ(layer.client_count(), 2u);
  layer.on_message(make_response(cancel, 200), test::udp_peer());
  layer.on_message(make_response(invite, 487, {}, "t"), test::udp_peer());
  EXPECT_EQ(cancel_responses, std::vector<int>{200});
  EXPECT_EQ(invite_responses, std::vector<int>{487});
  Message stray = make_response(request(Method::Options, "z9hG4bKunknown"), 200);
  layer.on_message(stray, test::udp_peer());
  EXPECT_EQ(counters.stray_responses, 1u);
}

TEST_F(TransactionLayerTest, ClearDropsEveryTransactionAndTimer) {
  receive(request(Method::Invite, "z9hG4bKa"));
  layer.send_request(request(Method::Options, "z9hG4bKb"), test::udp_peer(), nullptr);
  EXPECT_GT(timers.pending(), 0u);
  layer.clear();
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(counters.transactions_active, 0);
}

TEST_F(TransactionLayerTest, ACancelWhoseInviteNeverGetsAFinalResponseLeavesTheTableEmpty) {
  config.t1 = 10ms;  // 64*T1 = 640 ms, as SipStack::timer_config() would carry it
  const std::size_t before = layer.client_count();
  std::vector<int> invite_responses;
  std::vector<int> cancel_responses;
  Message invite = request(Method::Invite, "z9hG4bKignored");
  layer.send_request(invite, test::udp_peer(),
                     [&](const Message& r) { invite_responses.push_back(r.status); });
  layer.on_message(make_response(invite, 180, {}, "t"), test::udp_peer());
  timers.advance(5s);  // ringing for a while: no Timer B in Proceeding
  EXPECT_EQ(layer.client_count(), before + 1);
  // The far end never answers the CANCEL nor sends the 487.
  layer.send_request(request(Method::Cancel, "z9hG4bKignored"), test::udp_peer(),
                     [&](const Message& r) { cancel_responses.push_back(r.status); });
  EXPECT_EQ(layer.client_count(), before + 2);
  timers.advance(639ms);
  EXPECT_EQ(layer.client_count(), before + 2);
  timers.advance(1ms);  // Timer F of the CANCEL and the INVITE's give-up (9.1)
  EXPECT_EQ(layer.client_count(), before);
  EXPECT_EQ(invite_responses, (std::vector<int>{180, 408}));
  EXPECT_EQ(cancel_responses, std::vector<int>{408});
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(counters.transactions_active, 0);
}

TEST_F(TransactionLayerTest, ACancelForAnotherBranchLeavesTheInviteWaiting) {
  Message invite = request(Method::Invite, "z9hG4bKmine");
  layer.send_request(invite, test::udp_peer(), nullptr);
  layer.on_message(make_response(invite, 180, {}, "t"), test::udp_peer());
  layer.send_request(request(Method::Cancel, "z9hG4bKother"), test::udp_peer(), nullptr);
  timers.advance(config.timeout_64t1());
  EXPECT_EQ(layer.client_count(), 1u);  // only the CANCEL ended; the INVITE still rings
}

}  // namespace
}  // namespace va::sip
