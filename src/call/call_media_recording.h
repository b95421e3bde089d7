// CallMediaRecording: a call's two directions on one timeline in a recording of the process's
// shared media::RecordingWriter (caller left, AI right): the caller's audio as it arrives, the
// AI's as the pacer actually sent it, so audio flushed by a barge-in never appears in it.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/clock.h"
#include "media/recording_writer.h"

namespace va::call {

// Positions are samples since construction on the injected clock. AI frames are mirrored
// when queued; sync(n) with the RtpSession's queue length tells which of them left: the
// oldest (mirror size - n), placed 20 ms apart ending now (the writer snaps small errors).
// Creating one touches neither the writer nor the disk (it sits on the greeting's path in
// CallMedia::start()): the recording is opened with the writer at the first audio handed on
// (or at close(), so a silent call still leaves its file).
class CallMediaRecording {
 public:
  // `writer` must outlive this object. config.sample_rate is the rate of every frame given.
  CallMediaRecording(media::RecordingWriter& writer, media::RecordingConfig config,
                     const core::Clock& clock);
  ~CallMediaRecording();  // close(), without the unsent AI frames
  CallMediaRecording(const CallMediaRecording&) = delete;
  CallMediaRecording& operator=(const CallMediaRecording&) = delete;

  int rate() const { return rate_; }
  // The caller's decoded audio that just arrived (any length).
  void caller(std::span<const std::int16_t> pcm);
  // One 20 ms AI frame just queued for sending.
  void ai_queued(std::span<const std::int16_t> frame);
  // Barge-in: what was queued is gone.
  void ai_flushed();
  // `still_queued` = RtpSession::queued_frames(): the frames before them were sent.
  void sync(std::size_t still_queued);
  // Writes what was sent and lets the writer finish the file (without waiting for it); the
  // config's on_finished then reports it.
  void close(std::size_t still_queued);
  // The writer's handle (opened here if it was not yet): tests wait on it.
  media::Recording& handle();
  std::uint64_t dropped() const;

 private:
  std::int64_t now_position() const;
  // Lets a ring grown past kIdleFrames go once it is empty (after a greeting or a long turn).
  void release_if_idle();
  static constexpr std::size_t kIdleFrames = 64;

  media::RecordingWriter& writer_;
  media::RecordingConfig config_;  // until the recording is opened
  std::unique_ptr<media::Recording> recording_;
  const core::Clock& clock_;
  core::Clock::TimePoint start_;
  int rate_;
  std::size_t frame_;
  // Unsent AI frames: a ring of `capacity_` frames of frame_ samples, grown by doubling from
  // kIdleFrames. A greeting queues all its frames at once (150 for 3 s: a 256-frame ring,
  // 80 KiB at 8 kHz), which an idle call would otherwise keep to its end.
  std::vector<std::int16_t> ring_;
  std::size_t capacity_ = 0;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  bool closed_ = false;
};

}  // namespace va::call
