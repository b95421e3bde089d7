// ToneEstimator: a tone of f Hz crosses zero 2 f times a second.
#include "sim/tone_estimator.h"

#include <cmath>

namespace va::sim {

void ToneEstimator::feed(std::span<const std::int16_t> samples, int rate) {
  if (rate <= 0 || rate > 48000) return;
  if (rate != rate_) {
    block_len_ = 0;
    previous_loud_ = false;
    rate_ = rate;
  }
  const int block = rate_ / 100;
  for (auto s : samples) {
    block_[block_len_++] = s;
    if (block_len_ == block) close_block();
  }
}

void ToneEstimator::close_block() {
  double energy = 0;
  for (int i = 0; i < block_len_; ++i)
    energy += static_cast<double>(block_[i]) * block_[i];
  const double rms = std::sqrt(energy / block_len_);
  const bool loud = rms >= min_rms_;
  if (loud) {
    // A crossing counts when the signal passes from below -h to above +h or back (a Schmitt
    // trigger), so codec noise around zero does not add crossings.
    const double h = 0.25 * rms;
    if (!previous_loud_) state_ = block_[0] >= 0 ? 1 : -1;
    std::uint64_t crossings = 0;
    for (int i = 0; i < block_len_; ++i) {
      if (state_ < 0 && block_[i] > h) {
        state_ = 1;
        ++crossings;
      } else if (state_ > 0 && block_[i] < -h) {
        state_ = -1;
        ++crossings;
      }
    }
    // A loud run is measured end to end: the gap to the previous loud block counts too.
    const int gaps = previous_loud_ ? block_len_ : block_len_ - 1;
    crossings_ += crossings;
    loud_seconds_ += static_cast<double>(gaps) / rate_;
  }
  previous_loud_ = loud;
  block_len_ = 0;
}

std::optional<int> ToneEstimator::dominant_hz() const {
  if (loud_seconds_ < 0.1) return std::nullopt;
  return static_cast<int>(std::lround(static_cast<double>(crossings_) / 2.0 / loud_seconds_));
}

}  // namespace va::sim
