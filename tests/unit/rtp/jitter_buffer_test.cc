// JitterBuffer tests: one per numbered rule of jitter_buffer.h.
#include "rtp/jitter_buffer.h"

#include <gtest/gtest.h>

#include <vector>

namespace va::rtp {
namespace {

using Status = JitterBuffer::Status;

std::vector<std::uint8_t> frame(std::uint16_t seq) {
  return std::vector<std::uint8_t>(160, static_cast<std::uint8_t>(seq));
}

void push(JitterBuffer& jb, std::uint16_t seq) {
  jb.push(seq, frame(seq));
}

// Pops once and returns the frame's tag byte, -1 for Missing, -2 for Buffering.
int pop_tag(JitterBuffer& jb) {
  const auto out = jb.pop();
  if (out.status == Status::Buffering) return -2;
  if (out.status == Status::Missing) return -1;
  return out.payload[0];
}

TEST(JitterBuffer, StartsAfterTargetFramesAndPlaysInOrder) {
  JitterBufferConfig cfg;
  cfg.min_frames = 2;
  JitterBuffer jb(cfg);
  EXPECT_EQ(pop_tag(jb), -2);
  push(jb, 10);
  EXPECT_EQ(pop_tag(jb), -2);
  push(jb, 11);
  EXPECT_EQ(pop_tag(jb), 10);
  push(jb, 12);
  EXPECT_EQ(pop_tag(jb), 11);
  EXPECT_EQ(pop_tag(jb), 12);
}

TEST(JitterBuffer, ReorderedFramesComeOutInSequence) {
  JitterBuffer jb;
  push(jb, 1);
  push(jb, 3);
  push(jb, 2);
  EXPECT_EQ(pop_tag(jb), 1);
  EXPECT_EQ(pop_tag(jb), 2);
  EXPECT_EQ(pop_tag(jb), 3);
}

TEST(JitterBuffer, LossIsReportedMissingAndPlaybackMovesOn) {
  JitterBuffer jb;
  push(jb, 1);
  push(jb, 3);
  EXPECT_EQ(pop_tag(jb), 1);
  EXPECT_EQ(pop_tag(jb), -1);
  EXPECT_EQ(pop_tag(jb), 3);
  EXPECT_EQ(jb.concealed(), 1u);
}

TEST(JitterBuffer, LateFrameIsDropped) {
  JitterBuffer jb;
  push(jb, 5);
  push(jb, 7);
  EXPECT_EQ(pop_tag(jb), 5);
  EXPECT_EQ(pop_tag(jb), -1);  // 6 given up
  EXPECT_FALSE(jb.push(6, frame(6)));
  EXPECT_EQ(jb.late_dropped(), 1u);
  EXPECT_EQ(pop_tag(jb), 7);
}

TEST(JitterBuffer, UnderrunGrowsTheTargetAndRebuffers) {
  JitterBuffer jb;
  EXPECT_EQ(jb.target_frames(), 1);
  push(jb, 1);
  EXPECT_EQ(pop_tag(jb), 1);
  EXPECT_EQ(pop_tag(jb), -1);  // nothing there
  EXPECT_EQ(jb.underruns(), 1u);
  EXPECT_EQ(jb.target_frames(), 2);
  push(jb, 2);
  EXPECT_EQ(pop_tag(jb), -2);  // re-buffering to 2 frames
  push(jb, 3);
  EXPECT_EQ(pop_tag(jb), 2);
  EXPECT_EQ(pop_tag(jb), 3);
}

TEST(JitterBuffer, SustainedExcessDelayShrinksTheBuffer) {
  JitterBufferConfig cfg;
  cfg.min_frames = 1;
  cfg.shrink_after = 5;
  JitterBuffer jb(cfg);
  std::uint16_t seq = 0;
  for (int i = 0; i < 6; ++i)
    push(jb, seq++);  // a burst: 6 frames queued
  std::vector<int> played;
  for (int i = 0; i < 12; ++i) {
    push(jb, seq++);
    played.push_back(pop_tag(jb));
  }
  EXPECT_GE(jb.shrink_drops(), 1u);
  EXPECT_LT(jb.buffered(), 6u);
  for (std::size_t i = 1; i < played.size(); ++i)
    EXPECT_GT(played[i], played[i - 1]);
}

TEST(JitterBuffer, SequenceJumpBeyondTheBufferResets) {
  JitterBuffer jb;
  push(jb, 100);
  EXPECT_EQ(pop_tag(jb), 100);
  push(jb, 30000);
  EXPECT_EQ(pop_tag(jb), 30000 & 0xff);
}

TEST(JitterBuffer, WorksAcrossSequenceWrap) {
  JitterBuffer jb;
  for (std::uint16_t s : {65534, 65535, 0, 1})
    push(jb, s);
  EXPECT_EQ(pop_tag(jb), 65534 & 0xff);
  EXPECT_EQ(pop_tag(jb), 65535 & 0xff);
  EXPECT_EQ(pop_tag(jb), 0);
  EXPECT_EQ(pop_tag(jb), 1);
}

}  // namespace
}  // namespace va::rtp
