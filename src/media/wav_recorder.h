// WavRecorder: one call's two-channel recording (left: caller, right: AI) as a 16-bit PCM WAV
// file (libsndfile), written by its own thread so the shard never waits on the disk
// (DESIGN.md threads: "the recorder hands frames to a writer thread").
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace va::media {

struct WavRecorderConfig {
  std::string path;
  int sample_rate = 8000;
  std::size_t queue_frames = 500;  // pieces of up to kMaxPiece samples waiting for the writer
  // The writer keeps this much audio in memory before writing it, so a channel that reports a
  // little late (the AI side learns what was played once per sync) still lands in place.
  std::chrono::milliseconds hold_back{2000};
};

struct WavRecorderStats {
  std::uint64_t pieces_queued = 0;
  std::uint64_t pieces_dropped = 0;  // the queue was full (a slow disk): the audio is lost
  std::uint64_t pieces_late = 0;     // arrived after its place was written: dropped
  std::uint64_t frames_written = 0;  // stereo sample frames in the file
  bool open_failed = false;
  bool write_failed = false;
};

// How the writer places a piece (channel, at, samples), `at` in samples since the start:
//   1. Each channel has a cursor (the end of its last piece). A piece whose `at` lies within
//      kSnap samples of the cursor is placed at the cursor: arrival jitter neither overlaps
//      pieces nor leaves clicks of silence between them.
//   2. Otherwise it is placed at `at` (a gap is silence, e.g. the AI not speaking).
//   3. Audio older than the newest position minus hold_back is written out, the silent channel
//      as zeros; a piece that lands before that point is late and dropped.
//   4. close() writes everything left, finishes the header and ends the thread.
class WavRecorder {
 public:
  static constexpr std::size_t kMaxPiece = 640;  // 40 ms at 16 kHz
  static constexpr std::int64_t kSnap = 480;     // samples (60 ms at 8 kHz)

  // Starts the writer thread, which opens the file (failure: stats().open_failed, and pieces
  // are discarded). Never blocks on the disk.
  static std::unique_ptr<WavRecorder> start(WavRecorderConfig config);
  // Closes (rule 4) without waiting for the writer.
  ~WavRecorder();
  WavRecorder(const WavRecorder&) = delete;
  WavRecorder& operator=(const WavRecorder&) = delete;

  // channel 0 = left (caller), 1 = right (AI). Never blocks on the disk; false when the piece
  // was dropped (queue full, closed, or too large: split pieces above kMaxPiece).
  bool write(int channel, std::int64_t at, std::span<const std::int16_t> samples);
  // Asks the writer to finish (rule 4); returns at once.
  void close();
  // Waits until the file is finished; true if it was within `timeout` (tests, shutdown).
  bool wait_closed(std::chrono::milliseconds timeout);

  WavRecorderStats stats() const;
  int sample_rate() const;

  struct Shared;  // between the recorder and its writer thread (wav_recorder.cc)

 private:
  explicit WavRecorder(std::shared_ptr<Shared> shared);
  std::shared_ptr<Shared> shared_;
};

}  // namespace va::media
