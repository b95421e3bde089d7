// a=crypto (RFC 4568) parsing, formatting, redaction, and SRTP offer/answer (RTP/SAVP).
#include "sip/sdp/sdp_crypto.h"

#include <gtest/gtest.h>

#include "sip/sdp/errc.h"
#include "sip/sdp/offer_answer.h"
#include "sip/sdp/parser.h"
#include "sip/sdp/serializer.h"

namespace va::sdp {
namespace {

// RFC 4568 section 9's example key.
constexpr std::string_view kKey = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

CryptoKeySalt key_of(std::uint8_t fill) {
  CryptoKeySalt k;
  k.fill(fill);
  return k;
}

TEST(SdpCrypto, ParsesBothSuitesAndRoundTrips) {
  auto c = parse_crypto("1 AES_CM_128_HMAC_SHA1_80 inline:" + std::string(kKey));
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->tag, 1u);
  EXPECT_EQ(c->suite, CryptoSuite::AesCm128HmacSha1_80);
  EXPECT_EQ(c->key_salt[0], 'Y');  // "WVNf" is base64 of "YS_"
  EXPECT_EQ(format_crypto(*c), "1 AES_CM_128_HMAC_SHA1_80 inline:" + std::string(kKey));
  for (std::uint8_t fill : {0x00, 0xff, 0x5a}) {
    const CryptoAttribute a{77, CryptoSuite::AesCm128HmacSha1_32, key_of(fill)};
    auto back = parse_crypto(format_crypto(a));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, a);
  }
}

TEST(SdpCrypto, AcceptsLongLifetimes) {
  const std::string base = "2 AES_CM_128_HMAC_SHA1_32 inline:" + std::string(kKey);
  EXPECT_TRUE(parse_crypto(base + "|2^31"));
  EXPECT_TRUE(parse_crypto(base + "|2^48"));
  EXPECT_TRUE(parse_crypto(base + "|4294967296"));
}

TEST(SdpCrypto, RefusesWhatWeDoNotSupportWithItsReason) {
  const std::string key = "inline:" + std::string(kKey);
  const std::pair<std::string, Errc> cases[] = {
      {"", Errc::BadCrypto},
      {"1 AES_CM_128_HMAC_SHA1_80", Errc::BadCrypto},
      {"x AES_CM_128_HMAC_SHA1_80 " + key, Errc::BadCrypto},
      {"1234567890 AES_CM_128_HMAC_SHA1_80 " + key, Errc::BadCrypto},
      {"1 AES_256_CM_HMAC_SHA1_80 " + key, Errc::CryptoSuiteUnsupported},
      {"1 F8_128_HMAC_SHA1_80 " + key, Errc::CryptoSuiteUnsupported},
      {"1 AES_CM_128_HMAC_SHA1_80 notinline:" + std::string(kKey), Errc::BadCrypto},
      {"1 AES_CM_128_HMAC_SHA1_80 inline:", Errc::CryptoBadKey},
      {"1 AES_CM_128_HMAC_SHA1_80 inline:" + std::string(kKey.substr(1)), Errc::CryptoBadKey},
      {"1 AES_CM_128_HMAC_SHA1_80 inline:" + std::string(kKey) + "AAAA", Errc::CryptoBadKey},
      {"1 AES_CM_128_HMAC_SHA1_80 inline:!VNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz",
       Errc::CryptoBadKey},
      {"1 AES_CM_128_HMAC_SHA1_80 " + key + "|2^20", Errc::CryptoLifetimeTooShort},
      {"1 AES_CM_128_HMAC_SHA1_80 " + key + "|1000", Errc::CryptoLifetimeTooShort},
      {"1 AES_CM_128_HMAC_SHA1_80 " + key + "|2^x", Errc::BadCrypto},
      {"1 AES_CM_128_HMAC_SHA1_80 " + key + "|1:4", Errc::CryptoMkiUnsupported},
      {"1 AES_CM_128_HMAC_SHA1_80 " + key + "|2^31|1:4", Errc::CryptoMkiUnsupported},
      {"1 AES_CM_128_HMAC_SHA1_80 " + key + "|2^31|junk", Errc::BadCrypto},
      {"1 AES_CM_128_HMAC_SHA1_80 " + key + ";" + key, Errc::CryptoMkiUnsupported},
      {"1 AES_CM_128_HMAC_SHA1_80 " + key + " KDR=1", Errc::CryptoSessionParams},
      {"1 AES_CM_128_HMAC_SHA1_80 " + key + " UNENCRYPTED_SRTP", Errc::CryptoSessionParams},
  };
  for (const auto& [text, want] : cases) {
    auto c = parse_crypto(text);
    ASSERT_FALSE(c) << text;
    EXPECT_EQ(c.error(), make_error_code(want)) << text << ": " << c.error().message();
  }
}

TEST(SdpCrypto, RedactsEveryInlineKeyAndNothingElse) {
  const std::string msg =
      "INVITE sip:a@b SIP/2.0\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n"
      "m=audio 4000 RTP/SAVP 0\r\n"
      "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" +
      std::string(kKey) +
      "|2^31\r\na=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + std::string(kKey) +
      "\r\na=sendrecv\r\n";
  const std::string out = redact_crypto_keys(msg);
  EXPECT_EQ(out.find(kKey), std::string::npos);
  EXPECT_NE(out.find("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:<redacted>|2^31\r\n"),
            std::string::npos);
  EXPECT_NE(out.find("a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:<redacted>\r\na=sendrecv\r\n"),
            std::string::npos);
  EXPECT_EQ(redact_crypto_keys("no keys here"), "no keys here");
  EXPECT_EQ(redact_crypto_keys("ends inline:abc"), "ends inline:<redacted>");
}

LocalMedia srtp_local(bool required) {
  LocalMedia l;
  l.address = "192.0.2.10";
  l.port = 20000;
  l.codecs = {pcmu(), telephone_event(101)};
  l.crypto = {{1, CryptoSuite::AesCm128HmacSha1_80, key_of(0x11)},
              {2, CryptoSuite::AesCm128HmacSha1_32, key_of(0x22)}};
  l.srtp_required = required;
  return l;
}

SessionDescription parse_ok(std::string_view text) {
  auto r = parse(text);
  EXPECT_TRUE(r) << r.error().message();
  return r ? *r : SessionDescription{};
}

std::string offer_text(std::string_view media) {
  return "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n" +
         std::string(media);
}

TEST(SdpSrtp, OfferIsSavpWithOneLinePerSuite) {
  const auto text = serialize(build_offer(srtp_local(false)));
  EXPECT_NE(text.find("m=audio 20000 RTP/SAVP 0 101\r\n"), std::string::npos) << text;
  const auto offer = parse_ok(text);
  const auto lines = crypto_attributes(offer.media[0]);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(*lines[0], srtp_local(false).crypto[0]);
  EXPECT_EQ(*lines[1], srtp_local(false).crypto[1]);
}

TEST(SdpSrtp, AnswerTakesTheOffersFirstSupportedSuiteUnderItsTag) {
  const std::string their = "inline:" + std::string(kKey);
  const auto offer =
      parse_ok(offer_text("m=audio 30000 RTP/SAVP 0\r\n"
                          "a=crypto:5 AES_256_CM_HMAC_SHA1_80 inline:xyz\r\n"
                          "a=crypto:7 AES_CM_128_HMAC_SHA1_32 " +
                          their + "\r\na=crypto:8 AES_CM_128_HMAC_SHA1_80 " + their + "\r\n"));
  auto a = answer_offer(offer, srtp_local(false));
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->sdp.media[0].proto, "RTP/SAVP");
  const auto lines = crypto_attributes(a->sdp.media[0]);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]->tag, 7u);
  EXPECT_EQ(lines[0]->suite, CryptoSuite::AesCm128HmacSha1_32);
  EXPECT_EQ(lines[0]->key_salt, key_of(0x22));
  ASSERT_TRUE(a->media.srtp);
  EXPECT_EQ(a->media.srtp->local_key, key_of(0x22));
  EXPECT_EQ(a->media.srtp->remote_key,
            parse_crypto("7 AES_CM_128_HMAC_SHA1_32 " + their)->key_salt);
}

TEST(SdpSrtp, OfferModeAcceptsPlainRtpRequireModeRefusesIt) {
  const auto plain = parse_ok(offer_text("m=audio 30000 RTP/AVP 0\r\n"));
  auto offered = answer_offer(plain, srtp_local(false));
  ASSERT_TRUE(offered);
  EXPECT_FALSE(offered->media.srtp);
  EXPECT_EQ(offered->sdp.media[0].proto, "RTP/AVP");
  EXPECT_TRUE(crypto_attributes(offered->sdp.media[0]).empty());
  auto required = answer_offer(plain, srtp_local(true));
  ASSERT_FALSE(required);
  EXPECT_EQ(required.error(), make_error_code(Errc::SrtpRequired));
}

TEST(SdpSrtp, SavpWithoutUsableCryptoIsRefused) {
  const auto offer =
      parse_ok(offer_text("m=audio 30000 RTP/SAVP 0\r\n"
                          "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:short\r\n"));
  auto a = answer_offer(offer, srtp_local(false));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error(), make_error_code(Errc::NoUsableCrypto));
}

TEST(SdpSrtp, ProcessAnswerTakesOurKeyForTheAnsweredTag) {
  const auto offer = build_offer(srtp_local(true));
  const std::string head =
      "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\n"
      "t=0 0\r\n";
  auto n = process_answer(offer, parse_ok(head +
                                          "m=audio 30000 RTP/SAVP 0\r\n"
                                          "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" +
                                          std::string(kKey) + "\r\n"));
  ASSERT_TRUE(n) << n.error().message();
  ASSERT_TRUE(n->srtp);
  EXPECT_EQ(n->srtp->suite, CryptoSuite::AesCm128HmacSha1_32);
  EXPECT_EQ(n->srtp->local_key, key_of(0x22));
  auto wrong_tag = process_answer(
      offer,
      parse_ok(head + "m=audio 30000 RTP/SAVP 0\r\na=crypto:9 AES_CM_128_HMAC_SHA1_32 inline:" +
               std::string(kKey) + "\r\n"));
  EXPECT_EQ(wrong_tag.error(), make_error_code(Errc::NoUsableCrypto));
  auto no_crypto = process_answer(offer, parse_ok(head + "m=audio 30000 RTP/SAVP 0\r\n"));
  EXPECT_EQ(no_crypto.error(), make_error_code(Errc::NoUsableCrypto));
  auto plain = process_answer(offer, parse_ok(head + "m=audio 30000 RTP/AVP 0\r\n"));
  EXPECT_EQ(plain.error(), make_error_code(Errc::SrtpRequired));
}

}  // namespace
}  // namespace va::sdp
