// Windowed-sinc resampler: each output sample is a Hann-windowed sinc sum over 2*kHalfTaps input
// samples, cutoff at 0.45 of the lower rate's sampling frequency (anti-aliasing when going down).
#include "ai/resample.h"

#include <algorithm>
#include <cmath>

namespace va::ai {
namespace {
constexpr int kHalfTaps = 16;
constexpr double kPi = 3.14159265358979323846;
}  // namespace

std::vector<std::int16_t> resample(std::span<const std::int16_t> in, int from_hz, int to_hz) {
  if (from_hz <= 0 || to_hz <= 0 || in.empty()) return {};
  if (from_hz == to_hz) return {in.begin(), in.end()};
  const double ratio = static_cast<double>(to_hz) / from_hz;
  const double cutoff = 0.45 * std::min(1.0, ratio) * 2.0;  // as a fraction of from_hz / 2
  const double scale = std::min(1.0, ratio);
  const int half = static_cast<int>(std::ceil(kHalfTaps / scale));
  const auto out_len = static_cast<std::size_t>(static_cast<double>(in.size()) * ratio);
  std::vector<std::int16_t> out(out_len);
  const auto n = static_cast<long>(in.size());
  for (std::size_t j = 0; j < out_len; ++j) {
    const double t = static_cast<double>(j) / ratio;
    const long center = static_cast<long>(std::floor(t));
    double acc = 0.0;
    for (long k = center - half + 1; k <= center + half; ++k) {
      if (k < 0 || k >= n) continue;
      const double x = t - static_cast<double>(k);
      const double arg = kPi * x * cutoff;
      const double sinc = std::abs(arg) < 1e-9 ? 1.0 : std::sin(arg) / arg;
      const double w = 0.5 + 0.5 * std::cos(kPi * x / (half + 1));
      acc += in[static_cast<std::size_t>(k)] * sinc * w * cutoff;
    }
    out[j] = static_cast<std::int16_t>(std::clamp(std::lround(acc), -32768L, 32767L));
  }
  return out;
}

}  // namespace va::ai
