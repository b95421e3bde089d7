#include "sip/digest_auth.h"

#include <gtest/gtest.h>

#include <array>

#include "sip/errc.h"

namespace va::sip {
namespace {

constexpr std::string_view kRfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
constexpr std::string_view kRfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

DigestInput rfc7616_input(DigestAlgorithm a) {
  DigestInput in;
  in.algorithm = a;
  in.username = "Mufasa";
  in.realm = "http-auth@example.org";
  in.password = "Circle of Life";
  in.method = "GET";
  in.uri = "/dir/index.html";
  in.nonce = kRfc7616Nonce;
  in.cnonce = kRfc7616Cnonce;
  in.nc = 1;
  in.qop = "auth";
  return in;
}

TEST(DigestResponse, MatchesRfc2617Section3_5) {
  DigestInput in;
  in.username = "Mufasa";
  in.realm = "testrealm@host.com";
  in.password = "Circle Of Life";
  in.method = "GET";
  in.uri = "/dir/index.html";
  in.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
  in.cnonce = "0a4f113b";
  in.nc = 1;
  in.qop = "auth";
  EXPECT_EQ(digest_response(in), "6629fae49393a05397450978507c4ef1");
}

TEST(DigestResponse, MatchesRfc7616Section3_9_1Md5) {
  EXPECT_EQ(digest_response(rfc7616_input(DigestAlgorithm::Md5)),
            "8ca523f5e9506fed4657c9700eebdbec");
}

TEST(DigestResponse, MatchesRfc7616Section3_9_1Sha256) {
  EXPECT_EQ(digest_response(rfc7616_input(DigestAlgorithm::Sha256)),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(DigestResponse, LegacyWithoutQopHashesHa1NonceHa2) {
  DigestInput in = rfc7616_input(DigestAlgorithm::Md5);
  in.qop.reset();
  const std::string ha1 =
      digest_hash_hex(DigestAlgorithm::Md5, "Mufasa:http-auth@example.org:Circle of Life");
  const std::string ha2 = digest_hash_hex(DigestAlgorithm::Md5, "GET:/dir/index.html");
  EXPECT_EQ(
      digest_response(in),
      digest_hash_hex(DigestAlgorithm::Md5, ha1 + ":" + std::string(kRfc7616Nonce) + ":" + ha2));
}

TEST(DigestResponse, SessVariantHashesNonceAndCnonceIntoHa1) {
  DigestInput in = rfc7616_input(DigestAlgorithm::Md5Sess);
  const std::string inner =
      digest_hash_hex(DigestAlgorithm::Md5, "Mufasa:http-auth@example.org:Circle of Life");
  const std::string ha1 =
      digest_hash_hex(DigestAlgorithm::Md5,
                      inner + ":" + std::string(kRfc7616Nonce) + ":" + std::string(kRfc7616Cnonce));
  const std::string ha2 = digest_hash_hex(DigestAlgorithm::Md5, "GET:/dir/index.html");
  const std::string expected = digest_hash_hex(
      DigestAlgorithm::Md5, ha1 + ":" + std::string(kRfc7616Nonce) +
                                ":00000001:" + std::string(kRfc7616Cnonce) + ":auth:" + ha2);
  EXPECT_EQ(digest_response(in), expected);
  EXPECT_NE(digest_response(in), digest_response(rfc7616_input(DigestAlgorithm::Md5)));
}

TEST(DigestNonce, RandomNoncesAre32HexDigitsAndDiffer) {
  const std::string a = random_hex_nonce();
  const std::string b = random_hex_nonce();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

std::string fixed_cnonce() {
  return std::string(kRfc7616Cnonce);
}

TEST(DigestClient, AnswersTheRfc7616ChallengeWithTheRfcResponse) {
  DigestClient client("Mufasa", "Circle of Life", &fixed_cnonce);
  EXPECT_FALSE(client.authorization("GET", "/dir/index.html"));
  const std::array<std::string_view, 2> challenges{
      "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, "
      "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
      "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"",
      "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
      "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
      "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""};
  auto retry = client.on_challenge(challenges);
  ASSERT_TRUE(retry);
  EXPECT_TRUE(*retry);
  auto value = client.authorization("GET", "/dir/index.html");
  ASSERT_TRUE(value);
  auto cred = parse_digest_credentials(*value);
  ASSERT_TRUE(cred);
  EXPECT_EQ(cred->algorithm, DigestAlgorithm::Sha256);
  EXPECT_EQ(cred->response, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  EXPECT_EQ(cred->nc, 1u);
  EXPECT_EQ(cred->qop, "auth");
  EXPECT_EQ(cred->opaque, "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
  EXPECT_EQ(cred->uri, "/dir/index.html");
}

TEST(DigestClient, CountsRequestsPerNonceAndRestartsOnANewNonce) {
  DigestClient client("alice", "secret");
  const std::array<std::string_view, 1> first{"Digest realm=\"pbx\", nonce=\"n1\", qop=\"auth\""};
  ASSERT_TRUE(client.on_challenge(first));
  std::string cnonce1;
  for (std::uint32_t i = 1; i <= 3; ++i) {
    auto cred = parse_digest_credentials(*client.authorization("REGISTER", "sip:pbx"));
    ASSERT_TRUE(cred);
    EXPECT_EQ(cred->nc, i);
    ASSERT_TRUE(cred->cnonce);
    EXPECT_EQ(cred->cnonce->size(), 32u);
    EXPECT_NE(*cred->cnonce, cnonce1);  // fresh randomness each time
    cnonce1 = *cred->cnonce;
  }
  const std::array<std::string_view, 1> stale{
      "Digest realm=\"pbx\", nonce=\"n2\", qop=\"auth\", stale=true"};
  auto retry = client.on_challenge(stale);
  ASSERT_TRUE(retry);
  EXPECT_TRUE(*retry);
  auto cred = parse_digest_credentials(*client.authorization("REGISTER", "sip:pbx"));
  EXPECT_EQ(cred->nonce, "n2");
  EXPECT_EQ(cred->nc, 1u);
}

TEST(DigestClient, GivesUpWhenChallengedAgainWithoutStale) {
  DigestClient client("alice", "wrong");
  const std::array<std::string_view, 1> challenge{"Digest realm=\"pbx\", nonce=\"n1\""};
  ASSERT_TRUE(*client.on_challenge(challenge));
  ASSERT_TRUE(client.authorization("INVITE", "sip:bob@pbx"));
  const std::array<std::string_view, 1> again{"Digest realm=\"pbx\", nonce=\"n3\""};
  auto retry = client.on_challenge(again);
  ASSERT_TRUE(retry);
  EXPECT_FALSE(*retry);
  client.reset();
  EXPECT_FALSE(client.authorization("INVITE", "sip:bob@pbx"));
  EXPECT_TRUE(*client.on_challenge(again));
}

TEST(DigestClient, LegacyChallengeGetsNoQopCnonceOrNc) {
  DigestClient client("alice", "secret");
  const std::array<std::string_view, 1> challenge{
      "Digest realm=\"pbx\", nonce=\"n1\", opaque=\"o\""};
  ASSERT_TRUE(client.on_challenge(challenge));
  const std::string value = *client.authorization("REGISTER", "sip:pbx");
  auto cred = parse_digest_credentials(value);
  ASSERT_TRUE(cred);
  EXPECT_FALSE(cred->qop);
  EXPECT_FALSE(cred->cnonce);
  EXPECT_FALSE(cred->nc);
  EXPECT_EQ(cred->opaque, "o");
  EXPECT_EQ(cred->algorithm, DigestAlgorithm::Md5);
}

TEST(DigestClient, PassesChallengeErrorsThrough) {
  DigestClient client("alice", "secret");
  const std::array<std::string_view, 1> basic{"Basic realm=\"x\""};
  auto r = client.on_challenge(basic);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), make_error_code(Errc::UnsupportedAuth));
  const std::array<std::string_view, 1> broken{"Digest realm=\"x"};
  EXPECT_EQ(client.on_challenge(broken).error(), make_error_code(Errc::BadAuthChallenge));
  EXPECT_FALSE(client.challenge());
}

}  // namespace
}  // namespace va::sip
