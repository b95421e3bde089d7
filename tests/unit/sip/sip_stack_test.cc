// SipStack end to end on loopback: transport thread -> Call-ID shard -> transactions -> UA
// core -> socket, with the counters the integration tests rely on.
#include "sip/sip_stack.h"

#include <gtest/gtest.h>

#include "unit/sip/socket_test_support.h"

namespace va::sip {
namespace {

using test::request_text;

class SipStackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SipStackConfig config;
    config.transport.listen = "127.0.0.1:0";
    shards.start();
    stack = std::make_unique<SipStack>(shards, config);
    ASSERT_FALSE(stack->start());
    port = stack->transport().udp_endpoint().port();
    client.open(boost::asio::ip::udp::v4());
    client.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
  }
  void TearDown() override {
    stack->stop();
    shards.stop();
  }
  void send(std::string_view data) {
    client.send_to(boost::asio::buffer(data.data(), data.size()),
                   {boost::asio::ip::make_address("127.0.0.1"), port});
  }
  std::string reply() { return test::receive(client).value_or("<nothing>"); }
  std::string request(std::string_view method, std::string_view branch, std::string_view id) {
    return request_text(method, branch, id, "UDP", "127.0.0.1", client.local_endpoint().port());
  }

  core::ShardPool shards{2};
  std::unique_ptr<SipStack> stack;
  boost::asio::io_context io;
  boost::asio::ip::udp::socket client{io};
  std::uint16_t port = 0;
};

TEST_F(SipStackTest, OptionsIsAnswered200WithAllow) {
  send(request("OPTIONS", "z9hG4bKs1", "s1@test"));
  const std::string r = reply();
  EXPECT_TRUE(r.starts_with("SIP/2.0 200 OK\r\n")) << r;
  EXPECT_NE(r.find("Allow: INVITE, ACK, CANCEL, BYE, OPTIONS"), std::string::npos) << r;
  EXPECT_NE(r.find("Accept: application/sdp"), std::string::npos) << r;
}

TEST_F(SipStackTest, RetransmittedInviteGetsTheSame480FromOneTransaction) {
  send(request("INVITE", "z9hG4bKs2", "s2@test"));
  const std::string first = reply();
  EXPECT_TRUE(first.starts_with("SIP/2.0 480 Temporarily Unavailable\r\n")) << first;
  send(request("INVITE", "z9hG4bKs2", "s2@test"));
  const std::string second = reply();
  EXPECT_EQ(first, second);  // the same response, To tag included
  std::string ack = request("ACK", "z9hG4bKs2", "s2@test");
  send(ack);
  // Every message is on the same shard (one Call-ID), so OPTIONS after the ACK proves the
  // ACK was handled before we read the counters.
  send(request("OPTIONS", "z9hG4bKs3", "s2@test"));
  EXPECT_TRUE(reply().starts_with("SIP/2.0 200 OK"));
  const auto& c = stack->counters();
  EXPECT_EQ(c.server_transactions, 2u);
  EXPECT_EQ(c.retransmissions_absorbed, 1u);
  EXPECT_EQ(c.stray_acks, 0u);
  EXPECT_EQ(c.messages_in, 4u);
}

TEST_F(SipStackTest, MalformedInputBetweenRequestsTouchesNoTransaction) {
  send(request("INVITE", "z9hG4bKs4", "s4@test"));
  EXPECT_TRUE(reply().starts_with("SIP/2.0 480"));
  send("INVITE garbage\r\n\r\n");
  std::string bad_cseq = request("OPTIONS", "z9hG4bKs5", "s4@test");
  bad_cseq.replace(bad_cseq.find("CSeq: 1 OPTIONS"), 15, "CSeq: x OPTIONS");
  send(bad_cseq);
  const std::string r = reply();
  EXPECT_TRUE(r.starts_with("SIP/2.0 400 Bad CSeq header\r\n")) << r;
  send(request("INVITE", "z9hG4bKs4", "s4@test"));  // still absorbed by the first transaction
  EXPECT_TRUE(reply().starts_with("SIP/2.0 480"));
  EXPECT_EQ(stack->counters().server_transactions, 1u);
  EXPECT_EQ(stack->counters().parse_errors, 2u);
}

TEST_F(SipStackTest, StopDropsEveryTransaction) {
  send(request("INVITE", "z9hG4bKs6", "s6@test"));
  EXPECT_TRUE(reply().starts_with("SIP/2.0 480"));
  EXPECT_EQ(stack->counters().transactions_active, 1);
  stack->stop();
  EXPECT_EQ(stack->counters().transactions_active, 0);
}

}  // namespace
}  // namespace va::sip
