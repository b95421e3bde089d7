// CallMediaRecording: the recorder tap of a call's media (see the header).
#include "call/call_media_recording.h"

#include <algorithm>

namespace va::call {

CallMediaRecording::CallMediaRecording(media::RecordingWriter& writer,
                                       media::RecordingConfig config, const core::Clock& clock)
    : writer_(writer),
      config_(std::move(config)),
      clock_(clock),
      start_(clock.now()),
      rate_(config_.sample_rate),
      frame_(static_cast<std::size_t>(rate_) / 50) {}

CallMediaRecording::~CallMediaRecording() {
  if (!closed_) handle().close();
}

media::Recording& CallMediaRecording::handle() {
  if (!recording_) recording_ = writer_.open(std::move(config_));
  return *recording_;
}

std::int64_t CallMediaRecording::now_position() const {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(clock_.now() - start_);
  return ns.count() * rate_ / 1'000'000'000;
}

void CallMediaRecording::caller(std::span<const std::int16_t> pcm) {
  if (closed_) return;
  // The audio ends now; pieces of at most kMaxPiece follow each other up to that point.
  std::int64_t at = now_position() - static_cast<std::int64_t>(pcm.size());
  auto& rec = handle();
  while (!pcm.empty()) {
    const auto n = std::min(pcm.size(), media::Recording::kMaxPiece);
    rec.write(0, at, pcm.first(n));
    at += static_cast<std::int64_t>(n);
    pcm = pcm.subspan(n);
  }
}

void CallMediaRecording::ai_queued(std::span<const std::int16_t> frame) {
  if (closed_ || frame.size() != frame_) return;
  if (count_ == capacity_) {
    // Grow: unroll the ring into a buffer twice the size.
    const std::size_t cap = std::max(kIdleFrames, capacity_ * 2);
    std::vector<std::int16_t> grown(cap * frame_);
    for (std::size_t i = 0; i < count_; ++i) {
      const std::size_t from = ((head_ + i) % capacity_) * frame_;
      std::copy_n(ring_.begin() + static_cast<std::ptrdiff_t>(from), frame_,
                  grown.begin() + static_cast<std::ptrdiff_t>(i * frame_));
    }
    ring_.swap(grown);
    capacity_ = cap;
    head_ = 0;
  }
  const std::size_t slot = ((head_ + count_) % capacity_) * frame_;
  std::copy(frame.begin(), frame.end(), ring_.begin() + static_cast<std::ptrdiff_t>(slot));
  ++count_;
}

void CallMediaRecording::sync(std::size_t still_queued) {
  if (closed_ || still_queued >= count_) return;
  const std::size_t sent = count_ - still_queued;
  const std::int64_t now = now_position();
  const auto frame = static_cast<std::int64_t>(frame_);
  auto& rec = handle();
  for (std::size_t i = 0; i < sent; ++i) {
    const std::int64_t at = now - static_cast<std::int64_t>(sent - i) * frame;
    rec.write(1, at, {ring_.data() + head_ * frame_, frame_});
    head_ = (head_ + 1) % capacity_;
    --count_;
  }
  release_if_idle();
}

void CallMediaRecording::ai_flushed() {
  count_ = head_ = 0;
  release_if_idle();
}

void CallMediaRecording::release_if_idle() {
  if (count_ != 0 || capacity_ <= kIdleFrames) return;
  std::vector<std::int16_t>().swap(ring_);
  capacity_ = head_ = 0;
}

void CallMediaRecording::close(std::size_t still_queued) {
  if (closed_) return;
  sync(still_queued);
  closed_ = true;
  handle().close();
}

std::uint64_t CallMediaRecording::dropped() const {
  return recording_ ? recording_->stats().pieces_dropped : 0;
}

}  // namespace va::call
