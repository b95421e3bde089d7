#include "sip/digest_verifier.h"

#include <gtest/gtest.h>

#include <array>

#include "sip/digest_auth.h"
#include "sip/errc.h"

namespace va::sip {
namespace {

TEST(DigestVerifier, AcceptsTheRfc2617ExampleAuthorization) {
  const char* value =
      "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, "
      "nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", "
      "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
  auto ok = verify_digest(value, "GET", "Circle Of Life");
  ASSERT_TRUE(ok);
  EXPECT_TRUE(*ok);
  auto wrong = verify_digest(value, "GET", "circle of life");
  ASSERT_TRUE(wrong);
  EXPECT_FALSE(*wrong);
  auto other_method = verify_digest(value, "POST", "Circle Of Life");
  EXPECT_FALSE(*other_method);
}

// The client and the verifier agree for every algorithm and both qop forms.
class DigestRoundTrip : public testing::TestWithParam<std::tuple<DigestAlgorithm, bool /*qop*/>> {};

TEST_P(DigestRoundTrip, ClientResponsesVerifyOnlyWithTheRightPassword) {
  const auto [algorithm, qop] = GetParam();
  DigestChallenge ch;
  ch.realm = "voiceagent";
  ch.nonce = random_hex_nonce();
  ch.algorithm = algorithm;
  if (qop) ch.qop_options = {"auth"};
  const std::string challenge = to_header_value(ch);
  DigestClient client("100", "s3cret");
  const std::array<std::string_view, 1> values{challenge};
  ASSERT_TRUE(client.on_challenge(values));
  for (int i = 0; i < 3; ++i) {
    const auto value = client.authorization("REGISTER", "sip:voiceagent.test");
    ASSERT_TRUE(value);
    EXPECT_TRUE(*verify_digest(*value, "REGISTER", "s3cret")) << *value;
    EXPECT_FALSE(*verify_digest(*value, "REGISTER", "s3cret!")) << *value;
  }
}

// -sess without qop is refused when the challenge is parsed (no cnonce to hash).
INSTANTIATE_TEST_SUITE_P(AllAlgorithms, DigestRoundTrip,
                         testing::Values(std::tuple(DigestAlgorithm::Md5, true),
                                         std::tuple(DigestAlgorithm::Md5, false),
                                         std::tuple(DigestAlgorithm::Md5Sess, true),
                                         std::tuple(DigestAlgorithm::Sha256, true),
                                         std::tuple(DigestAlgorithm::Sha256, false),
                                         std::tuple(DigestAlgorithm::Sha256Sess, true)));

TEST(DigestVerifier, ReportsUnparsableCredentials) {
  auto r = verify_digest("Digest username=\"x\"", "REGISTER", "p");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), make_error_code(Errc::BadHeaderValue));
}

}  // namespace
}  // namespace va::sip
