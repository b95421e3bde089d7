// PlayoutQueue: encoded 20 ms frames waiting for the shard's pacer tick (outbound playout).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace va::rtp {

// A ring of slots, each as wide as the largest frame pushed so far (160 bytes for 20 ms of
// G.711 or G.722, 320 for L16), growing by doubling up to max_frames. Once it runs empty with
// more than kIdleSlots slots it lets them go: a greeting or an AI turn arrives faster than it
// is played and may fill hundreds of slots, which an idle call would otherwise hold for its
// whole life. One allocation per turn costs nothing beside its 50 packets/s.
class PlayoutQueue {
 public:
  static constexpr std::size_t kMaxFrameBytes = 320;  // 20 ms of G.722 is 160; L16 8k is 320
  static constexpr std::size_t kIdleSlots = 8;        // 160 ms: kept while empty

  explicit PlayoutQueue(std::size_t max_frames) : max_frames_(max_frames) {}

  // False (frame dropped) when the frame is too large or the queue holds max_frames.
  bool push(std::span<const std::uint8_t> frame);
  // The oldest frame; valid until the next push/pop/clear. Empty span when the queue is empty.
  std::span<const std::uint8_t> front() const;
  void pop();
  void clear();  // barge-in: drop everything at once

  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Slots and bytes of storage held (for the memory benchmarks and tests).
  std::size_t capacity() const { return sizes_.size(); }
  std::size_t storage_bytes() const { return bytes_.capacity() + 2 * sizes_.capacity(); }

 private:
  // Moves the queued frames, oldest first, into `slots` slots `stride` bytes wide.
  void relayout(std::size_t slots, std::size_t stride);
  void release_if_idle();

  std::size_t max_frames_;
  std::size_t stride_ = 0;            // bytes per slot: the largest frame seen
  std::vector<std::uint8_t> bytes_;   // capacity() slots of stride_ bytes
  std::vector<std::uint16_t> sizes_;  // each slot's frame length
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};

}  // namespace va::rtp
