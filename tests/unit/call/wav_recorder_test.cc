// WavRecorder (media/): two channels on one timeline, written by its own thread; placement
// rules (snap, gaps, late pieces), a slow or missing disk never blocks the writer's caller.
#include "media/wav_recorder.h"

#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

namespace va::media {
namespace {

using namespace std::chrono_literals;

struct Wav {
  SF_INFO info{};
  std::vector<std::int16_t> data;  // interleaved
  std::int16_t at(std::size_t frame, int ch) const {
    return data[frame * 2 + static_cast<std::size_t>(ch)];
  }
};

Wav read_wav(const std::string& path) {
  Wav w;
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &w.info);
  if (!f) return w;
  w.data.resize(static_cast<std::size_t>(w.info.frames) * 2);
  sf_readf_short(f, w.data.data(), w.info.frames);
  sf_close(f);
  return w;
}

class WavRecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("va_wav_recorder_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".wav"))
                .string();
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::string path_;
};

TEST_F(WavRecorderTest, ChannelsLandOnOneTimelineWithSilenceInGaps) {
  auto rec = WavRecorder::start({path_, 8000, 100, 2000ms});
  const std::vector<std::int16_t> left(160, 1000), right(160, -2000);
  for (int i = 0; i < 10; ++i)
    EXPECT_TRUE(rec->write(0, i * 160, left));
  EXPECT_TRUE(rec->write(1, 3200, right));  // 400 ms: after a gap longer than the snap
  rec->close();
  ASSERT_TRUE(rec->wait_closed(5s));
  const auto w = read_wav(path_);
  EXPECT_EQ(w.info.channels, 2);
  EXPECT_EQ(w.info.samplerate, 8000);
  ASSERT_EQ(w.info.frames, 3360);
  EXPECT_EQ(w.at(0, 0), 1000);
  EXPECT_EQ(w.at(1599, 0), 1000);
  EXPECT_EQ(w.at(1600, 0), 0);
  EXPECT_EQ(w.at(100, 1), 0);
  EXPECT_EQ(w.at(3200, 1), -2000);
  EXPECT_EQ(w.at(3359, 1), -2000);
  EXPECT_EQ(rec->stats().frames_written, 3360u);
}

TEST_F(WavRecorderTest, PieceNearTheCursorSnapsToIt) {
  auto rec = WavRecorder::start({path_, 8000, 100, 2000ms});
  const std::vector<std::int16_t> a(160, 100), b(160, 200);
  rec->write(0, 0, a);
  rec->write(0, 100, b);  // jitter: overlaps a by 60 samples; placed right after it
  rec->close();
  ASSERT_TRUE(rec->wait_closed(5s));
  const auto w = read_wav(path_);
  ASSERT_EQ(w.info.frames, 320);
  EXPECT_EQ(w.at(159, 0), 100);
  EXPECT_EQ(w.at(160, 0), 200);
}

TEST_F(WavRecorderTest, PieceBehindWhatWasWrittenIsLate) {
  auto rec = WavRecorder::start({path_, 8000, 100, 100ms});  // 800 samples held back
  const std::vector<std::int16_t> s(160, 5);
  for (int i = 0; i < 20; ++i)
    rec->write(0, i * 160, s);
  // Let the writer write out up to (3200 - 800).
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (rec->stats().frames_written < 2400 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_GE(rec->stats().frames_written, 2400u);
  rec->write(1, 0, s);  // far behind
  rec->close();
  ASSERT_TRUE(rec->wait_closed(5s));
  EXPECT_EQ(rec->stats().pieces_late, 1u);
}

TEST_F(WavRecorderTest, WritesAfterCloseOrTooLargeAreRefused) {
  auto rec = WavRecorder::start({path_, 8000, 100, 2000ms});
  EXPECT_FALSE(rec->write(0, 0, std::vector<std::int16_t>(WavRecorder::kMaxPiece + 1, 0)));
  EXPECT_FALSE(rec->write(2, 0, std::vector<std::int16_t>(10, 0)));
  rec->close();
  EXPECT_FALSE(rec->write(0, 0, std::vector<std::int16_t>(160, 0)));
  ASSERT_TRUE(rec->wait_closed(5s));
  EXPECT_GE(rec->stats().pieces_dropped, 1u);
}

TEST_F(WavRecorderTest, FullQueueDropsAndCountsInsteadOfWaiting) {
  // A queue of 2 pieces against 500 writes in a burst: most must be dropped, none may block.
  auto rec = WavRecorder::start({path_, 8000, 2, 2000ms});
  const std::vector<std::int16_t> s(160, 7);
  int accepted = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 500; ++i)
    accepted += rec->write(0, i * 160, s) ? 1 : 0;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
  const auto st = rec->stats();
  EXPECT_EQ(st.pieces_queued + st.pieces_dropped, 500u);
  EXPECT_EQ(static_cast<std::uint64_t>(accepted), st.pieces_queued);
  rec->close();
  ASSERT_TRUE(rec->wait_closed(5s));
}

TEST_F(WavRecorderTest, UnwritablePathIsReportedNotFatal) {
  auto rec = WavRecorder::start({"/nonexistent-dir/x/y.wav", 8000, 10, 2000ms});
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!rec->stats().open_failed && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_TRUE(rec->stats().open_failed);
  EXPECT_FALSE(rec->write(0, 0, std::vector<std::int16_t>(160, 1)));
  rec->close();
  EXPECT_TRUE(rec->wait_closed(5s));
}

}  // namespace
}  // namespace va::media
