// PlayoutQueue: FIFO order, the max_frames bound, and storage let go once a long turn has played.
#include "rtp/playout_queue.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace va::rtp {
namespace {

std::array<std::uint8_t, 160> frame(std::uint8_t fill) {
  std::array<std::uint8_t, 160> f;
  f.fill(fill);
  return f;
}

TEST(PlayoutQueue, PlaysFramesInOrderAndRefusesBeyondMaxFrames) {
  PlayoutQueue q(3);
  for (std::uint8_t i = 1; i <= 3; ++i)
    ASSERT_TRUE(q.push(frame(i)));
  EXPECT_FALSE(q.push(frame(4)));
  for (std::uint8_t i = 1; i <= 3; ++i) {
    ASSERT_EQ(q.front().size(), 160u);
    EXPECT_EQ(q.front()[0], i);
    q.pop();
  }
  EXPECT_TRUE(q.empty());
  EXPECT_TRUE(q.front().empty());
}

TEST(PlayoutQueue, LetsStorageGoOnceALongTurnHasPlayed) {
  PlayoutQueue q(1500);
  for (int i = 0; i < 250; ++i)
    ASSERT_TRUE(q.push(frame(static_cast<std::uint8_t>(i))));
  EXPECT_GE(q.capacity(), 250u);
  for (int i = 0; i < 250; ++i) {
    EXPECT_EQ(q.front()[0], static_cast<std::uint8_t>(i));
    q.pop();
  }
  EXPECT_EQ(q.capacity(), 0u);
  ASSERT_TRUE(q.push(frame(7)));  // grows again from nothing
  EXPECT_EQ(q.front()[0], 7);
  EXPECT_LE(q.capacity(), PlayoutQueue::kIdleSlots);
}

TEST(PlayoutQueue, SlotsAreAsWideAsTheLargestFrameNotTheLargestPossible) {
  PlayoutQueue q(1500);
  for (int i = 0; i < 256; ++i)
    ASSERT_TRUE(q.push(frame(1)));
  EXPECT_EQ(q.capacity(), 256u);
  EXPECT_LE(q.storage_bytes(), 256u * (160 + 2));  // G.711: half of 320-byte slots
}

TEST(PlayoutQueue, WidensItsSlotsForALargerFrameKeepingOrderAndContent) {
  PlayoutQueue q(1500);
  ASSERT_TRUE(q.push(frame(1)));
  ASSERT_TRUE(q.push(frame(2)));
  const std::vector<std::uint8_t> wide(320, 3);
  ASSERT_TRUE(q.push(wide));
  ASSERT_TRUE(q.push(std::vector<std::uint8_t>{}));  // an empty frame is a frame
  EXPECT_FALSE(q.push(std::vector<std::uint8_t>(PlayoutQueue::kMaxFrameBytes + 1, 0)));
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q.front().size(), 160u);
  EXPECT_EQ(q.front()[159], 1);
  q.pop();
  EXPECT_EQ(q.front()[0], 2);
  q.pop();
  ASSERT_EQ(q.front().size(), 320u);
  EXPECT_EQ(q.front()[319], 3);
  q.pop();
  EXPECT_EQ(q.front().size(), 0u);
  EXPECT_FALSE(q.empty());
  q.pop();
  EXPECT_TRUE(q.empty());
}

TEST(PlayoutQueue, WrapsAroundTheRingWhileGrowing) {
  PlayoutQueue q(1500);
  std::uint8_t next_in = 0, next_out = 0;
  for (int round = 0; round < 40; ++round) {
    for (int i = 0; i < 5; ++i)
      ASSERT_TRUE(q.push(frame(next_in++)));
    for (int i = 0; i < 3; ++i) {
      ASSERT_EQ(q.front()[0], next_out++);
      q.pop();
    }
  }
  while (!q.empty()) {
    ASSERT_EQ(q.front()[0], next_out++);
    q.pop();
  }
  EXPECT_EQ(next_out, next_in);
}

TEST(PlayoutQueue, KeepsASmallRingWhileIdle) {
  PlayoutQueue q(1500);
  for (int round = 0; round < 3; ++round) {
    ASSERT_TRUE(q.push(frame(1)));
    q.pop();
  }
  EXPECT_EQ(q.capacity(), PlayoutQueue::kIdleSlots);
}

TEST(PlayoutQueue, BargeInClearLetsStorageGo) {
  PlayoutQueue q(1500);
  for (int i = 0; i < 100; ++i)
    ASSERT_TRUE(q.push(frame(1)));
  q.clear();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.capacity(), 0u);
}

}  // namespace
}  // namespace va::rtp
