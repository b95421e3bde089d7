// ToneEstimator: the dominant frequency of the caller audio a simulated session received,
// for its session log (audio_in_dominant_hz), so tests can prove from the simulator's per-key
// log which call's audio each key heard. Counts zero crossings in loud 10 ms blocks only
// (silence and the quiet tails between talk spurts are skipped); exact for the pure tones the
// test gateways send, meaningless for speech (then it is only a rough pitch hint).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace va::sim {

class ToneEstimator {
 public:
  // Blocks quieter than `min_rms` do not count.
  explicit ToneEstimator(int min_rms = 500) : min_rms_(min_rms) {}

  void feed(std::span<const std::int16_t> samples, int rate);
  // Hz, rounded; nullopt until at least 100 ms of loud audio was seen.
  std::optional<int> dominant_hz() const;

 private:
  void close_block();

  int min_rms_;
  int rate_ = 16000;
  std::int16_t block_[480]{};  // up to 10 ms at 48 kHz
  int block_len_ = 0;
  double loud_seconds_ = 0;
  std::uint64_t crossings_ = 0;
  bool previous_loud_ = false;
  int state_ = 1;  // the side of zero the signal is on (with hysteresis)
};

}  // namespace va::sim
