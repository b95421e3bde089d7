// CallMediaRecording: a call's two directions on one timeline in a WavRecorder (caller left,
// AI right): the caller's audio as it arrives, the AI's as the pacer actually sent it, so
// audio flushed by a barge-in never appears in the recording.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "media/wav_recorder.h"

namespace va::call {

// Positions are samples since construction on the injected clock. AI frames are mirrored
// when queued; sync(n) with the RtpSession's queue length tells which of them left: the
// oldest (mirror size - n), placed 20 ms apart ending now (the writer snaps small errors).
class CallMediaRecording {
 public:
  CallMediaRecording(const std::string& path, int rate, std::size_t queue_frames,
                     const core::Clock& clock);
  ~CallMediaRecording();
  CallMediaRecording(const CallMediaRecording&) = delete;
  CallMediaRecording& operator=(const CallMediaRecording&) = delete;

  int rate() const { return rate_; }
  // The caller's decoded audio that just arrived (any length up to WavRecorder::kMaxPiece).
  void caller(std::span<const std::int16_t> pcm);
  // One 20 ms AI frame just queued for sending.
  void ai_queued(std::span<const std::int16_t> frame);
  // Barge-in: what was queued is gone.
  void ai_flushed() { count_ = head_ = 0; }
  // `still_queued` = RtpSession::queued_frames(): the frames before them were sent.
  void sync(std::size_t still_queued);
  // Writes what was sent and lets the writer finish the file (without waiting for it).
  void close(std::size_t still_queued);
  media::WavRecorder& recorder() { return *recorder_; }
  std::uint64_t dropped() const;

 private:
  std::int64_t now_position() const;

  std::unique_ptr<media::WavRecorder> recorder_;
  const core::Clock& clock_;
  core::Clock::TimePoint start_;
  int rate_;
  std::size_t frame_;
  // Unsent AI frames: a ring of `capacity_` frames of frame_ samples, grown by doubling.
  std::vector<std::int16_t> ring_;
  std::size_t capacity_ = 0;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  bool closed_ = false;
};

}  // namespace va::call
