// JitterBuffer: adaptive playout delay for inbound 20 ms audio frames (20 ms minimum), telling
// the decoder when a frame is lost so media/ can conceal it (RFC 3550 6.4.1 jitter context).
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace va::rtp {

struct JitterBufferConfig {
  int min_frames = 1;   // 20 ms: the floor of the playout delay
  int max_frames = 10;  // 200 ms
  // Frames above target held this many consecutive pops before one is dropped to cut delay.
  int shrink_after = 50;  // 1 s
};

// Frames are ordered by RTP sequence number (20 ms each). The consumer calls pop() once per 20 ms.
//   1. Start: nothing plays until `target` frames are buffered (initially min_frames).
//   2. Each pop returns the frame with the next sequence number, or Missing when it is absent
//      but later frames are here (a loss: conceal it and move on).
//   3. Underrun (nothing buffered at all): Missing is returned without advancing; the target
//      grows by one frame (up to max_frames) and playback re-buffers to the new target.
//   4. A frame older than the one due next is late: dropped (counted).
//   5. When the buffer held more than target + 1 frames for shrink_after pops in a row, the
//      oldest frame is dropped and the target shrinks by one (down to min_frames).
//   6. A sequence jump beyond the buffer's span (sender restart) resets to rule 1.
// Silence suppressed by the sender (timestamp gap, sequence continuous) is not replayed as
// silence: frames play back to back, which suits speech-to-AI input.
class JitterBuffer {
 public:
  static constexpr std::size_t kSlots = 32;  // 640 ms
  static constexpr std::size_t kMaxFrameBytes = 320;

  explicit JitterBuffer(const JitterBufferConfig& config = {});

  // False when the frame was dropped (late, duplicate or too large).
  bool push(std::uint16_t seq, std::span<const std::uint8_t> payload);

  enum class Status { Buffering, Frame, Missing };
  struct Output {
    Status status = Status::Buffering;
    std::span<const std::uint8_t> payload;  // valid until the next push/pop
  };
  Output pop();
  void reset();

  int target_frames() const { return target_; }
  std::size_t buffered() const { return count_; }
  std::uint64_t late_dropped() const { return late_dropped_; }
  std::uint64_t underruns() const { return underruns_; }
  std::uint64_t concealed() const { return concealed_; }
  std::uint64_t shrink_drops() const { return shrink_drops_; }

 private:
  struct Slot {
    std::array<std::uint8_t, kMaxFrameBytes> data;
    std::uint16_t size = 0;
    std::uint16_t seq = 0;
    bool full = false;
  };
  std::int32_t ahead(std::uint16_t seq) const;  // seq - next_, wrap-aware
  std::int32_t span_ahead() const;              // frames from next_ to the newest, inclusive

  JitterBufferConfig config_;
  std::array<Slot, kSlots> slots_{};
  bool started_ = false;  // next_ is meaningful
  bool playing_ = false;
  std::uint16_t next_ = 0;
  std::uint16_t newest_ = 0;
  std::size_t count_ = 0;
  int target_;
  int excess_run_ = 0;
  std::uint64_t late_dropped_ = 0;
  std::uint64_t underruns_ = 0;
  std::uint64_t concealed_ = 0;
  std::uint64_t shrink_drops_ = 0;
};

}  // namespace va::rtp
