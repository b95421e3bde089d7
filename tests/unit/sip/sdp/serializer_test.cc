#include "sip/sdp/serializer.h"

#include <gtest/gtest.h>

#include "sip/sdp/errc.h"
#include "sip/sdp/parser.h"

namespace va::sdp {
namespace {

SessionDescription full_description() {
  SessionDescription s;
  s.origin = Origin{"alice", "2890844526", 7, AddrType::Ip6, "2001:db8::5"};
  s.session_name = "call";
  s.info = "info";
  s.uri = "http://example.com/";
  s.emails = {"a@example.com"};
  s.phones = {"+1 555 0100"};
  s.connection = Connection{AddrType::Ip6, "2001:db8::5"};
  s.bandwidths = {Bandwidth{"CT", 128}};
  s.timings = {Timing{0, 0, {"7d 1h 0 25h"}}};
  s.direction = Direction::SendRecv;
  s.attributes = {Attribute{"tool", "voiceagent"}, Attribute{"ice-lite", std::nullopt}};
  MediaDescription m;
  m.media = "audio";
  m.port = 40000;
  m.proto = "RTP/AVP";
  m.formats = {"9", "0", "101"};
  m.title = "voice";
  m.connection = Connection{AddrType::Ip4, "192.0.2.1"};
  m.bandwidths = {Bandwidth{"AS", 64}};
  m.rtpmaps = {Rtpmap{9, "G722", 8000, std::nullopt}, Rtpmap{101, "telephone-event", 8000, 1}};
  m.fmtps = {Fmtp{101, "0-16"}};
  m.ptime_ms = 20;
  m.maxptime_ms = 40;
  m.direction = Direction::RecvOnly;
  m.rtcp = Rtcp{40001, Connection{AddrType::Ip4, "192.0.2.2"}};
  m.rtcp_mux = true;
  m.attributes = {Attribute{"ssrc", "1 cname:x"}};
  s.media = {m};
  MediaDescription video;
  video.media = "video";
  video.port = 0;
  video.proto = "RTP/AVP";
  video.formats = {"31"};
  s.media.push_back(video);
  return s;
}

TEST(SdpSerializer, BuildSerializeParseGivesBackTheSameDescription) {
  const SessionDescription s = full_description();
  const std::string text = serialize(s);
  auto parsed = parse(text);
  ASSERT_TRUE(parsed) << parsed.error().message() << "\n" << text;
  EXPECT_EQ(*parsed, s);
  EXPECT_EQ(serialize(*parsed), text);
}

TEST(SdpSerializer, WritesLinesInRfc4566OrderWithCrlf) {
  const std::string text = serialize(full_description());
  EXPECT_EQ(text.find("v=0\r\no=alice 2890844526 7 IN IP6 2001:db8::5\r\ns=call\r\n"), 0u);
  EXPECT_LT(text.find("c=IN IP6"), text.find("t=0 0"));
  EXPECT_LT(text.find("t=0 0\r\nr=7d 1h 0 25h\r\n"), text.find("m=audio"));
  EXPECT_NE(text.find("m=audio 40000 RTP/AVP 9 0 101\r\ni=voice\r\nc=IN IP4 192.0.2.1\r\n"),
            std::string::npos);
  EXPECT_NE(text.find("a=rtpmap:101 telephone-event/8000/1\r\na=fmtp:101 0-16\r\n"),
            std::string::npos);
  EXPECT_NE(text.find("a=rtcp:40001 IN IP4 192.0.2.2\r\na=rtcp-mux\r\n"), std::string::npos);
  EXPECT_EQ(text.find('\n'), text.find("\r\n") + 1);
}

TEST(SdpSerializer, DamagingOneByteOfTheMediaLineGivesBadMediaLine) {
  std::string text = serialize(full_description());
  const auto pos = text.find("m=audio 40000");
  text[pos + 8] = 'x';  // port "x0000"
  auto parsed = parse(text);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error(), make_error_code(Errc::BadMediaLine));
  EXPECT_EQ(parsed.error().message(), "bad m= line");
}

TEST(SdpSerializer, RemovingTheConnectionGivesMissingConnection) {
  SessionDescription s = full_description();
  s.connection.reset();
  s.media[0].connection.reset();
  auto parsed = parse(serialize(s));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message(), "missing c= for media");
}

}  // namespace
}  // namespace va::sdp
