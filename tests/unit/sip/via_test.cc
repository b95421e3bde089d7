// Via header tests (RFC 3261 20.42, 18.2.1; RFC 3581): build -> serialize -> parse, then damage.
#include "sip/via.h"

#include <gtest/gtest.h>

#include "sip/errc.h"

namespace va::sip {
namespace {

Via sample() {
  Via v;
  v.transport = "TCP";
  v.host = "pc33.example.com";
  v.port = 5060;
  v.params.set("branch", "z9hG4bK776asdhds");
  v.params.set("rport");
  v.params.set("received", "192.0.2.1");
  return v;
}

TEST(Via, BuildSerializeParseRoundTrips) {
  const Via v = sample();
  const std::string text = v.to_string();
  EXPECT_EQ(text,
            "SIP/2.0/TCP pc33.example.com:5060;branch=z9hG4bK776asdhds;rport;received=192.0.2.1");
  auto back = parse_via(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, v);
  EXPECT_EQ(back->branch(), "z9hG4bK776asdhds");
  EXPECT_TRUE(back->rfc3261_branch());
}

TEST(Via, DamagedByteGivesBadVia) {
  const std::string text = sample().to_string();
  for (char bad : {';', ' ', '"', '\0'}) {
    std::string damaged = text;
    damaged[text.find("TCP") - 1] = bad;  // the '/' before the transport
    auto r = parse_via(damaged);
    ASSERT_FALSE(r) << damaged;
    EXPECT_EQ(r.error(), make_error_code(Errc::BadVia));
  }
  std::string damaged = text;
  damaged[text.find("192.0.2.1")] = 'x';  // received must be an address
  EXPECT_FALSE(parse_via(damaged));
}

TEST(Via, RportWithAndWithoutValue) {
  auto flag = parse_via("SIP/2.0/UDP 10.0.0.1;rport;branch=z9hG4bKa");
  ASSERT_TRUE(flag);
  ASSERT_NE(flag->params.get("rport"), nullptr);
  EXPECT_EQ(*flag->params.get("rport"), "");
  EXPECT_EQ(flag->to_string(), "SIP/2.0/UDP 10.0.0.1;rport;branch=z9hG4bKa");
  auto valued = parse_via("SIP/2.0/UDP 10.0.0.1;rport=5062;received=192.0.2.9;branch=z9hG4bKa");
  ASSERT_TRUE(valued);
  EXPECT_EQ(*valued->params.get("rport"), "5062");
  EXPECT_EQ(*valued->params.get("received"), "192.0.2.9");
  EXPECT_FALSE(parse_via("SIP/2.0/UDP 10.0.0.1;rport=70000"));
  EXPECT_FALSE(parse_via("SIP/2.0/UDP 10.0.0.1;rport=x"));
}

TEST(Via, MaddrTtlAndReceivedAreValidated) {
  EXPECT_TRUE(parse_via("SIP/2.0/UDP h;maddr=224.2.0.1;ttl=16;branch=z9hG4bKx"));
  EXPECT_TRUE(parse_via("SIP/2.0/UDP h;received=2001:db8::9;branch=z9hG4bKx"));
  EXPECT_TRUE(parse_via("SIP/2.0/UDP h;received=[2001:db8::9];branch=z9hG4bKx"));
  EXPECT_FALSE(parse_via("SIP/2.0/UDP h;ttl=256"));
  EXPECT_FALSE(parse_via("SIP/2.0/UDP h;maddr=bad..host"));
  EXPECT_FALSE(parse_via("SIP/2.0/UDP h;received=example.com"));
  EXPECT_FALSE(parse_via("SIP/2.0/UDP h;received"));  // fuzz crasher: a flag has no address
  EXPECT_FALSE(parse_via("SIP/2.0/UDP h;received="));
  EXPECT_FALSE(parse_via("SIP/2.0/UDP h;branch"));
}

TEST(Via, Ipv6SentByIsBracketedOnOutput) {
  auto r = parse_via("SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bK1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->host, "2001:db8::1");
  EXPECT_EQ(r->port, 5070);
  EXPECT_EQ(r->to_string(), "SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bK1");
}

TEST(Via, LwsAroundSlashesAndParamsIsAccepted) {
  auto r = parse_via("sip / 2.0 / udp  host.example.com ; branch = z9hG4bK1 ;rport");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->protocol, "SIP/2.0");
  EXPECT_EQ(r->transport, "UDP");
  EXPECT_EQ(r->branch(), "z9hG4bK1");
  EXPECT_TRUE(r->params.has("rport"));
}

TEST(Via, ListSplitsCommaJoinedValuesAndRejectsEmptyOnes) {
  auto r = parse_via_list("SIP/2.0/UDP a;branch=z9hG4bK1 , SIP/2.0/TCP b:5061;branch=z9hG4bK2");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[1].host, "b");
  EXPECT_EQ((*r)[1].port, 5061);
  EXPECT_FALSE(parse_via_list("SIP/2.0/UDP a;branch=z9hG4bK1,,SIP/2.0/UDP b"));
  EXPECT_FALSE(parse_via_list("SIP/2.0/UDP 192.0.2.15;;,;,,"));  // RFC 4475 badinv01
}

TEST(Via, MissingPartsAreRejected) {
  for (const char* bad : {"", "SIP/2.0", "SIP/2.0/UDP", "SIP/2.0/UDP ", "SIP/2.0UDP h",
                          "SIP//UDP h", "SIP/2.0/UDPh", "SIP/2.0/UDP h:port", "SIP/2.0/UDP h;"}) {
    EXPECT_FALSE(parse_via(bad)) << bad;
  }
}

}  // namespace
}  // namespace va::sip
