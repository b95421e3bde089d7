#include "sip/auth_params.h"

#include <gtest/gtest.h>

namespace va::sip {
namespace {

TEST(AuthParams, ReadsTokensQuotedStringsAndEscapes) {
  auto p = parse_auth_params(
      "Digest  realm=\"a \\\"b\\\\ c\",\r\n nonce=\"n,1\" ,algorithm=MD5,QOP=\"auth\"");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->scheme, "Digest");
  ASSERT_EQ(p->params.size(), 4u);
  EXPECT_EQ(p->find("realm")->value, "a \"b\\ c");
  EXPECT_TRUE(p->find("realm")->quoted);
  EXPECT_EQ(p->find("nonce")->value, "n,1");
  EXPECT_EQ(p->find("algorithm")->value, "MD5");
  EXPECT_FALSE(p->find("algorithm")->quoted);
  EXPECT_EQ(p->find("qop")->value, "auth");  // names are case-insensitive
}

TEST(AuthParams, QuotingRoundTrips) {
  std::string out = "Digest realm=";
  append_quoted(out, "x\"y\\z");
  auto p = parse_auth_params(out);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->find("realm")->value, "x\"y\\z");
}

TEST(AuthParams, RejectsMalformedLists) {
  for (const char* bad :
       {"", "   ", "Digest realm", "Digest realm=", "Digest realm=\"open",
        "Digest realm=\"a\" nonce=\"b\"", "Digest realm=a,,nonce=b", "Digest realm=a, realm=b",
        "Digest realm=\"a\x01\"", "Digest realm=a,", "Digest =a", "Digest realm=\"a\\",
        "Digest realm=\"a\\\x01\"", "Digest realm=\"a\\\n\""}) {
    EXPECT_FALSE(parse_auth_params(bad)) << bad;
  }
}

}  // namespace
}  // namespace va::sip
