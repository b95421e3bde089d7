#include "call/inbound_acl.h"

#include <gtest/gtest.h>

namespace va::call {
namespace {

boost::asio::ip::address ip(const char* s) {
  return boost::asio::ip::make_address(s);
}

TEST(InboundAcl, EmptyListAdmitsEveryone) {
  auto acl = InboundAcl::parse("").value();
  EXPECT_TRUE(acl.empty());
  EXPECT_TRUE(acl.admits(ip("203.0.113.9")));
}

TEST(InboundAcl, SingleAddressAdmitsOnlyThatAddress) {
  auto acl = InboundAcl::parse("192.0.2.10").value();
  EXPECT_TRUE(acl.admits(ip("192.0.2.10")));
  EXPECT_FALSE(acl.admits(ip("192.0.2.11")));
}

TEST(InboundAcl, CidrBlocksMatchByPrefix) {
  auto acl = InboundAcl::parse("10.0.0.0/8, 192.168.4.0/22  2001:db8::/32").value();
  EXPECT_TRUE(acl.admits(ip("10.255.1.2")));
  EXPECT_FALSE(acl.admits(ip("11.0.0.1")));
  EXPECT_TRUE(acl.admits(ip("192.168.7.255")));
  EXPECT_FALSE(acl.admits(ip("192.168.8.0")));
  EXPECT_TRUE(acl.admits(ip("2001:db8:1::5")));
  EXPECT_FALSE(acl.admits(ip("2001:db9::5")));
}

TEST(InboundAcl, Ipv4MappedSourcesMatchIpv4Entries) {
  auto acl = InboundAcl::parse("127.0.0.0/8").value();
  EXPECT_TRUE(acl.admits(ip("::ffff:127.0.0.1")));
  EXPECT_FALSE(acl.admits(ip("::1")));
}

TEST(InboundAcl, ZeroPrefixAdmitsTheWholeFamily) {
  auto acl = InboundAcl::parse("0.0.0.0/0").value();
  EXPECT_TRUE(acl.admits(ip("198.51.100.1")));
  EXPECT_FALSE(acl.admits(ip("2001:db8::1")));
}

TEST(InboundAcl, BadEntriesAreRejectedAndNamed) {
  for (const char* bad : {"300.1.1.1", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "gateway",
                          "2001:db8::/129", "10.0.0.0/8/8"}) {
    std::string entry;
    auto acl = InboundAcl::parse(std::string("127.0.0.1, ") + bad, &entry);
    EXPECT_FALSE(acl) << bad;
    EXPECT_EQ(entry, bad);
  }
}

}  // namespace
}  // namespace va::call
