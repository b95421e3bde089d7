// RecordingTimeline: one recording's two channels (left: caller, right: AI) placed on one
// timeline of sample positions and handed out as interleaved 16-bit stereo frames once final.
// Pure memory, no disk, no thread: the RecordingWriter owns one per open file.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace va::media {

// How a piece (channel, at, samples) is placed, `at` in samples since the recording's start:
//   1. Each channel has a cursor (the end of its last piece). A piece whose `at` lies within
//      kSnap samples of the cursor is placed at the cursor: arrival jitter neither overlaps
//      pieces nor leaves clicks of silence between them.
//   2. Otherwise it is placed at `at` (a gap is silence, e.g. the AI not speaking).
//   3. Audio older than the newest position minus hold_back is final and is taken out, the
//      silent channel as zeros; a piece that lands before that point is late and dropped (the
//      part of it that is, when it straddles the point).
//   4. take(all = true) at the end takes everything placed.
class RecordingTimeline {
 public:
  static constexpr std::int64_t kSnap = 480;  // samples (60 ms at 8 kHz)

  // `hold_back`: samples kept in memory before they are final (rule 3), so a channel that
  // reports a little late (the AI side learns what was played once per sync) still lands.
  explicit RecordingTimeline(std::int64_t hold_back) : hold_back_(hold_back) {}

  // channel 0 or 1. Returns false when the piece was wholly late (rule 3).
  bool place(int channel, std::int64_t at, std::span<const std::int16_t> samples);
  // Replaces `out` with the frames now final (rule 3, or all with rule 4), interleaved L R;
  // returns how many stereo frames that is.
  std::size_t take(bool all, std::vector<std::int16_t>& out);

  // Stereo frames take(false) would hand out now.
  std::int64_t ready() const { return std::max<std::int64_t>(0, newest_ - hold_back_ - base_); }
  std::uint64_t frames_taken() const { return taken_; }

 private:
  std::int64_t hold_back_;
  std::int64_t base_ = 0;    // position of buf_[ch][0]: everything before it was taken
  std::int64_t newest_ = 0;  // the furthest end of any piece
  std::array<std::int64_t, 2> cursor_{};
  std::array<std::vector<std::int16_t>, 2> buf_;
  std::uint64_t taken_ = 0;
};

}  // namespace va::media
