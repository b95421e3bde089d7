// RecordingTimeline: two channels on one timeline; snapping, gaps as silence, hold-back and
// late pieces (rules 1-4), in memory.
#include "media/recording_timeline.h"

#include <gtest/gtest.h>

#include <vector>

namespace va::media {
namespace {

std::int16_t at(const std::vector<std::int16_t>& frames, std::size_t frame, int ch) {
  return frames[frame * 2 + static_cast<std::size_t>(ch)];
}

TEST(RecordingTimeline, ChannelsLandOnOneTimelineWithSilenceInGaps) {
  RecordingTimeline t(16000);
  const std::vector<std::int16_t> left(160, 1000), right(160, -2000);
  for (int i = 0; i < 10; ++i)
    EXPECT_TRUE(t.place(0, i * 160, left));
  EXPECT_TRUE(t.place(1, 3200, right));  // 400 ms: after a gap longer than the snap
  std::vector<std::int16_t> out;
  EXPECT_EQ(t.take(false, out), 0u) << "all of it is within the hold-back";
  ASSERT_EQ(t.take(true, out), 3360u);
  EXPECT_EQ(at(out, 0, 0), 1000);
  EXPECT_EQ(at(out, 1599, 0), 1000);
  EXPECT_EQ(at(out, 1600, 0), 0);
  EXPECT_EQ(at(out, 100, 1), 0);
  EXPECT_EQ(at(out, 3200, 1), -2000);
  EXPECT_EQ(at(out, 3359, 1), -2000);
  EXPECT_EQ(t.frames_taken(), 3360u);
}

TEST(RecordingTimeline, PieceNearTheCursorSnapsToIt) {
  RecordingTimeline t(16000);
  const std::vector<std::int16_t> a(160, 100), b(160, 200), c(160, 300);
  t.place(0, 0, a);
  t.place(0, 100, b);  // jitter: overlaps a by 60 samples; placed right after it
  t.place(0, 320 + RecordingTimeline::kSnap, c);  // a late-ish gap within the snap: no click
  std::vector<std::int16_t> out;
  ASSERT_EQ(t.take(true, out), 480u);
  EXPECT_EQ(at(out, 159, 0), 100);
  EXPECT_EQ(at(out, 160, 0), 200);
  EXPECT_EQ(at(out, 320, 0), 300);
}

TEST(RecordingTimeline, OnlyAudioOlderThanTheHoldBackIsTakenAndLatePiecesAreDropped) {
  RecordingTimeline t(800);
  const std::vector<std::int16_t> s(160, 5);
  for (int i = 0; i < 20; ++i)
    t.place(0, i * 160, s);
  std::vector<std::int16_t> out;
  EXPECT_EQ(t.take(false, out), 2400u);  // 3200 placed, 800 held back
  EXPECT_EQ(t.take(false, out), 0u);
  EXPECT_FALSE(t.place(1, 0, s));  // wholly before what was taken: late
  const std::vector<std::int16_t> straddle(160, 9);
  EXPECT_TRUE(t.place(1, 2400 - 60, straddle));  // its last 100 samples still fit
  ASSERT_EQ(t.take(true, out), 800u);
  EXPECT_EQ(at(out, 0, 1), 9);
  EXPECT_EQ(at(out, 99, 1), 9);
  EXPECT_EQ(at(out, 100, 1), 0);
  EXPECT_EQ(t.frames_taken(), 3200u);
}

}  // namespace
}  // namespace va::media
