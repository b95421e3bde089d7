// JitterBuffer: the numbered rules of jitter_buffer.h.
#include "rtp/jitter_buffer.h"

#include <algorithm>
#include <cstring>

namespace va::rtp {

JitterBuffer::JitterBuffer(const JitterBufferConfig& config)
    : config_(config), target_(std::max(1, config.min_frames)) {
  config_.max_frames = std::clamp(config_.max_frames, target_, static_cast<int>(kSlots) - 2);
}

void JitterBuffer::reset() {
  for (auto& s : slots_)
    s.full = false;
  started_ = playing_ = false;
  count_ = 0;
  excess_run_ = 0;
}

std::int32_t JitterBuffer::ahead(std::uint16_t seq) const {
  return static_cast<std::int16_t>(static_cast<std::uint16_t>(seq - next_));
}

std::int32_t JitterBuffer::span_ahead() const {
  return count_ ? ahead(newest_) + 1 : 0;
}

bool JitterBuffer::push(std::uint16_t seq, std::span<const std::uint8_t> payload) {
  if (payload.size() > kMaxFrameBytes) return false;
  if (!started_) {
    started_ = true;
    next_ = newest_ = seq;
  }
  const std::int32_t a = ahead(seq);
  if (a < 0) {  // rule 4
    ++late_dropped_;
    return false;
  }
  if (a >= static_cast<std::int32_t>(kSlots)) {  // rule 6
    reset();
    return push(seq, payload);
  }
  Slot& s = slots_[seq % kSlots];
  if (s.full && s.seq == seq) return false;  // duplicate
  std::memcpy(s.data.data(), payload.data(), payload.size());
  s.size = static_cast<std::uint16_t>(payload.size());
  s.seq = seq;
  s.full = true;
  ++count_;
  if (count_ == 1 || ahead(seq) > ahead(newest_)) newest_ = seq;
  return true;
}

JitterBuffer::Output JitterBuffer::pop() {
  if (!playing_) {  // rule 1
    if (!started_ || span_ahead() < target_) return {};
    playing_ = true;
  }
  if (count_ == 0) {  // rule 3
    ++underruns_;
    target_ = std::min(target_ + 1, config_.max_frames);
    playing_ = false;
    return {Status::Missing, {}};
  }
  // Rule 5: sustained excess delay.
  excess_run_ = count_ > static_cast<std::size_t>(target_ + 1) ? excess_run_ + 1 : 0;
  if (excess_run_ >= config_.shrink_after) {
    excess_run_ = 0;
    Slot& old = slots_[next_ % kSlots];
    if (old.full && old.seq == next_) {
      old.full = false;
      --count_;
    }
    ++next_;
    ++shrink_drops_;
    target_ = std::max(target_ - 1, std::max(1, config_.min_frames));
  }
  Slot& s = slots_[next_ % kSlots];
  const std::uint16_t due = next_++;
  if (s.full && s.seq == due) {  // rule 2
    s.full = false;
    --count_;
    return {Status::Frame, {s.data.data(), s.size}};
  }
  ++concealed_;
  return {Status::Missing, {}};
}

}  // namespace va::rtp
