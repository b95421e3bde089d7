#include "sip/sdp/parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "sip/sdp/errc.h"
#include "test_paths.h"

namespace va::sdp {
namespace {

std::string crlf(std::string_view lf) {
  std::string out;
  for (const char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

constexpr std::string_view kAsterisk =
    "v=0\n"
    "o=- 1692871234 1692871235 IN IP4 192.168.1.10\n"
    "s=Asterisk\n"
    "c=IN IP4 192.168.1.10\n"
    "t=0 0\n"
    "m=audio 10018 RTP/AVP 0 8 9 101\n"
    "a=rtpmap:0 PCMU/8000\n"
    "a=rtpmap:101 telephone-event/8000\n"
    "a=fmtp:101 0-16\n"
    "a=ptime:20\n"
    "a=maxptime:150\n"
    "a=sendrecv\n"
    "a=rtcp:10019\n"
    "a=rtcp-mux\n"
    "a=ssrc:12345 cname:abc\n";

TEST(SdpParser, ReadsEveryFieldOfAnAsteriskOffer) {
  auto r = parse(crlf(kAsterisk));
  ASSERT_TRUE(r) << r.error().message();
  const SessionDescription& s = *r;
  EXPECT_EQ(s.origin.username, "-");
  EXPECT_EQ(s.origin.session_id, "1692871234");
  EXPECT_EQ(s.origin.session_version, 1692871235u);
  EXPECT_EQ(s.origin.addr_type, AddrType::Ip4);
  EXPECT_EQ(s.origin.address, "192.168.1.10");
  EXPECT_EQ(s.session_name, "Asterisk");
  ASSERT_TRUE(s.connection);
  EXPECT_EQ(s.connection->address, "192.168.1.10");
  ASSERT_EQ(s.timings.size(), 1u);
  EXPECT_EQ(s.timings[0].start, 0u);
  ASSERT_EQ(s.media.size(), 1u);
  const MediaDescription& m = s.media[0];
  EXPECT_EQ(m.media, "audio");
  EXPECT_EQ(m.port, 10018);
  EXPECT_EQ(m.proto, "RTP/AVP");
  EXPECT_EQ(m.payload_types(), (std::vector<std::uint8_t>{0, 8, 9, 101}));
  ASSERT_NE(m.rtpmap(101), nullptr);
  EXPECT_EQ(m.rtpmap(101)->encoding, "telephone-event");
  EXPECT_EQ(m.rtpmap(101)->clock_rate, 8000u);
  EXPECT_EQ(m.rtpmap(8), nullptr);
  ASSERT_NE(m.fmtp(101), nullptr);
  EXPECT_EQ(m.fmtp(101)->parameters, "0-16");
  EXPECT_EQ(m.ptime_ms, 20u);
  EXPECT_EQ(m.maxptime_ms, 150u);
  EXPECT_EQ(m.direction, Direction::SendRecv);
  ASSERT_TRUE(m.rtcp);
  EXPECT_EQ(m.rtcp->port, 10019);
  EXPECT_TRUE(m.rtcp_mux);
  ASSERT_EQ(m.attributes.size(), 1u);
  EXPECT_EQ(m.attributes[0].name, "ssrc");
  EXPECT_EQ(m.attributes[0].value, "12345 cname:abc");
}

TEST(SdpParser, AcceptsBareLfLineEndingsAndNoFinalNewline) {
  std::string text(kAsterisk);
  text.pop_back();
  auto r = parse(text);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->media[0].attributes[0].value, "12345 cname:abc");
  EXPECT_EQ(*r, *parse(crlf(kAsterisk)));
}

TEST(SdpParser, MediaLevelConnectionOverridesSessionLevel) {
  auto r = parse(
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 0\r\nc=IN IP4 10.0.0.2\r\n"
      "m=audio 4002 RTP/AVP 0\r\n");
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->connection_for(r->media[0])->address, "10.0.0.2");
  EXPECT_EQ(r->connection_for(r->media[1])->address, "10.0.0.1");
}

TEST(SdpParser, ReadsIpv6Connections) {
  auto r = parse(
      "v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 8\r\na=rtcp:4001 IN IP6 2001:db8::2\r\n");
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->origin.addr_type, AddrType::Ip6);
  EXPECT_EQ(r->connection->addr_type, AddrType::Ip6);
  EXPECT_EQ(r->connection->address, "2001:db8::1");
  ASSERT_TRUE(r->media[0].rtcp->connection);
  EXPECT_EQ(r->media[0].rtcp->connection->address, "2001:db8::2");
}

TEST(SdpParser, SessionLevelDirectionAppliesToMediaWithoutItsOwn) {
  auto r = parse(
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\na=sendonly\r\n"
      "m=audio 4000 RTP/AVP 0\r\nm=audio 4002 RTP/AVP 0\r\na=inactive\r\n");
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->direction, Direction::SendOnly);
  EXPECT_EQ(r->direction_for(r->media[0]), Direction::SendOnly);
  EXPECT_EQ(r->direction_for(r->media[1]), Direction::Inactive);
}

TEST(SdpParser, DirectionDefaultsToSendRecv) {
  auto r = parse(
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 0\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->direction_for(r->media[0]), Direction::SendRecv);
}

TEST(SdpParser, RejectedStreamNeedsNoConnection) {
  auto r = parse("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 0 RTP/AVP 31\r\n");
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->media[0].port, 0);
}

TEST(SdpParser, NonRtpFormatsAreKeptAsTokens) {
  auto r = parse(
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=application 5000 udp wb\r\na=fmtp:wb x=1\r\n");
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->media[0].formats, std::vector<std::string>{"wb"});
  EXPECT_TRUE(r->media[0].fmtps.empty());
  ASSERT_EQ(r->media[0].attributes.size(), 1u);
  EXPECT_EQ(r->media[0].attributes[0].name, "fmtp");
}

TEST(SdpParser, EveryCorpusSeedParses) {
  const std::filesystem::path dir =
      std::filesystem::path(VA_SOURCE_DIR) / "tests/fuzz/sip/corpus/sdp";
  int count = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".sdp") continue;
    std::ifstream in(e.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto r = parse(text);
    EXPECT_TRUE(r) << e.path() << ": " << r.error().message();
    ++count;
  }
  EXPECT_GE(count, 10);
}

struct BadCase {
  const char* name;
  std::string text;
  Errc expected;
};

constexpr std::string_view kHead = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\n";
constexpr std::string_view kHeadC = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 1.2.3.4\r\n";

std::string with_head(std::string_view rest) {
  return std::string(kHead) + std::string(rest);
}
std::string with_audio(std::string_view attrs) {
  return std::string(kHeadC) + "t=0 0\r\nm=audio 4000 RTP/AVP 0 101\r\n" + std::string(attrs);
}

class SdpParserRejects : public testing::TestWithParam<BadCase> {};

TEST_P(SdpParserRejects, MalformedInputWithASpecificError) {
  const BadCase& c = GetParam();
  auto r = parse(c.text);
  ASSERT_FALSE(r) << c.name;
  EXPECT_EQ(r.error(), make_error_code(c.expected))
      << c.name << ": got \"" << r.error().message() << "\"";
  EXPECT_EQ(&r.error().category(), &sdp_category());
}

INSTANTIATE_TEST_SUITE_P(
    Table, SdpParserRejects,
    testing::Values(
        BadCase{"empty", "", Errc::Empty}, BadCase{"only newlines", "\r\n\r\n", Errc::Empty},
        BadCase{"too large", std::string(kMaxSdpSize + 1, 'a'), Errc::TooLarge},
        BadCase{"no equals", "v=0\r\nhello\r\n", Errc::BadLine},
        BadCase{"space before equals", "v =0\r\n", Errc::BadLine},
        BadCase{"upper-case type", "V=0\r\n", Errc::BadLine},
        BadCase{"NUL in value", std::string("v=0\r\no=- 1 1 IN IP4 1.1.1.1\0\r\n", 29),
                Errc::BadLine},
        BadCase{"bare CR inside", "v=0\ro=x\r\n", Errc::BadLine},
        BadCase{"missing v", "o=- 1 1 IN IP4 10.0.0.1\r\n", Errc::MissingVersion},
        BadCase{"bad v", "v=1\r\n", Errc::BadVersion},
        BadCase{"missing o", "v=0\r\ns=-\r\n", Errc::MissingOrigin},
        BadCase{"o with five fields", "v=0\r\no=- 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\n",
                Errc::BadOrigin},
        BadCase{"o version not numeric", "v=0\r\no=- 1 x IN IP4 1.1.1.1\r\ns=-\r\nt=0 0\r\n",
                Errc::BadOrigin},
        BadCase{"o version overflow",
                "v=0\r\no=- 1 99999999999999999999 IN IP4 1.1.1.1\r\ns=-\r\nt=0 0\r\n",
                Errc::BadOrigin},
        BadCase{"o IP5", "v=0\r\no=- 1 1 IN IP5 1.1.1.1\r\ns=-\r\nt=0 0\r\n", Errc::BadOrigin},
        BadCase{"missing s", "v=0\r\no=- 1 1 IN IP4 1.1.1.1\r\nt=0 0\r\n",
                Errc::MissingSessionName},
        BadCase{"missing t", with_head("c=IN IP4 1.1.1.1\r\nm=audio 1 RTP/AVP 0\r\n"),
                Errc::MissingTiming},
        BadCase{"no t at all", with_head(""), Errc::MissingTiming},
        BadCase{"bad t", with_head("t=now 0\r\n"), Errc::BadTiming},
        BadCase{"r before t", with_head("r=7d 1h 0 25h\r\nt=0 0\r\n"), Errc::BadTiming},
        BadCase{"unknown type", with_head("t=0 0\r\nx=1\r\n"), Errc::UnknownLineType},
        BadCase{"second v", with_head("t=0 0\r\nv=0\r\n"), Errc::DuplicateLine},
        BadCase{"two session c", with_head("c=IN IP4 1.1.1.1\r\nc=IN IP4 1.1.1.2\r\nt=0 0\r\n"),
                Errc::DuplicateLine},
        BadCase{"c without IN", with_head("c=IP4 1.1.1.1\r\nt=0 0\r\n"), Errc::BadConnection},
        BadCase{"c with bad address", with_head("c=IN IP4 1.1.1.1;x\r\nt=0 0\r\n"),
                Errc::BadConnection},
        BadCase{"c IP4 with colon", with_head("c=IN IP4 ::1\r\nt=0 0\r\n"), Errc::BadConnection},
        BadCase{"missing c", with_head("t=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"),
                Errc::MissingConnection},
        BadCase{"b without colon", with_head("b=AS64\r\nt=0 0\r\n"), Errc::BadBandwidth},
        BadCase{"m too short", with_head("t=0 0\r\nm=audio 4000 RTP/AVP\r\n"), Errc::BadMediaLine},
        BadCase{"m port too big", with_head("t=0 0\r\nm=audio 65536 RTP/AVP 0\r\n"),
                Errc::BadMediaLine},
        BadCase{"m port not numeric", with_head("t=0 0\r\nm=audio x RTP/AVP 0\r\n"),
                Errc::BadMediaLine},
        BadCase{"m bad port count", with_head("t=0 0\r\nm=audio 4000/ RTP/AVP 0\r\n"),
                Errc::BadMediaLine},
        BadCase{"RTP format 128", with_head("t=0 0\r\nm=audio 4000 RTP/AVP 128\r\n"),
                Errc::BadPayloadType},
        BadCase{"RTP format not numeric", with_head("t=0 0\r\nm=audio 4000 RTP/AVP PCMU\r\n"),
                Errc::BadPayloadType},
        BadCase{"t inside media", with_audio("t=0 0\r\n"), Errc::LineOutOfOrder},
        BadCase{"rtpmap without rate", with_audio("a=rtpmap:101 telephone-event\r\n"),
                Errc::BadRtpmap},
        BadCase{"rtpmap rate zero", with_audio("a=rtpmap:101 telephone-event/0\r\n"),
                Errc::BadRtpmap},
        BadCase{"rtpmap pt 200", with_audio("a=rtpmap:200 x/8000\r\n"), Errc::BadRtpmap},
        BadCase{"rtpmap twice", with_audio("a=rtpmap:0 PCMU/8000\r\na=rtpmap:0 PCMU/8000\r\n"),
                Errc::DuplicateLine},
        BadCase{"fmtp pt missing", with_audio("a=fmtp: 0-16\r\n"), Errc::BadFmtp},
        BadCase{"ptime zero", with_audio("a=ptime:0\r\n"), Errc::BadPtime},
        BadCase{"ptime text", with_audio("a=ptime:twenty\r\n"), Errc::BadPtime},
        BadCase{"two ptimes", with_audio("a=ptime:20\r\na=ptime:30\r\n"), Errc::DuplicateLine},
        BadCase{"rtcp text", with_audio("a=rtcp:abc\r\n"), Errc::BadRtcp},
        BadCase{"rtcp half address", with_audio("a=rtcp:4001 IN IP4\r\n"), Errc::BadRtcp},
        BadCase{"conflicting directions", with_audio("a=sendonly\r\na=recvonly\r\n"),
                Errc::DuplicateLine},
        BadCase{"attribute without name", with_audio("a=:x\r\n"), Errc::BadAttribute},
        BadCase{"line after empty line", with_audio("\r\na=sendrecv\r\n"),
                Errc::StrayLineAfterEnd}),
    [](const testing::TestParamInfo<BadCase>& param_info) {
      // "missing c" -> "MissingC": the case name reads as the test name.
      std::string name;
      bool upper = true;
      for (const char* p = param_info.param.name; *p != '\0'; ++p) {
        const char c = *p;
        const bool alnum =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum) {
          upper = true;
          continue;
        }
        name += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        upper = false;
      }
      return name;
    });

}  // namespace
}  // namespace va::sdp
