// PlayoutQueue: growable ring of 20 ms frames for the pacer.
#include "rtp/playout_queue.h"

#include <algorithm>
#include <cstring>

namespace va::rtp {

void PlayoutQueue::relayout(std::size_t slots, std::size_t stride) {
  std::vector<std::uint8_t> bytes(slots * stride);
  std::vector<std::uint16_t> sizes(slots);
  for (std::size_t i = 0; i < count_; ++i) {
    const std::size_t from = (head_ + i) % sizes_.size();
    sizes[i] = sizes_[from];
    std::memcpy(bytes.data() + i * stride, bytes_.data() + from * stride_, sizes_[from]);
  }
  bytes_ = std::move(bytes);
  sizes_ = std::move(sizes);
  stride_ = stride;
  head_ = 0;
}

bool PlayoutQueue::push(std::span<const std::uint8_t> frame) {
  if (frame.size() > kMaxFrameBytes || count_ >= max_frames_) return false;
  if (frame.size() > stride_) {
    relayout(std::max(sizes_.size(), std::min(max_frames_, kIdleSlots)), frame.size());
  }
  if (count_ == sizes_.size()) {
    relayout(std::min(max_frames_, std::max(kIdleSlots, sizes_.size() * 2)), stride_);
  }
  const std::size_t slot = (head_ + count_) % sizes_.size();
  if (!frame.empty()) std::memcpy(bytes_.data() + slot * stride_, frame.data(), frame.size());
  sizes_[slot] = static_cast<std::uint16_t>(frame.size());
  ++count_;
  return true;
}

std::span<const std::uint8_t> PlayoutQueue::front() const {
  if (count_ == 0) return {};
  return {bytes_.data() + head_ * stride_, sizes_[head_]};
}

void PlayoutQueue::pop() {
  if (count_ == 0) return;
  head_ = (head_ + 1) % sizes_.size();
  --count_;
  release_if_idle();
}

void PlayoutQueue::clear() {
  head_ = count_ = 0;
  release_if_idle();
}

void PlayoutQueue::release_if_idle() {
  if (count_ != 0 || sizes_.size() <= kIdleSlots) return;
  std::vector<std::uint8_t>().swap(bytes_);
  std::vector<std::uint16_t>().swap(sizes_);
  stride_ = 0;
  head_ = 0;
}

}  // namespace va::rtp
