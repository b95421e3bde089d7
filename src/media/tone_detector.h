// ToneDetector: per-frequency power of PCM16 audio by the Goertzel algorithm, for tests and
// diagnostics that must tell which tone a call carries (crosstalk checks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace va::media {

// |X(f)|^2 of one block by the Goertzel recurrence (no window). A pure tone of peak
// amplitude A on a bin centre gives (A * N / 2)^2 for N samples.
double goertzel_power(std::span<const std::int16_t> block, double freq_hz, int sample_rate);

// Streams samples in fixed blocks (default 100 ms: 10 Hz resolution, so 440 Hz leaks less
// than -50 dB into 700 Hz) and accumulates, per candidate frequency, the share of the
// signal's power at that frequency:
//   share(f) = sum_blocks(2 * |X_b(f)|^2 / N) / sum_blocks(sum x^2)
// which is 1 (0 dB) for a pure tone at f and tends to 0 for anything else. A trailing
// partial block is held until more samples arrive; it never counts half-way.
class ToneDetector {
 public:
  // Frequencies must lie in (0, sample_rate / 2); block_samples 0 means sample_rate / 10.
  ToneDetector(int sample_rate, std::vector<double> frequencies, std::size_t block_samples = 0);

  void feed(std::span<const std::int16_t> samples);
  void reset();

  const std::vector<double>& frequencies() const { return frequencies_; }
  std::size_t samples_analysed() const { return samples_analysed_; }
  // RMS level of the analysed blocks in dB relative to full scale (32768); -inf for silence.
  double rms_dbfs() const;
  // share(frequencies()[index]) in dB (<= ~0); -inf when nothing audible was analysed.
  double relative_db(std::size_t index) const;
  // The candidate with the largest share, if the analysed audio is louder than
  // silence_dbfs (default -60 dBFS) and that candidate holds at least min_share_db of it.
  std::optional<double> dominant(double min_share_db = -10, double silence_dbfs = -60) const;
  // True if freq_hz is a candidate whose share is at least min_relative_db
  // ("contains tone X above -N dB relative"). A frequency that is not a candidate: false.
  bool contains(double freq_hz, double min_relative_db) const;

 private:
  void analyse_block();

  int sample_rate_;
  std::vector<double> frequencies_;
  std::vector<double> coefficients_;  // 2 cos(2 pi f / rate), per candidate
  std::size_t block_samples_;
  std::vector<std::int16_t> block_;
  std::vector<double> tone_power_;  // sum over blocks of 2 |X_b|^2 / N
  double total_energy_ = 0;         // sum of x^2 over analysed blocks
  std::size_t samples_analysed_ = 0;
};

}  // namespace va::media
