// RecordingWriter: the process's one call-recording writer, one thread and one bounded queue of
// (recording, piece) jobs shared by every recorded call, so a shard never waits on the disk and
// N recorded calls cost one thread, not N (DESIGN.md threads: "the recorder hands frames to a
// writer thread"). Each file is a 16-bit PCM stereo WAV (libsndfile): left the caller, right
// the AI, at the recording's sample rate (the call's codec rate, 8 or 16 kHz).
//
// Rules:
//  1. open() returns a Recording handle at once: no disk, no thread, no waiting. The writer
//     creates the file when it takes the open job; a failure is reported (rule 5).
//  2. Recording::write() copies a piece into the shared queue under a short lock and never
//     waits for the disk or the writer. The piece is dropped and counted instead (one warning
//     per run of drops) when its recording has queue_pieces pieces in flight, when the whole
//     queue holds max_queued_samples, when its file could not be created, or after close().
//  3. The writer takes the whole queue at once every flush_interval (at once for an open, a
//     close, a queue half full or stop()), places each piece on its own recording's
//     RecordingTimeline and writes what is final, in runs of at least half a second. Pieces of
//     many recordings interleave in the queue; each lands only in its own file, in the order
//     its recording wrote them.
//  4. Recording::close() (or its destructor) queues the end: the writer writes everything
//     left, finishes the WAV header (sf_close) and calls on_finished once, on the writer
//     thread, with complete = true only if the file was created and every write and the close
//     succeeded. Only then is the file whole and worth pointing a call record at.
//  5. A disk error (create, write, close) is logged and reported in the result, never thrown:
//     that recording stops writing (its file is left as it is), every other recording goes on.
//  6. stop() (and the destructor) finishes every recording still open as in rule 4, then ends
//     the thread. Handles may outlive the writer; their writes are then dropped, and open()
//     after stop() reports the failure at once, on the caller's thread.
// Thread-safe: open(), stats() and stop() from any thread (stop() not from on_finished); each
// Recording is used by one thread at a time (its call's shard); stats() from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <thread>

#include "core/logging.h"

namespace va::media {

struct RecordingWriterConfig {
  // The whole queue, all recordings together (rule 2): 16 Mi samples = 32 MiB, about a second
  // of 1000 calls at 8 kHz, both channels. A stalled disk costs at most this much memory.
  std::size_t max_queued_samples = std::size_t{16} << 20;
  // How long pieces wait before the writer takes them (rule 3): fewer wake-ups, no lock
  // contention per piece; far below the recordings' hold-back, so no piece is late for it.
  std::chrono::milliseconds flush_interval{100};
};

// How one recording ended (rule 4).
struct RecordingResult {
  std::string path;
  bool complete = false;             // the WAV file is finished and holds everything not dropped
  std::string error;                 // why not complete ("" when complete)
  std::uint64_t frames = 0;          // stereo sample frames in the file
  std::uint64_t pieces_dropped = 0;  // rule 2
  std::uint64_t pieces_late = 0;     // RecordingTimeline rule 3
};

struct RecordingConfig {
  std::string path;
  int sample_rate = 8000;
  std::size_t queue_pieces = 500;  // this recording's pieces in flight before they drop
  // Audio kept in memory before it is final (RecordingTimeline rule 3).
  std::chrono::milliseconds hold_back{2000};
  core::LogContext log;  // the call's identity on the writer's lines about this file
  // Rule 4; runs on the writer thread (keep it short: post the result elsewhere). May be unset.
  std::function<void(const RecordingResult&)> on_finished;
};

struct RecordingStats {
  std::uint64_t pieces_queued = 0;
  std::uint64_t pieces_dropped = 0;  // rule 2: the audio is lost
  std::uint64_t pieces_late = 0;     // arrived after its place was written: dropped
  std::uint64_t frames_written = 0;  // stereo sample frames in the file
  bool open_failed = false;
  bool write_failed = false;  // a write or the close failed
  bool finished = false;      // rule 4 done (on_finished has returned)
};

struct RecordingWriterStats {
  std::uint64_t recordings_opened = 0;
  std::uint64_t recordings_finished = 0;  // complete or not
  std::uint64_t recordings_failed = 0;    // finished, not complete
  std::uint64_t recordings_open = 0;      // taken by the writer and not yet finished
  std::uint64_t pieces_written = 0;       // placed on a timeline
  std::uint64_t pieces_dropped = 0;       // rule 2, all recordings
  std::uint64_t frames_written = 0;       // stereo frames, all files
  std::uint64_t wakeups = 0;              // batches the writer took
  std::uint64_t queued_samples = 0;       // in the queue now
  std::chrono::nanoseconds cpu_time{0};   // the writer thread's CPU time so far
};

class RecordingWriter;

// One recording: the handle a call's media writes its pieces to (rules 2 and 4).
class Recording {
 public:
  static constexpr std::size_t kMaxPiece = 640;  // samples (40 ms at 16 kHz)

  ~Recording();  // close()
  Recording(const Recording&) = delete;
  Recording& operator=(const Recording&) = delete;

  // channel 0 = left (caller), 1 = right (AI); `at` in samples since the recording's start.
  // False when the piece was refused: too large (split pieces above kMaxPiece) or a bad
  // channel (not counted), or dropped by rule 2 (counted).
  bool write(int channel, std::int64_t at, std::span<const std::int16_t> samples);
  // Rule 4; returns at once. Idempotent.
  void close();
  // Waits until rule 4 is done (on_finished has returned; so not from on_finished); true if
  // it was within `timeout` (tests, tools).
  bool wait_finished(std::chrono::milliseconds timeout) const;

  RecordingStats stats() const;
  int sample_rate() const;
  const std::string& path() const;

  struct State;  // between the handle and the writer (recording_writer.cc)
  struct Queue;  // the writer's shared queue (recording_writer.cc)

 private:
  friend class RecordingWriter;
  Recording(std::shared_ptr<Queue> queue, std::shared_ptr<State> state);
  bool drop(bool overload);

  std::shared_ptr<Queue> queue_;
  std::shared_ptr<State> state_;
  bool closed_ = false;
  bool dropping_ = false;  // in a run of overload drops: its warning was logged
};

class RecordingWriter {
 public:
  // Starts the writer thread (throws std::system_error if it cannot: at start-up only).
  explicit RecordingWriter(RecordingWriterConfig config = {});
  ~RecordingWriter();  // stop()
  RecordingWriter(const RecordingWriter&) = delete;
  RecordingWriter& operator=(const RecordingWriter&) = delete;

  // Rule 1.
  std::unique_ptr<Recording> open(RecordingConfig config);
  // Rule 6; waits for the writer to finish every open recording. Idempotent.
  void stop();

  RecordingWriterStats stats() const;

 private:
  std::shared_ptr<Recording::Queue> queue_;
  std::thread thread_;
};

}  // namespace va::media
