// Offline resampling of a whole PCM16 buffer (windowed-sinc, band-limited to the lower rate).
// Used off the hot path only: greeting rendering and simulator replies. The call's streaming
// resamplers live in media/ (speexdsp); ai/ keeps this small one so it does not depend on media/.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace va::ai {

std::vector<std::int16_t> resample(std::span<const std::int16_t> in, int from_hz, int to_hz);

}  // namespace va::ai
