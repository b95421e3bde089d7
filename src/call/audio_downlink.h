// AudioDownlink: AI (or greeting) PCM -> the call's codec rate -> 20 ms frames -> encoded RTP
// payloads for the playout queue (DESIGN.md "Audio path and budget"; RFC 3551 codecs).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "media/audio_codec.h"
#include "media/resampler.h"

namespace va::call {

// One per call and codec. Input of any rate (the AI's chunks say theirs, usually 24 kHz; the
// greeting is 8 kHz) is resampled with one streaming resampler per input rate, so chunk
// boundaries leave no clicks. Whole 20 ms frames are encoded and handed to the sink; the rest
// waits for the next chunk. drop_partial() forgets that rest (barge-in).
class AudioDownlink {
 public:
  static constexpr std::size_t kMaxFrameSamples = 320;  // 20 ms at 16 kHz
  // Room for one encoded frame: G.711 at 8 kHz (160), G.722 (160), G.729 (20), Opus (at most
  // media::kOpusMaxEncodedBytes = 320).
  static constexpr std::size_t kMaxEncodedBytes = 320;

  // encoded: the RTP payload; pcm: the same 20 ms at the codec's rate (for the recorder).
  // Both valid during the call only.
  using FrameSink =
      std::function<void(std::span<const std::uint8_t> encoded, std::span<const std::int16_t> pcm)>;

  explicit AudioDownlink(media::CodecId codec, const media::CodecOptions& options = {});
  ~AudioDownlink();
  AudioDownlink(const AudioDownlink&) = delete;
  AudioDownlink& operator=(const AudioDownlink&) = delete;

  // Appends `pcm` at `rate` Hz; emits every complete frame to `sink`. Rates <= 0 are ignored.
  void push(int rate, std::span<const std::int16_t> pcm, const FrameSink& sink);
  void drop_partial() { pending_.clear(); }

  int codec_rate() const { return rate_; }
  std::size_t frame_samples() const { return frame_; }
  std::size_t pending_samples() const { return pending_.size(); }

 private:
  media::Resampler* resampler_for(int rate);

  std::unique_ptr<media::AudioCodec> codec_;
  int rate_;
  std::size_t frame_;
  std::vector<std::unique_ptr<media::Resampler>> resamplers_;  // one per input rate seen
  std::vector<std::int16_t> pending_;                          // at the codec rate
  std::array<std::uint8_t, kMaxEncodedBytes> encoded_{};
};

}  // namespace va::call
