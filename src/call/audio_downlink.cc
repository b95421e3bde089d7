// AudioDownlink: resample, frame and encode outbound audio (see the header).
#include "call/audio_downlink.h"

#include <algorithm>

#include "core/assert.h"

namespace va::call {

AudioDownlink::AudioDownlink(media::CodecId codec, const media::CodecOptions& options)
    : codec_(media::AudioCodec::create(codec, options)),
      rate_(codec_->sample_rate()),
      frame_(static_cast<std::size_t>(rate_) / 50) {
  VA_CHECK(codec_->encoded_size(frame_) <= kMaxEncodedBytes);
  pending_.reserve(8 * kMaxFrameSamples);
}

AudioDownlink::~AudioDownlink() = default;

media::Resampler* AudioDownlink::resampler_for(int rate) {
  for (auto& r : resamplers_) {
    if (r->in_rate() == rate) return r.get();
  }
  resamplers_.push_back(std::make_unique<media::Resampler>(rate, rate_));
  return resamplers_.back().get();
}

void AudioDownlink::push(int rate, std::span<const std::int16_t> pcm, const FrameSink& sink) {
  if (rate <= 0 || pcm.empty()) return;
  if (rate == rate_) {
    pending_.insert(pending_.end(), pcm.begin(), pcm.end());
  } else {
    resampler_for(rate)->process(pcm, pending_);
  }
  std::size_t at = 0;
  while (pending_.size() - at >= frame_) {
    const std::span<const std::int16_t> frame{pending_.data() + at, frame_};
    const std::size_t n = codec_->encode(frame, encoded_.data());
    sink({encoded_.data(), n}, frame);
    at += frame_;
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(at));
}

}  // namespace va::call
