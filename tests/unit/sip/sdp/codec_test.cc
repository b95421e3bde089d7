#include "sip/sdp/codec.h"

#include <gtest/gtest.h>

#include "sip/sdp/parser.h"

namespace va::sdp {
namespace {

TEST(SdpCodec, StaticPayloadTypesFollowRfc3551) {
  EXPECT_EQ(static_codec(0)->name, "PCMU");
  EXPECT_EQ(static_codec(8)->name, "PCMA");
  EXPECT_EQ(static_codec(18)->name, "G729");
  EXPECT_FALSE(static_codec(2));
  EXPECT_FALSE(static_codec(96));
}

TEST(SdpCodec, G722AnnouncesAnRtpClockOf8000ThoughItSamplesAt16k) {
  EXPECT_EQ(static_codec(9)->name, "G722");
  EXPECT_EQ(static_codec(9)->clock_rate, 8000u);
  EXPECT_EQ(g722().clock_rate, 8000u);
}

TEST(SdpCodec, ResolvesStaticWithoutRtpmapAndDynamicOnlyWithIt) {
  auto s = parse(
      "v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\ns=-\r\nc=IN IP4 1.1.1.1\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 8 96 97\r\na=rtpmap:96 Telephone-Event/8000\r\n"
      "a=fmtp:96 0-15\r\n");
  ASSERT_TRUE(s);
  const auto& m = s->media[0];
  EXPECT_EQ(resolve_codec(m, 8), pcma());
  auto te = resolve_codec(m, 96);
  ASSERT_TRUE(te);
  EXPECT_TRUE(is_telephone_event(*te));
  EXPECT_EQ(te->payload_type, 96);
  EXPECT_EQ(te->fmtp, "0-15");
  EXPECT_TRUE(same_codec(*te, telephone_event()));
  EXPECT_FALSE(resolve_codec(m, 97));
}

TEST(SdpCodec, SameCodecComparesNameCaseInsensitivelyAndRate) {
  EXPECT_TRUE(same_codec(Codec{"pcmu", 0, 8000, 1, {}}, pcmu()));
  EXPECT_FALSE(same_codec(Codec{"PCMU", 0, 16000, 1, {}}, pcmu()));
  EXPECT_FALSE(same_codec(Codec{"L16", 11, 44100, 2, {}}, Codec{"L16", 11, 44100, 1, {}}));
}

}  // namespace
}  // namespace va::sdp
