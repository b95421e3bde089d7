// Test signals and measurements for media/ tests: sine generation, RMS, best-lag SNR.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

namespace va::media::test {

inline std::vector<std::int16_t> sine(double freq, int rate, std::size_t n, double amp = 10000) {
  std::vector<std::int16_t> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = static_cast<std::int16_t>(
        std::lround(amp * std::sin(2 * std::numbers::pi * freq * i / rate)));
  return v;
}

inline double rms(std::span<const std::int16_t> v) {
  double sum = 0;
  for (auto s : v)
    sum += double(s) * s;
  return v.empty() ? 0 : std::sqrt(sum / v.size());
}

inline double db(double ratio) {
  return 20 * std::log10(ratio);
}

// SNR of `out` against `ref` delayed by the lag (0..max_lag) that fits best.
inline double best_lag_snr(std::span<const std::int16_t> ref, std::span<const std::int16_t> out,
                           std::size_t max_lag, std::size_t skip) {
  double best = -1e9;
  for (std::size_t lag = 0; lag <= max_lag; ++lag) {
    double sig = 0, err = 0;
    for (std::size_t i = skip; i + lag < out.size() && i < ref.size(); ++i) {
      const double r = ref[i], d = out[i + lag] - r;
      sig += r * r;
      err += d * d;
    }
    if (err > 0) best = std::max(best, 10 * std::log10(sig / err));
  }
  return best;
}

}  // namespace va::media::test
