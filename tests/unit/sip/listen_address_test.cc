// ListenAddress: sip.listen values.
#include "sip/listen_address.h"

#include <gtest/gtest.h>

namespace va::sip {
namespace {

TEST(ListenAddressTest, ParsesIpv4Ipv6AndPortZero) {
  auto v4 = parse_listen_address("0.0.0.0:5060");
  ASSERT_TRUE(v4);
  EXPECT_TRUE(v4->address.is_v4());
  EXPECT_EQ(v4->port, 5060);
  auto v6 = parse_listen_address("[::1]:5070");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->address, boost::asio::ip::make_address("::1"));
  EXPECT_EQ(v6->port, 5070);
  auto any = parse_listen_address("127.0.0.1:0");
  ASSERT_TRUE(any);
  EXPECT_EQ(any->port, 0);
}

TEST(ListenAddressTest, RejectsNamesMissingPortsAndBadBrackets) {
  for (const char* bad : {"localhost:5060", "127.0.0.1", "::1:5060", "[::1]5060", "[::1:5060",
                          "127.0.0.1:65536", "127.0.0.1:x", "127.0.0.1:"}) {
    EXPECT_FALSE(parse_listen_address(bad)) << bad;
  }
}

}  // namespace
}  // namespace va::sip
