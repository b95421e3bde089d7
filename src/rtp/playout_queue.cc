// PlayoutQueue: growable ring of 20 ms frames for the pacer.
#include "rtp/playout_queue.h"

#include <algorithm>
#include <cstring>

namespace va::rtp {

void PlayoutQueue::grow() {
  std::vector<Slot> bigger(std::min(max_frames_, std::max<std::size_t>(8, slots_.size() * 2)));
  for (std::size_t i = 0; i < count_; ++i)
    bigger[i] = slots_[(head_ + i) % slots_.size()];
  slots_ = std::move(bigger);
  head_ = 0;
}

bool PlayoutQueue::push(std::span<const std::uint8_t> frame) {
  if (frame.size() > kMaxFrameBytes || count_ >= max_frames_) return false;
  if (count_ == slots_.size()) grow();
  Slot& s = slots_[(head_ + count_) % slots_.size()];
  std::memcpy(s.data.data(), frame.data(), frame.size());
  s.size = static_cast<std::uint16_t>(frame.size());
  ++count_;
  return true;
}

std::span<const std::uint8_t> PlayoutQueue::front() const {
  if (count_ == 0) return {};
  const Slot& s = slots_[head_];
  return {s.data.data(), s.size};
}

void PlayoutQueue::pop() {
  if (count_ == 0) return;
  head_ = (head_ + 1) % slots_.size();
  --count_;
  release_if_idle();
}

void PlayoutQueue::clear() {
  head_ = count_ = 0;
  release_if_idle();
}

void PlayoutQueue::release_if_idle() {
  if (count_ != 0 || slots_.size() <= kIdleSlots) return;
  std::vector<Slot>().swap(slots_);
  head_ = 0;
}

}  // namespace va::rtp
