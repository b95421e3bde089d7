#include "call/codec_preference.h"

#include <gtest/gtest.h>

#include "call/call_settings.h"

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
  EXPECT_FALSE(parse_codec_preference("PCMU,speex", &bad));
  EXPECT_EQ(bad, "SPEEX");
  EXPECT_FALSE(parse_codec_preference("PCMU,pcmu", &bad));
  EXPECT_EQ(bad, "PCMU");
  EXPECT_FALSE(parse_codec_preference(" , ", &bad));
}

TEST(CodecPreference, G729AndOpusAreNamedAsSdpOffersThem) {
  auto codecs = parse_codec_preference("opus,G729").value();
  ASSERT_EQ(codecs.size(), 2u);
  EXPECT_EQ(codecs[0].name, "opus");  // RFC 7587 7: opus/48000/2
  EXPECT_EQ(codecs[0].clock_rate, 48000u);
  EXPECT_EQ(codecs[0].channels, 2u);
  EXPECT_EQ(sdp::fmtp_value(codecs[0].fmtp, "maxplaybackrate"), "16000");
  EXPECT_EQ(sdp::fmtp_value(codecs[0].fmtp, "useinbandfec"), "0");
  EXPECT_EQ(codecs[1].payload_type, 18);
  EXPECT_EQ(codecs[1].fmtp, "annexb=no");
}

TEST(CodecPreference, TrunkCodecsAreASubsetOfRtpCodecsInTheTrunksOrder) {
  const auto all = parse_codec_preference("PCMU,PCMA,G729,OPUS").value();
  EXPECT_EQ(parse_trunk_codecs("", all).value(), all);
  EXPECT_EQ(parse_trunk_codecs("  ", all).value(), all);
  auto trunk = parse_trunk_codecs("g729, pcma", all).value();
  ASSERT_EQ(trunk.size(), 2u);
  EXPECT_EQ(trunk[0].name, "G729");
  EXPECT_EQ(trunk[1].name, "PCMA");
  std::string bad;
  EXPECT_FALSE(parse_trunk_codecs("PCMA,G722", all, &bad));  // not in rtp.codecs
  EXPECT_EQ(bad, "G722");
  EXPECT_FALSE(parse_trunk_codecs("PCMA,bogus", all, &bad));
  EXPECT_EQ(bad, "BOGUS");
}

TEST(CodecPreference, TheTrunkAndItsProxyGetTheTrunksListOthersRtpCodecs) {
  core::Config config;
  config.rtp.codecs = "PCMU,PCMA,G729,OPUS";
  config.sip.trunk.uri = "sip:192.0.2.10:5060";
  config.sip.trunk.outbound_proxy = "192.0.2.30:5060";
  config.sip.trunk.codecs = "G729,PCMA";
  const auto settings = CallSettings::from(config);
  EXPECT_TRUE(settings.trunk_codec_order);
  ASSERT_EQ(settings.codecs_for_peer("192.0.2.10").size(), 2u);
  EXPECT_EQ(settings.codecs_for_peer("192.0.2.10")[0].name, "G729");
  EXPECT_TRUE(settings.is_trunk_peer("192.0.2.30"));
  EXPECT_FALSE(settings.is_trunk_peer("198.51.100.7"));
  EXPECT_EQ(settings.codecs_for_peer("198.51.100.7").size(), 4u);
  EXPECT_FALSE(settings.is_trunk_peer(""));
  // A trunk given by name: its INVITEs come from the addresses it was located at.
  auto named = settings;
  named.trunk_uri = "sip:trunk.example.com";
  EXPECT_FALSE(named.is_trunk_peer("192.0.2.44"));
  named.trunk_addresses = {"192.0.2.44", "2001:db8::44"};
  EXPECT_TRUE(named.is_trunk_peer("192.0.2.44"));
  EXPECT_TRUE(named.is_trunk_peer("[2001:db8::44]"));
  EXPECT_EQ(named.codecs_for_peer("192.0.2.44")[0].name, "G729");
  // A name that does not resolve (no DNS server on that port) does not refuse the start when
  // sip.inbound_acl is set: only the address match is lost.
  core::Config unresolved = config;
  unresolved.sip.trunk.uri = "sip:trunk.invalid";
  unresolved.sip.trunk.outbound_proxy = "";
  unresolved.sip.inbound_acl = "192.0.2.0/24";
  unresolved.sip.dns_servers = "127.0.0.1:9";
  const auto located = CallSettings::from(unresolved);
  EXPECT_TRUE(located.trunk_addresses.empty());
  EXPECT_TRUE(located.is_trunk_peer("trunk.invalid"));
  config.sip.trunk.codecs = "G722";  // not in rtp.codecs: a clear error at start
  try {
    (void)CallSettings::from(config);
    FAIL() << "no error";
  } catch (const core::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("sip.trunk.codecs: 'G722'"), std::string::npos);
  }
  config.sip.trunk.codecs = "";
  EXPECT_FALSE(CallSettings::from(config).trunk_codec_order);
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
