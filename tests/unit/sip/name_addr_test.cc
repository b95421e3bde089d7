// name-addr / addr-spec tests (RFC 3261 20.10, 20.20, 20.39, 25.1).
#include "sip/name_addr.h"

#include <gtest/gtest.h>

#include "sip/errc.h"

namespace va::sip {
namespace {

NameAddr sample() {
  NameAddr na;
  na.display_name = "Alice \"Al\" \\ Smith";
  na.uri = *parse_uri("sip:alice@atlanta.example.com;transport=tcp");
  na.params.set("tag", "1928301774");
  na.params.set("q", "0.7");
  return na;
}

TEST(NameAddr, BuildSerializeParseRoundTrips) {
  const NameAddr na = sample();
  const std::string text = na.to_string();
  EXPECT_EQ(text,
            "\"Alice \\\"Al\\\" \\\\ Smith\" <sip:alice@atlanta.example.com;transport=tcp>"
            ";tag=1928301774;q=0.7");
  auto back = parse_name_addr(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, na);
  ASSERT_NE(back->tag(), nullptr);
  EXPECT_EQ(*back->tag(), "1928301774");
}

TEST(NameAddr, DamagedBytesGiveSpecificErrors) {
  const std::string text = sample().to_string();
  std::string unterminated = text;
  unterminated[text.rfind('"')] = 'x';  // the closing quote of the display name
  auto r = parse_name_addr(unterminated);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), make_error_code(Errc::BadQuotedString));

  std::string no_gt = text;
  no_gt[text.find('>')] = ' ';
  EXPECT_FALSE(parse_name_addr(no_gt));

  std::string bad_param = text;
  bad_param[text.find(";tag") + 1] = ';';  // ";;ag=": an empty parameter name
  r = parse_name_addr(bad_param);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), make_error_code(Errc::BadParam));
}

TEST(NameAddr, AddrSpecParamsBelongToTheHeader) {
  auto r = parse_name_addr("sip:bob@biloxi.example.com;tag=a6c85cf");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->display_name.empty());
  EXPECT_TRUE(r->uri.params.empty());
  EXPECT_EQ(*r->tag(), "a6c85cf");
  EXPECT_EQ(r->to_string(), "<sip:bob@biloxi.example.com>;tag=a6c85cf");
}

TEST(NameAddr, AddrSpecWithHeadersOrCommaIsRejected) {
  EXPECT_FALSE(parse_name_addr("sip:user@example.com?Route=%3Csip:x%3E"));
  EXPECT_FALSE(parse_name_addr("sip:a,b@example.com"));
  EXPECT_TRUE(parse_name_addr("<sip:user@example.com?Route=%3Csip:x%3E>"));
}

TEST(NameAddr, TokenDisplayNameWithAndWithoutSpace) {
  auto a = parse_name_addr("Bob <sip:bob@h>");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->display_name, "Bob");
  auto b = parse_name_addr("Bob Jr<sip:bob@h>");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->display_name, "Bob Jr");
  EXPECT_FALSE(parse_name_addr("Bob, Jr <sip:bob@h>"));
  EXPECT_FALSE(parse_name_addr("< sip:bob@h >"));
}

TEST(NameAddr, QuotedParamValuesAreKeptWithTheirQuotes) {
  auto r =
      parse_name_addr("<sip:h>;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r->params.get("+sip.instance"), "\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"");
}

TEST(NameAddr, ListSplitsOnlyAtTopLevelCommas) {
  auto r = parse_name_addr_list("\"Doe, John\" <sip:a@h;x=1>, <sip:b@h>;expires=60, sip:c@h;q=0.1");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].display_name, "Doe, John");
  EXPECT_EQ(*(*r)[1].params.get("expires"), "60");
  EXPECT_EQ((*r)[2].uri.user, "c");
  EXPECT_FALSE(parse_name_addr_list("<sip:a@h>,,<sip:b@h>"));
  EXPECT_FALSE(parse_name_addr_list(""));
}

TEST(NameAddr, ControlCharactersInDisplayNameAreEscaped) {
  NameAddr na;
  na.display_name = std::string("a\0b\x7F", 4);
  na.uri = *parse_uri("sip:h");
  auto back = parse_name_addr(na.to_string());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->display_name, na.display_name);
}

}  // namespace
}  // namespace va::sip
