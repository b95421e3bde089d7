// PcmChunk: a minimal mono PCM16 buffer with its sample rate. ai/ keeps its own instead of
// media/'s frame type while media/ is being written; call/ converts at the seam.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace va::ai {

struct PcmChunk {
  int sample_rate = 0;  // Hz: 16000 uplink, 24000 from Gemini, 8000 greeting frames
  std::vector<std::int16_t> samples;

  std::chrono::microseconds duration() const {
    if (sample_rate <= 0) return {};
    return std::chrono::microseconds(static_cast<std::int64_t>(samples.size()) * 1'000'000 /
                                     sample_rate);
  }
};

}  // namespace va::ai
