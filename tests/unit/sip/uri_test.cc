// URI grammar tests (RFC 3261 19.1, RFC 3966): build -> serialize -> parse, then damage a byte.
#include "sip/uri.h"

#include <gtest/gtest.h>

#include "sip/errc.h"

namespace va::sip {
namespace {

Uri sample() {
  Uri u;
  u.scheme = "sip";
  u.user = "alice smith;x";
  u.password = "p@ss";
  u.host = "example.com";
  u.port = 5070;
  u.params.set("transport", "tcp");
  u.params.set("lr");
  u.headers.set("Subject", "hi there&more");
  return u;
}

TEST(Uri, BuildSerializeParseRoundTrips) {
  const Uri u = sample();
  const std::string text = u.to_string();
  EXPECT_EQ(
      text,
      "sip:alice%20smith;x:p%40ss@example.com:5070;transport=tcp;lr?Subject=hi%20there%26more");
  auto back = parse_uri(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, u);
  EXPECT_EQ(back->to_string(), text);
}

TEST(Uri, DamagedPortIsRejected) {
  std::string text = sample().to_string();
  text[text.find("5070")] = 'x';
  auto r = parse_uri(text);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), make_error_code(Errc::BadUri));
}

TEST(Uri, BadEscapeIsRejected) {
  EXPECT_FALSE(parse_uri("sip:al%2@example.com"));
  EXPECT_FALSE(parse_uri("sip:al%zz@example.com"));
  EXPECT_FALSE(parse_uri("sip:al%"));
}

TEST(Uri, SchemeAndHostAreLowerCasedUserIsNot) {
  auto r = parse_uri("SIPS:Bob@EXAMPLE.Com");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->scheme, "sips");
  EXPECT_EQ(r->user, "Bob");
  EXPECT_EQ(r->host, "example.com");
  EXPECT_TRUE(r->is_sip());
}

TEST(Uri, Ipv6ReferenceKeepsHostWithoutBrackets) {
  auto r = parse_uri("sip:[2001:db8::1]:5060;transport=udp");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->host, "2001:db8::1");
  EXPECT_EQ(r->port, 5060);
  EXPECT_TRUE(r->is_ipv6_host());
  EXPECT_EQ(r->host_port(), "[2001:db8::1]:5060");
  EXPECT_EQ(r->to_string(), "sip:[2001:db8::1]:5060;transport=udp");
}

TEST(Uri, MalformedHostsAndPortsAreRejected) {
  for (const char* bad : {"sip:[2001:db8::1", "sip:[zz::1]",   "sip:host:65536",
                          "sip:host:",        "sip:-host.com", "sip:host..com",
                          "sip:1.2.3",        "sip:1.2.3.256", "sip:",
                          "sip:user@",        "sip:@host",     "sip:ho st",
                          "sip:host;",        "sip:host;;lr",  "sip:host?",
                          "sip:host?a",       "nocolon",       ":x",
                          "1sip:host",        "sip:host;a=",   "tel:",
                          "tel:12;;x",        "mailto:"}) {
    EXPECT_FALSE(parse_uri(bad)) << bad;
  }
}

TEST(Uri, TelUriKeepsTheNumberAndParams) {
  auto r = parse_uri("tel:+1-201-555-0123;phone-context=example.com");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->scheme, "tel");
  EXPECT_EQ(r->opaque, "+1-201-555-0123");
  EXPECT_EQ(*r->params.get("phone-context"), "example.com");
  EXPECT_EQ(r->to_string(), "tel:+1-201-555-0123;phone-context=example.com");
}

TEST(Uri, OtherSchemesAreOpaque) {
  auto r = parse_uri("http://www.example.com/a?b=c");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->scheme, "http");
  EXPECT_EQ(r->opaque, "//www.example.com/a?b=c");
  EXPECT_FALSE(r->is_sip());
  EXPECT_EQ(r->to_string(), "http://www.example.com/a?b=c");
  EXPECT_FALSE(parse_uri("http://exa mple.com"));
}

TEST(Uri, EscapesAreDecodedOnceAndReEncodedWhereNeeded) {
  auto r = parse_uri("sip:%61lice@h;n%61me=v%25%34%31");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->user, "alice");
  EXPECT_EQ(*r->params.get("name"), "v%41");
  EXPECT_EQ(r->to_string(), "sip:alice@h;name=v%2541");
}

TEST(Uri, FlagParamHasEmptyValue) {
  auto r = parse_uri("sip:h;lr;transport=TCP");
  ASSERT_TRUE(r);
  ASSERT_NE(r->params.get("LR"), nullptr);
  EXPECT_EQ(*r->params.get("lr"), "");
  EXPECT_EQ(*r->params.get("Transport"), "TCP");
}

TEST(UriEquivalent, FollowsSection19_1_4) {
  auto eq = [](const char* a, const char* b) {
    return uri_equivalent(*parse_uri(a), *parse_uri(b));
  };
  // RFC 3261 19.1.4 examples of equivalent URIs.
  EXPECT_TRUE(eq("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"));
  EXPECT_TRUE(eq("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"));
  EXPECT_TRUE(eq("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5"));
  EXPECT_TRUE(eq("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                 "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"));
  // ... and of URIs that are not.
  EXPECT_FALSE(eq("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"));
  EXPECT_FALSE(eq("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
  EXPECT_FALSE(eq("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"));
  EXPECT_FALSE(eq("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"));
  EXPECT_FALSE(eq("sips:carol@chicago.com", "sip:carol@chicago.com"));
  // Repeated header components count as a multiset (a fuzz crasher: a URI unequal to itself).
  EXPECT_TRUE(eq("sip:h?a=1&a=2", "sip:h?a=1&a=2"));
  EXPECT_TRUE(eq("sip:h?a=1&a=2", "sip:h?a=2&A=1"));
  EXPECT_FALSE(eq("sip:h?a=1&a=1", "sip:h?a=1&a=2"));
}

TEST(HostPort, ParsesHostnamesIpv4AndIpv6) {
  std::string host;
  std::optional<std::uint16_t> port;
  EXPECT_EQ(parse_host_port("Example.COM:5061", host, port), Errc::Ok);
  EXPECT_EQ(host, "example.com");
  EXPECT_EQ(port, 5061);
  EXPECT_EQ(parse_host_port("192.0.2.1", host, port), Errc::Ok);
  EXPECT_FALSE(port);
  EXPECT_EQ(parse_host_port("[::1]:0", host, port), Errc::Ok);
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 0);
  EXPECT_EQ(parse_host_port("[::1]x", host, port), Errc::BadHost);
  EXPECT_EQ(parse_host_port("host:99999", host, port), Errc::BadPort);
  EXPECT_EQ(parse_host_port("host:-1", host, port), Errc::BadPort);
  EXPECT_EQ(parse_host_port("", host, port), Errc::BadHost);
}

}  // namespace
}  // namespace va::sip
