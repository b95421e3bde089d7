#include "call/inbound_acl.h"

#include <gtest/gtest.h>

#include "call/call_settings.h"

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

namespace va::call {
namespace {

core::SipConfig sip_with(std::string acl, std::string trunk) {
  core::SipConfig s;
  s.inbound_acl = std::move(acl);
  s.trunk.uri = std::move(trunk);
  return s;
}

TEST(InboundAclDefault, WithATrunkAndNoListOnlyTheTrunkMayCallIn) {
  EXPECT_EQ(inbound_acl_text(sip_with("", "sip:192.0.2.10:5060;transport=udp")), "192.0.2.10");
  EXPECT_EQ(inbound_acl_text(sip_with("", "sip:localhost:5070")), "127.0.0.1");
  EXPECT_EQ(inbound_acl_text(sip_with("10.0.0.0/8", "sip:192.0.2.10")), "10.0.0.0/8");
  EXPECT_EQ(inbound_acl_text(sip_with("", "")), "");  // no trunk: anyone (warned at start)
  core::Config config;
  config.sip = sip_with("", "sip:192.0.2.10");
  const auto settings = CallSettings::from(config);
  EXPECT_TRUE(settings.inbound_acl.admits(boost::asio::ip::make_address("192.0.2.10")));
  EXPECT_FALSE(settings.inbound_acl.admits(boost::asio::ip::make_address("198.51.100.7")));
}

TEST(InboundAclDefault, ATrunkNamedByHostNameThatDoesNotResolveIsAClearStartupError) {
  auto sip = sip_with("", "sip:sip.example.net");
  sip.dns_servers = "127.0.0.1:9";  // nothing answers there: the name cannot be located
  try {
    (void)inbound_acl_text(sip);
    FAIL() << "no error";
  } catch (const core::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("'sip.example.net' does not resolve"), std::string::npos)
        << e.what();
  }
  // With an explicit ACL the name is located per request (RFC 3263), not at start.
  core::Config config;
  config.sip = sip_with("192.0.2.10", "sip:sip.example.net");
  config.sip.dns_servers = "127.0.0.1:9";
  const auto settings = CallSettings::from(config);
  EXPECT_EQ(settings.trunk_uri, "sip:sip.example.net");
  EXPECT_TRUE(settings.inbound_acl.admits(boost::asio::ip::make_address("192.0.2.10")));
}

}  // namespace
}  // namespace va::call
