// PlayoutQueue: encoded 20 ms frames waiting for the shard's pacer tick (outbound playout).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace va::rtp {

// A ring of fixed-size slots that grows by doubling up to max_frames. Once it runs empty with
// more than kIdleSlots slots it lets them go: a greeting or an AI turn arrives faster than it
// is played and may fill hundreds of slots (322 bytes each), which an idle call would otherwise
// hold for its whole life. One allocation per turn costs nothing beside its 50 packets/s.
class PlayoutQueue {
 public:
  static constexpr std::size_t kMaxFrameBytes = 320;  // 20 ms of G.722 is 160; L16 8k is 320

  explicit PlayoutQueue(std::size_t max_frames) : max_frames_(max_frames) {}

  // False (frame dropped) when the frame is too large or the queue holds max_frames.
  bool push(std::span<const std::uint8_t> frame);
  // The oldest frame; valid until the next push/pop/clear. Empty span when the queue is empty.
  std::span<const std::uint8_t> front() const;
  void pop();
  void clear();  // barge-in: drop everything at once

  // Slots of storage held (for the memory benchmarks and tests).
  std::size_t capacity() const { return slots_.size(); }
  static constexpr std::size_t kIdleSlots = 8;  // 160 ms: kept while empty

  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

 private:
  struct Slot {
    std::array<std::uint8_t, kMaxFrameBytes> data;
    std::uint16_t size;
  };
  void grow();
  void release_if_idle();

  std::size_t max_frames_;
  std::vector<Slot> slots_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};

}  // namespace va::rtp
