// rtp.srtp for a call: the modes, the call's keys, the 488 reasons before ringing, and the
// negotiated keys making an SrtpSession that talks to the peer's.
#include "call/call_srtp.h"

#include <gtest/gtest.h>

#include "call/codec_preference.h"
#include "sip/sdp/errc.h"
#include "sip/sdp/offer_answer.h"
#include "sip/sdp/parser.h"

namespace va::call {
namespace {

sdp::SessionDescription offer_with(std::string_view media) {
  return sdp::parse(
             "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\n"
             "t=0 0\r\n" +
             std::string(media))
      .value();
}

TEST(CallSrtp, ModesParseAndAnythingElseIsRefused) {
  EXPECT_EQ(parse_srtp_mode("off"), SrtpMode::Off);
  EXPECT_EQ(parse_srtp_mode("offer"), SrtpMode::Offer);
  EXPECT_EQ(parse_srtp_mode("require"), SrtpMode::Require);
  EXPECT_FALSE(parse_srtp_mode("on"));
  EXPECT_FALSE(parse_srtp_mode("REQUIRE"));
}

TEST(CallSrtp, EachCallGetsItsOwnKeysOnePerSuite) {
  EXPECT_TRUE(make_local_crypto(SrtpMode::Off).empty());
  const auto a = make_local_crypto(SrtpMode::Offer);
  const auto b = make_local_crypto(SrtpMode::Require);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].suite, sdp::CryptoSuite::AesCm128HmacSha1_80);
  EXPECT_EQ(a[1].suite, sdp::CryptoSuite::AesCm128HmacSha1_32);
  EXPECT_NE(a[0].key_salt, a[1].key_salt);
  EXPECT_NE(a[0].key_salt, b[0].key_salt);
}

TEST(CallSrtp, RefusalReasonsBeforeRinging) {
  const std::vector<sdp::Codec> codecs = {sdp::pcmu()};
  const auto plain = offer_with("m=audio 30000 RTP/AVP 0\r\n");
  const auto savp = offer_with(
      "m=audio 30000 RTP/SAVP 0\r\n"
      "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n");
  EXPECT_FALSE(offer_refusal(plain, codecs, false, SrtpMode::Off));
  EXPECT_FALSE(offer_refusal(plain, codecs, false, SrtpMode::Offer));
  EXPECT_EQ(offer_refusal(plain, codecs, false, SrtpMode::Require),
            make_error_code(sdp::Errc::SrtpRequired));
  EXPECT_EQ(offer_refusal(savp, codecs, false, SrtpMode::Off),
            make_error_code(sdp::Errc::NoUsableCrypto));
  EXPECT_FALSE(offer_refusal(savp, codecs, false, SrtpMode::Offer));
  EXPECT_FALSE(offer_refusal(savp, codecs, false, SrtpMode::Require));
}

TEST(CallSrtp, NegotiatedKeysMakeSessionsThatUnderstandEachOther) {
  EXPECT_EQ(make_srtp_session(std::nullopt).value(), nullptr);
  sdp::NegotiatedCrypto ours;
  ours.local_key.fill(0x11);
  ours.remote_key.fill(0x22);
  sdp::NegotiatedCrypto theirs{ours.suite, ours.remote_key, ours.local_key};
  auto a = make_srtp_session(ours).value();
  auto b = make_srtp_session(theirs).value();
  ASSERT_TRUE(a && b);
  std::vector<std::uint8_t> packet = {0x80, 0, 0, 1, 0, 0, 0, 160, 0, 0, 0, 7};
  packet.resize(12 + 160, 0x55);
  const auto plain = packet;
  packet.resize(plain.size() + rtp::kSrtpMaxOverhead);
  const auto n = a->protect_rtp(packet, plain.size()).value();
  packet.resize(n);
  const auto back = b->unprotect_rtp(packet).value();
  EXPECT_EQ(std::vector(back.begin(), back.end()), plain);
}

}  // namespace
}  // namespace va::call
