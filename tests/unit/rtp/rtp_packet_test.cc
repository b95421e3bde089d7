// RTP packet parse/build tests (RFC 3550 5.1): build -> parse -> compare, then damage one byte.
#include "rtp/rtp_packet.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "rtp/errc.h"

namespace va::rtp {
namespace {

std::vector<std::uint8_t> build(const RtpHeader& h, std::span<const std::uint8_t> payload,
                                std::uint8_t padding = 0) {
  std::vector<std::uint8_t> out(1500);
  auto n = build_rtp(h, payload, out, padding);
  EXPECT_TRUE(n.has_value());
  out.resize(n.has_value() ? *n : 0);
  return out;
}

TEST(RtpPacket, MinimalPacketRoundTripsEveryField) {
  RtpHeader h;
  h.marker = true;
  h.payload_type = 8;
  h.sequence_number = 0xfffe;
  h.timestamp = 0xdeadbeef;
  h.ssrc = 0x01020304;
  const std::array<std::uint8_t, 3> payload{1, 2, 3};
  auto bytes = build(h, payload);
  ASSERT_EQ(bytes.size(), 15u);
  EXPECT_EQ(bytes[0], 0x80);
  EXPECT_EQ(bytes[1], 0x88);
  auto v = parse_rtp(bytes);
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->header.marker);
  EXPECT_EQ(v->header.payload_type, 8);
  EXPECT_EQ(v->header.sequence_number, 0xfffe);
  EXPECT_EQ(v->header.timestamp, 0xdeadbeefu);
  EXPECT_EQ(v->header.ssrc, 0x01020304u);
  EXPECT_EQ(v->header.csrc_count, 0);
  EXPECT_FALSE(v->header.has_extension);
  ASSERT_EQ(v->payload.size(), 3u);
  EXPECT_EQ(v->payload[2], 3);
}

TEST(RtpPacket, CsrcExtensionAndPaddingRoundTrip) {
  RtpHeader h;
  h.payload_type = 0;
  h.csrc_count = 2;
  h.csrcs[0] = 11;
  h.csrcs[1] = 22;
  h.has_extension = true;
  h.extension_profile = 0xbede;
  const std::array<std::uint8_t, 8> ext{1, 2, 3, 4, 5, 6, 7, 8};
  h.extension_data = ext;
  const std::array<std::uint8_t, 160> payload{};
  auto bytes = build(h, payload, 4);
  EXPECT_EQ(bytes.size(), 12u + 8 + 4 + 8 + 160 + 4);
  auto v = parse_rtp(bytes);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->header.csrc_count, 2);
  EXPECT_EQ(v->header.csrcs[1], 22u);
  EXPECT_EQ(v->header.extension_profile, 0xbede);
  ASSERT_EQ(v->header.extension_data.size(), 8u);
  EXPECT_EQ(v->header.extension_data[7], 8);
  EXPECT_EQ(v->padding_size, 4);
  EXPECT_EQ(v->payload.size(), 160u);
}

TEST(RtpPacket, ShortPacketIsTooShort) {
  std::vector<std::uint8_t> b(11, 0x80);
  EXPECT_EQ(parse_rtp(b).error(), make_error_code(Errc::TooShort));
}

TEST(RtpPacket, VersionOtherThanTwoIsRejected) {
  auto bytes = build(RtpHeader{}, {});
  bytes[0] = 0x40;
  EXPECT_EQ(parse_rtp(bytes).error(), make_error_code(Errc::BadVersion));
}

TEST(RtpPacket, CsrcCountBeyondPacketIsTruncated) {
  auto bytes = build(RtpHeader{}, {});
  bytes[0] |= 0x03;
  EXPECT_EQ(parse_rtp(bytes).error(), make_error_code(Errc::CsrcTruncated));
}

TEST(RtpPacket, ExtensionLengthBeyondPacketIsTruncated) {
  RtpHeader h;
  h.has_extension = true;
  auto bytes = build(h, {});
  bytes[15] = 5;  // claims 5 words
  EXPECT_EQ(parse_rtp(bytes).error(), make_error_code(Errc::ExtensionTruncated));
  bytes.resize(14);
  EXPECT_EQ(parse_rtp(bytes).error(), make_error_code(Errc::ExtensionTruncated));
}

TEST(RtpPacket, PaddingCountZeroOrTooLargeIsRejected) {
  const std::array<std::uint8_t, 4> payload{};
  auto bytes = build(RtpHeader{}, payload, 2);
  bytes.back() = 0;
  EXPECT_EQ(parse_rtp(bytes).error(), make_error_code(Errc::BadPadding));
  bytes.back() = 7;  // only 6 bytes after the header
  EXPECT_EQ(parse_rtp(bytes).error(), make_error_code(Errc::BadPadding));
  bytes.back() = 6;
  ASSERT_TRUE(parse_rtp(bytes).has_value());
  EXPECT_TRUE(parse_rtp(bytes)->payload.empty());
}

TEST(RtpPacket, RtcpPacketTypesAreNotRtp) {
  auto bytes = build(RtpHeader{}, {});
  bytes[1] = 200;  // SR under rtcp-mux (RFC 5761 4)
  EXPECT_TRUE(looks_like_rtcp(bytes));
  EXPECT_EQ(parse_rtp(bytes).error(), make_error_code(Errc::NotRtp));
}

TEST(RtpPacket, BuildRejectsSmallBufferAndBadFields) {
  std::array<std::uint8_t, 11> small{};
  EXPECT_EQ(build_rtp(RtpHeader{}, {}, small).error(), make_error_code(Errc::BufferTooSmall));
  std::array<std::uint8_t, 100> out{};
  RtpHeader h;
  h.payload_type = 128;
  EXPECT_EQ(build_rtp(h, {}, out).error(), make_error_code(Errc::BadField));
  h.payload_type = 0;
  h.csrc_count = 16;
  EXPECT_EQ(build_rtp(h, {}, out).error(), make_error_code(Errc::BadField));
}

TEST(RtpPacket, ErrcHasNamedCategoryAndMessage) {
  const std::error_code ec = Errc::BadVersion;
  EXPECT_STREQ(ec.category().name(), "rtp");
  EXPECT_EQ(ec.message(), "RTP version is not 2");
}

}  // namespace
}  // namespace va::rtp
