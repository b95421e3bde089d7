// ReceiveStatistics tests: RFC 3550 A.1 probation, wrap, bad_seq restart, A.3 loss, A.8 jitter.
#include "rtp/receive_statistics.h"

#include <gtest/gtest.h>

namespace va::rtp {
namespace {

TEST(ReceiveStatistics, ProbationNeedsMinSequentialConsecutivePackets) {
  ReceiveStatistics s(100, 4);
  EXPECT_EQ(s.update(100), SeqVerdict::Probation);
  EXPECT_EQ(s.update(101), SeqVerdict::Probation);
  EXPECT_EQ(s.update(103), SeqVerdict::Probation);  // gap restarts the run at 103
  EXPECT_EQ(s.update(104), SeqVerdict::Probation);
  EXPECT_EQ(s.update(105), SeqVerdict::Probation);
  EXPECT_FALSE(s.valid());
  EXPECT_EQ(s.update(106), SeqVerdict::InOrder);
  EXPECT_TRUE(s.valid());
  EXPECT_EQ(s.received(), 1u);
  EXPECT_EQ(s.expected(), 1u);
}

TEST(ReceiveStatistics, CountsLossAcrossSequenceWrap) {
  ReceiveStatistics s(65530, 1);
  for (std::uint32_t i = 65530; i < 65536 + 10; ++i) {
    if (i == 65534 || i == 65536 + 2) continue;  // two lost, one on each side of the wrap
    EXPECT_EQ(s.update(static_cast<std::uint16_t>(i)), SeqVerdict::InOrder) << i;
  }
  EXPECT_EQ(s.extended_max_seq(), 65536u + 9);
  EXPECT_EQ(s.expected(), 16u);
  EXPECT_EQ(s.lost(), 2);
}

TEST(ReceiveStatistics, DuplicatesAreDetectedAndNotCountedAsReceived) {
  ReceiveStatistics s(1, 1);
  s.update(1);
  s.update(2);
  s.update(3);
  EXPECT_EQ(s.update(3), SeqVerdict::Duplicate);
  EXPECT_EQ(s.update(2), SeqVerdict::Duplicate);
  EXPECT_EQ(s.duplicates(), 2u);
  EXPECT_EQ(s.received(), 3u);
  EXPECT_EQ(s.lost(), 0);
}

TEST(ReceiveStatistics, LatePacketIsAcceptedOnceAndFillsTheLoss) {
  ReceiveStatistics s(10, 1);
  s.update(10);
  s.update(12);
  EXPECT_EQ(s.lost(), 1);
  EXPECT_EQ(s.update(11), SeqVerdict::Late);
  EXPECT_EQ(s.lost(), 0);
  EXPECT_EQ(s.update(11), SeqVerdict::Duplicate);
  EXPECT_EQ(s.late(), 1u);
}

TEST(ReceiveStatistics, LargeJumpIsAcceptedOnlyWhenTheNextPacketConfirmsIt) {
  ReceiveStatistics s(1000, 1);
  s.update(1000);
  EXPECT_EQ(s.update(30000), SeqVerdict::Bad);
  EXPECT_EQ(s.update(1001), SeqVerdict::InOrder);
  EXPECT_EQ(s.update(40000), SeqVerdict::Bad);
  EXPECT_EQ(s.update(40001), SeqVerdict::Restarted);
  EXPECT_EQ(s.max_seq(), 40001);
  EXPECT_EQ(s.update(40002), SeqVerdict::InOrder);
}

TEST(ReceiveStatistics, JitterFollowsRfc3550A8) {
  ReceiveStatistics s(0, 1);
  // Packets every 160 ts units, arriving alternately 0 and 80 units late: |D| = 80 each time.
  double expected = 0;
  for (int i = 0; i < 200; ++i) {
    const std::uint32_t ts = 160u * i;
    s.update_jitter(ts + (i % 2 ? 80 : 0), ts);
    if (i > 0) expected += (80.0 - expected) / 16.0;
  }
  EXPECT_NEAR(s.jitter(), expected, 1.0);
  EXPECT_NEAR(s.jitter(), 80.0, 1.0);
}

TEST(ReceiveStatistics, ReportBlockGivesFractionLostPerInterval) {
  ReceiveStatistics s(0, 1);
  for (std::uint16_t i = 0; i < 100; ++i)
    if (i % 4 != 3) s.update(i);  // 25 of 100 lost (the last one, 99, too: max_seq is 98)
  auto b = s.make_report_block(7);
  EXPECT_EQ(b.ssrc, 7u);
  EXPECT_EQ(b.extended_highest_seq, 98u);
  EXPECT_EQ(b.cumulative_lost, 24);
  EXPECT_EQ(b.fraction_lost, 24 * 256 / 99);
  for (std::uint16_t i = 100; i < 200; ++i)
    s.update(i);
  b = s.make_report_block(7);
  // The new interval expected 99..199 (101) and got 100: one lost (99, skipped above).
  EXPECT_EQ(b.fraction_lost, 256 / 101);
}

}  // namespace
}  // namespace va::rtp
