// AudioFrame: mono PCM16 samples at a stated rate, the unit media/ passes between stages.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace va::media {

struct AudioFrame {
  int sample_rate = 8000;  // Hz: 8000 (G.711), 16000 (G.722, AI input), 24000 (AI output)
  std::vector<std::int16_t> samples;

  std::chrono::microseconds duration() const {
    return std::chrono::microseconds(sample_rate > 0 ? samples.size() * 1'000'000 / sample_rate
                                                     : 0);
  }
  // Samples in 20 ms at this rate (160 at 8 kHz).
  static constexpr std::size_t samples_per_20ms(int rate) {
    return static_cast<std::size_t>(rate) / 50;
  }
};

}  // namespace va::media
