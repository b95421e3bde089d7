// RTCP SR/RR/SDES/BYE and compound tests (RFC 3550 6.4-6.6, A.2): round trip, then damage bytes.
#include <gtest/gtest.h>

#include <vector>

#include "rtp/errc.h"
#include "rtp/rtcp/compound.h"

namespace va::rtp::rtcp {
namespace {

ReportBlock block(std::uint32_t ssrc) {
  ReportBlock b;
  b.ssrc = ssrc;
  b.fraction_lost = 25;
  b.cumulative_lost = -3;
  b.extended_highest_seq = 0x00012345;
  b.jitter = 77;
  b.last_sr = 0x11223344;
  b.delay_since_last_sr = 65536;
  return b;
}

Compound full_compound() {
  Compound c;
  SenderReport sr;
  sr.ssrc = 0xaabbccdd;
  sr.ntp_timestamp = 0x0102030405060708ull;
  sr.rtp_timestamp = 160;
  sr.packet_count = 50;
  sr.octet_count = 8000;
  sr.report_blocks = {block(1), block(2)};
  c.sender_reports.push_back(sr);
  c.receiver_reports.push_back(ReceiverReport{0xaabbccdd, {block(3)}});
  c.sdes.push_back(Sdes{{SdesChunk{0xaabbccdd, {{kSdesCname, "va@host"}, {6, "voiceagent"}}},
                         SdesChunk{5, {{kSdesCname, "abc"}}}}});
  c.byes.push_back(Bye{{0xaabbccdd, 9}, "call ended"});
  return c;
}

std::vector<std::uint8_t> serialize(const Compound& c) {
  std::vector<std::uint8_t> out(c.size());
  auto n = c.serialize(out);
  EXPECT_TRUE(n.has_value());
  EXPECT_EQ(n.has_value() ? *n : 0, out.size());
  return out;
}

TEST(RtcpCompound, FullCompoundRoundTripsEveryField) {
  const Compound c = full_compound();
  auto bytes = serialize(c);
  EXPECT_EQ(bytes.size() % 4, 0u);
  auto parsed = parse_compound(bytes);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message();
  EXPECT_EQ(*parsed, c);
  EXPECT_EQ(parsed->sender_reports[0].report_blocks[0].cumulative_lost, -3);
}

TEST(RtcpCompound, CumulativeLostClampsToTwentyFourBits) {
  Compound c;
  auto b = block(1);
  b.cumulative_lost = 0x7fffffff;
  c.receiver_reports.push_back(ReceiverReport{1, {b}});
  auto parsed = parse_compound(serialize(c));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->receiver_reports[0].report_blocks[0].cumulative_lost, 0x7fffff);
}

TEST(RtcpCompound, FirstPacketMustBeSenderOrReceiverReport) {
  Compound c;
  c.byes.push_back(Bye{{1}, ""});
  EXPECT_EQ(parse_compound(serialize(c)).error(), make_error_code(Errc::RtcpBadFirstPacket));
}

TEST(RtcpCompound, VersionOtherThanTwoIsRejectedInAnyPacket) {
  auto bytes = serialize(full_compound());
  auto damaged = bytes;
  damaged[0] = (damaged[0] & 0x3f) | 0x40;
  EXPECT_EQ(parse_compound(damaged).error(), make_error_code(Errc::RtcpBadVersion));
  const std::size_t second = full_compound().sender_reports[0].size();
  damaged = bytes;
  damaged[second] &= 0x3f;
  EXPECT_EQ(parse_compound(damaged).error(), make_error_code(Errc::RtcpBadVersion));
}

TEST(RtcpCompound, LengthRunningPastDatagramIsRejected) {
  auto bytes = serialize(full_compound());
  bytes[3] += 1;
  EXPECT_FALSE(parse_compound(bytes).has_value());
  bytes = serialize(full_compound());
  bytes.resize(bytes.size() - 4);
  EXPECT_EQ(parse_compound(bytes).error(), make_error_code(Errc::RtcpBadLength));
}

TEST(RtcpCompound, ReportCountLargerThanPacketIsBadLength) {
  Compound c;
  c.receiver_reports.push_back(ReceiverReport{1, {block(2)}});
  auto bytes = serialize(c);
  bytes[0] = 0x82;  // RC=2 but one block
  EXPECT_EQ(parse_compound(bytes).error(), make_error_code(Errc::RtcpBadLength));
}

TEST(RtcpCompound, PaddingOnlyAllowedOnLastPacket) {
  Compound c;
  c.receiver_reports.push_back(ReceiverReport{1, {}});
  c.byes.push_back(Bye{{1}, ""});
  auto bytes = serialize(c);
  // Append 4 bytes of padding to the BYE: last packet, valid.
  auto padded = bytes;
  padded.insert(padded.end(), {0, 0, 0, 4});
  padded[8] |= 0x20;
  padded[11] += 1;  // BYE length grows by one word
  auto ok = parse_compound(padded);
  ASSERT_TRUE(ok.has_value()) << ok.error().message();
  EXPECT_EQ(ok->byes[0].ssrcs, std::vector<std::uint32_t>{1});
  // The same padding bit on the RR (first packet) is rejected.
  auto bad = bytes;
  bad[0] |= 0x20;
  bad[7] = 4;  // last byte of the RR read as padding count 4 (whole body)
  EXPECT_EQ(parse_compound(bad).error(), make_error_code(Errc::RtcpPaddingNotLast));
  padded.back() = 0;
  EXPECT_EQ(parse_compound(padded).error(), make_error_code(Errc::RtcpBadPadding));
}

TEST(RtcpCompound, SdesWithoutTerminatorIsRejected) {
  Compound c;
  c.receiver_reports.push_back(ReceiverReport{1, {}});
  c.sdes.push_back(Sdes{{SdesChunk{1, {{kSdesCname, "ab"}}}}});
  auto bytes = serialize(c);
  // Chunk: ssrc(4) 01 02 'a' 'b' 00 pad(3) -> make the item length run past the packet.
  bytes[8 + 4 + 4 + 1] = 40;
  EXPECT_EQ(parse_compound(bytes).error(), make_error_code(Errc::RtcpBadSdes));
  bytes[8 + 4 + 4 + 1] = 2;
  // Replace the null terminator and padding with a second item that fills the packet.
  bytes[20] = 1;
  bytes[21] = 2;
  bytes[22] = 'x';
  bytes[23] = 'y';
  EXPECT_EQ(parse_compound(bytes).error(), make_error_code(Errc::RtcpBadSdes));
}

TEST(RtcpCompound, ByeReasonLengthBeyondPacketIsRejected) {
  Compound c;
  c.receiver_reports.push_back(ReceiverReport{1, {}});
  c.byes.push_back(Bye{{1}, "bye"});
  auto bytes = serialize(c);
  bytes[8 + 8] = 10;
  EXPECT_EQ(parse_compound(bytes).error(), make_error_code(Errc::RtcpBadBye));
}

TEST(RtcpCompound, UnknownPacketTypesAreCountedNotInterpreted) {
  Compound c;
  c.receiver_reports.push_back(ReceiverReport{1, {}});
  auto bytes = serialize(c);
  bytes.insert(bytes.end(), {0x80, 204, 0, 2, 0, 0, 0, 1, 'n', 'a', 'm', 'e'});
  auto parsed = parse_compound(bytes);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->other_packets, 1u);
}

TEST(RtcpCompound, EmptyDatagramIsTooShort) {
  EXPECT_EQ(parse_compound({}).error(), make_error_code(Errc::RtcpTooShort));
}

TEST(RtcpCompound, SerializeRejectsOversizedFields) {
  Compound c;
  c.byes.push_back(Bye{{1}, std::string(256, 'x')});
  std::vector<std::uint8_t> out(c.size());
  EXPECT_EQ(c.serialize(out).error(), make_error_code(Errc::BadField));
  std::vector<std::uint8_t> small(2);
  EXPECT_EQ(full_compound().serialize(small).error(), make_error_code(Errc::BufferTooSmall));
}

}  // namespace
}  // namespace va::rtp::rtcp
