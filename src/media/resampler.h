// Resampler: streaming PCM16 rate conversion with anti-aliasing (speexdsp polyphase filter).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

struct SpeexResamplerState_;

namespace va::media {

// Carries filter state across calls, so a stream cut into chunks of any size comes out the same
// as the stream converted in one go (no clicks at chunk boundaries). One per direction per call.
class Resampler {
 public:
  // Quality 0..10 (speex); the default 7 rejects >= 40 dB above the output's Nyquist rate
  // (tests/unit/media/resampler_test.cc measures it) at a small CPU cost.
  static constexpr int kDefaultQuality = 7;

  Resampler(int in_rate, int out_rate, int quality = kDefaultQuality);
  ~Resampler();
  Resampler(const Resampler&) = delete;
  Resampler& operator=(const Resampler&) = delete;

  int in_rate() const { return in_rate_; }
  int out_rate() const { return out_rate_; }
  // Converts all of `in`, appending the output to `out`.
  void process(std::span<const std::int16_t> in, std::vector<std::int16_t>& out);
  // Filter delay in input samples (speex input latency).
  int input_latency() const;

  // A whole buffer at once (greeting rendering, simulator replies, off the hot path): the
  // filter's delay is skipped and its tail flushed, so the output holds
  // in.size() * out_rate / in_rate samples aligned with the input.
  static std::vector<std::int16_t> convert(std::span<const std::int16_t> in, int in_rate,
                                           int out_rate);

 private:
  SpeexResamplerState_* state_;
  int in_rate_;
  int out_rate_;
};

}  // namespace va::media
