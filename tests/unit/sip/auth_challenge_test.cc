#include "sip/auth_challenge.h"

#include <gtest/gtest.h>

#include <array>

#include "sip/errc.h"

namespace va::sip {
namespace {

TEST(DigestChallenge, ParsesTheRfc7616Sha256Challenge) {
  auto c = parse_digest_challenge(
      "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
      "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
      "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
  ASSERT_TRUE(c) << c.error().value();
  EXPECT_EQ(c->realm, "http-auth@example.org");
  EXPECT_EQ(c->algorithm, DigestAlgorithm::Sha256);
  EXPECT_EQ(c->qop_options, (std::vector<std::string>{"auth", "auth-int"}));
  EXPECT_TRUE(c->offers_qop_auth());
  EXPECT_EQ(c->opaque, "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
  EXPECT_FALSE(c->stale);
}

TEST(DigestChallenge, DefaultsToMd5WithoutQopAndReadsStale) {
  auto c = parse_digest_challenge("digest realm=\"asterisk\",nonce=\"1a2b\",stale=TRUE");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->algorithm, DigestAlgorithm::Md5);
  EXPECT_TRUE(c->qop_options.empty());
  EXPECT_TRUE(c->stale);
}

TEST(DigestChallenge, SerializedChallengeParsesBack) {
  DigestChallenge c;
  c.realm = "pbx \"test\"";
  c.nonce = "abc";
  c.opaque = "op";
  c.domain = "sip:pbx.example.com";
  c.algorithm = DigestAlgorithm::Sha256Sess;
  c.qop_options = {"auth"};
  c.stale = true;
  auto back = parse_digest_challenge(to_header_value(c));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->realm, c.realm);
  EXPECT_EQ(back->nonce, c.nonce);
  EXPECT_EQ(back->opaque, c.opaque);
  EXPECT_EQ(back->domain, c.domain);
  EXPECT_EQ(back->algorithm, c.algorithm);
  EXPECT_EQ(back->qop_options, c.qop_options);
  EXPECT_TRUE(back->stale);
}

TEST(DigestChallenge, RejectsMalformedOrUnsupportedChallenges) {
  struct Case {
    const char* value;
    Errc expected;
  };
  for (const Case& c : {
           Case{"", Errc::BadAuthChallenge},
           Case{"Digest nonce=\"x\"", Errc::BadAuthChallenge},
           Case{"Digest realm=\"x\"", Errc::BadAuthChallenge},
           Case{"Digest realm=\"x\", nonce=\"y", Errc::BadAuthChallenge},
           Case{"Digest realm=\"x\", nonce=\"y\", qop=\"\"", Errc::BadAuthChallenge},
           Case{"Basic realm=\"x\"", Errc::UnsupportedAuth},
           Case{"Digest realm=\"x\", nonce=\"y\", algorithm=SHA-512-256", Errc::UnsupportedAuth},
           Case{"Digest realm=\"x\", nonce=\"y\", algorithm=AKAv1-MD5", Errc::UnsupportedAuth},
           Case{"Digest realm=\"x\", nonce=\"y\", qop=\"auth-int\"", Errc::UnsupportedAuth},
           Case{"Digest realm=\"x\", nonce=\"y\", algorithm=MD5-sess", Errc::UnsupportedAuth},
       }) {
    auto r = parse_digest_challenge(c.value);
    ASSERT_FALSE(r) << c.value;
    EXPECT_EQ(r.error(), make_error_code(c.expected)) << c.value;
  }
}

TEST(DigestChallenge, SelectionPrefersSha256OverMd5) {
  const std::array<std::string_view, 3> values{
      "Digest realm=\"r\", nonce=\"md5\", algorithm=MD5, qop=\"auth\"",
      "Digest realm=\"r\", nonce=\"bad",
      "Digest realm=\"r\", nonce=\"sha\", algorithm=SHA-256, qop=\"auth\""};
  auto c = select_digest_challenge(values);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->nonce, "sha");
}

TEST(DigestChallenge, SelectionReportsTheErrorWhenNothingIsUsable) {
  const std::array<std::string_view, 2> values{"Basic realm=\"r\"",
                                               "Digest realm=\"r\", nonce=\"x\", qop=\"auth-int\""};
  auto c = select_digest_challenge(values);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), make_error_code(Errc::UnsupportedAuth));
  EXPECT_FALSE(select_digest_challenge(std::span<const std::string_view>{}));
}

TEST(DigestCredentials, SerializedCredentialsParseBack) {
  DigestCredentials c;
  c.username = "Mufasa";
  c.realm = "testrealm@host.com";
  c.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
  c.uri = "sip:alice@example.com;transport=udp";
  c.response = "6629fae49393a05397450978507c4ef1";
  c.algorithm = DigestAlgorithm::Md5;
  c.cnonce = "0a4f113b";
  c.opaque = "5ccc069c403ebaf9f0171e9517f40e41";
  c.qop = "auth";
  c.nc = 0x1f;
  const std::string text = to_header_value(c);
  EXPECT_NE(text.find("nc=0000001f"), std::string::npos);
  auto back = parse_digest_credentials(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->username, c.username);
  EXPECT_EQ(back->uri, c.uri);
  EXPECT_EQ(back->response, c.response);
  EXPECT_EQ(back->cnonce, c.cnonce);
  EXPECT_EQ(back->opaque, c.opaque);
  EXPECT_EQ(back->qop, c.qop);
  EXPECT_EQ(back->nc, c.nc);
}

TEST(DigestCredentials, RejectsIncompleteCredentials) {
  const std::string base = "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:x\"";
  EXPECT_EQ(parse_digest_credentials(base).error(), make_error_code(Errc::BadHeaderValue));
  EXPECT_EQ(parse_digest_credentials(base + ", response=\"0\", qop=auth").error(),
            make_error_code(Errc::BadHeaderValue));
  EXPECT_EQ(
      parse_digest_credentials(base + ", response=\"0\", qop=auth, cnonce=\"c\", nc=1").error(),
      make_error_code(Errc::BadHeaderValue));
  EXPECT_EQ(parse_digest_credentials(base + ", response=\"0\", qop=auth, cnonce=\"c\", "
                                            "nc=0000000g")
                .error(),
            make_error_code(Errc::BadHeaderValue));
  EXPECT_EQ(parse_digest_credentials(base + ", response=\"0\", qop=auth-int, cnonce=\"c\", "
                                            "nc=00000001")
                .error(),
            make_error_code(Errc::UnsupportedAuth));
  EXPECT_TRUE(parse_digest_credentials(base + ", response=\"0\""));
}

}  // namespace
}  // namespace va::sip
