// Response routing: RFC 3261 18.2.1 received, 18.2.2 destinations, RFC 3581 rport.
#include "sip/response_routing.h"

#include <gtest/gtest.h>

namespace va::sip {
namespace {

TransportAddress source(const char* ip, std::uint16_t port,
                        TransportProtocol p = TransportProtocol::Udp, std::uint64_t conn = 0) {
  return {p, boost::asio::ip::make_address(ip), port, conn};
}

Via via(std::string host, std::optional<std::uint16_t> port) {
  Via v;
  v.host = std::move(host);
  v.port = port;
  v.params.set("branch", "z9hG4bKx");
  return v;
}

TEST(ResponseRoutingTest, ReceivedIsAddedOnlyWhenTheSentByHostDiffers) {
  Via same = via("192.0.2.1", 5060);
  stamp_received(same, source("192.0.2.1", 5060));
  EXPECT_FALSE(same.params.has("received"));

  Via other = via("10.0.0.1", 5060);
  stamp_received(other, source("192.0.2.1", 5060));
  ASSERT_NE(other.params.get("received"), nullptr);
  EXPECT_EQ(*other.params.get("received"), "192.0.2.1");

  Via name = via("pc33.example.com", std::nullopt);
  stamp_received(name, source("192.0.2.1", 5060));
  EXPECT_EQ(*name.params.get("received"), "192.0.2.1");
}

TEST(ResponseRoutingTest, RportIsFilledAndTheResponseGoesToTheSourcePort) {
  Via v = via("10.0.0.1", 5060);
  v.params.set("rport");
  stamp_received(v, source("192.0.2.1", 40123));
  EXPECT_EQ(*v.params.get("rport"), "40123");
  EXPECT_EQ(*v.params.get("received"), "192.0.2.1");
  auto to = response_destination(v, source("192.0.2.1", 40123));
  ASSERT_TRUE(to);
  EXPECT_EQ(*to, source("192.0.2.1", 40123));
}

TEST(ResponseRoutingTest, RportIsStampedEvenWhenTheHostMatches) {
  Via v = via("192.0.2.1", 5060);
  v.params.set("rport");
  stamp_received(v, source("192.0.2.1", 5060));
  EXPECT_EQ(*v.params.get("received"), "192.0.2.1");  // RFC 3581 4: MUST add received
  EXPECT_EQ(*v.params.get("rport"), "5060");
}

TEST(ResponseRoutingTest, WithoutRportTheResponseGoesToReceivedAtTheSentByPort) {
  Via v = via("10.0.0.1", 5070);
  stamp_received(v, source("192.0.2.1", 40123));
  auto to = response_destination(v, source("192.0.2.1", 40123));
  ASSERT_TRUE(to);
  EXPECT_EQ(*to, source("192.0.2.1", 5070));

  Via no_port = via("192.0.2.7", std::nullopt);
  auto default_port = response_destination(no_port, source("192.0.2.7", 40000));
  ASSERT_TRUE(default_port);
  EXPECT_EQ(default_port->port, 5060);
}

TEST(ResponseRoutingTest, MaddrWinsForUnreliableTransports) {
  Via v = via("10.0.0.1", 5080);
  v.params.set("maddr", "239.255.255.1");
  auto to = response_destination(v, source("192.0.2.1", 40123));
  ASSERT_TRUE(to);
  EXPECT_EQ(*to, source("239.255.255.1", 5080));
}

TEST(ResponseRoutingTest, ReliableResponsesReuseTheConnection) {
  Via v = via("10.0.0.1", 5090);
  v.transport = "TCP";
  const auto src = source("192.0.2.1", 40123, TransportProtocol::Tcp, 42);
  stamp_received(v, src);
  auto to = response_destination(v, src);
  ASSERT_TRUE(to);
  EXPECT_EQ(to->connection_id, 42u);
  EXPECT_EQ(to->protocol, TransportProtocol::Tcp);
  EXPECT_EQ(to->address, src.address);
  EXPECT_EQ(to->port, 5090);  // for a new connection if this one is gone (18.2.2)
}

TEST(ResponseRoutingTest, Ipv6SourcesAreStampedWithoutBrackets) {
  Via v = via("::2", 5060);
  v.params.set("rport");
  stamp_received(v, source("::1", 5062));
  EXPECT_EQ(*v.params.get("received"), "::1");
  auto to = response_destination(v, source("::1", 5062));
  ASSERT_TRUE(to);
  EXPECT_EQ(*to, source("::1", 5062));
}

TEST(ResponseRoutingTest, AHostNameWithoutReceivedHasNoRoute) {
  Via v = via("pc33.example.com", 5060);
  EXPECT_FALSE(response_destination(v, source("192.0.2.1", 5060)));
}

}  // namespace
}  // namespace va::sip
