#include "call/codec_preference.h"

#include <gtest/gtest.h>

namespace va::call {
namespace {

TEST(CodecPreference, NamesAreTakenInOrderAndCaseInsensitively) {
  auto codecs = parse_codec_preference("g722, pcma,PCMU").value();
  ASSERT_EQ(codecs.size(), 3u);
  EXPECT_EQ(codecs[0].name, "G722");
  EXPECT_EQ(codecs[1].payload_type, 8);
  EXPECT_EQ(codecs[2].payload_type, 0);
}

TEST(CodecPreference, UnknownRepeatedOrNoCodecIsAnErrorNamingIt) {
  std::string bad;
  EXPECT_FALSE(parse_codec_preference("PCMU,opus", &bad));
  EXPECT_EQ(bad, "OPUS");
  EXPECT_FALSE(parse_codec_preference("PCMU,pcmu", &bad));
  EXPECT_EQ(bad, "PCMU");
  EXPECT_FALSE(parse_codec_preference(" , ", &bad));
}

TEST(CodecPreference, LocalMediaAddsTelephoneEventAndTheAddressFamily) {
  auto local = make_local_media("::1", 10002, parse_codec_preference("PCMA").value(), false);
  EXPECT_EQ(local.addr_type, sdp::AddrType::Ip6);
  EXPECT_EQ(local.port, 10002);
  ASSERT_EQ(local.codecs.size(), 2u);
  EXPECT_TRUE(sdp::is_telephone_event(local.codecs[1]));
  EXPECT_EQ(make_local_media("127.0.0.1", 10002, {}, false).addr_type, sdp::AddrType::Ip4);
}

}  // namespace
}  // namespace va::call
