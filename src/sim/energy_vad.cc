// EnergyVad frame step: RMS in integer arithmetic.
#include "sim/energy_vad.h"

#include <cmath>

namespace va::sim {

EnergyVad::Event EnergyVad::on_frame(int rate) {
  std::int64_t energy = 0;
  for (auto s : frame_)
    energy += static_cast<std::int64_t>(s) * s;
  const double rms = std::sqrt(static_cast<double>(energy) / static_cast<double>(frame_.size()));
  const bool loud = rms >= threshold_;
  const std::size_t max_utterance = static_cast<std::size_t>(rate) * 10;
  rate_ = rate;
  if (!in_speech_) {
    if (!loud) {
      loud_ms_ = 0;
      prefix_.clear();
      return Event::None;
    }
    loud_ms_ += 10;
    prefix_.insert(prefix_.end(), frame_.begin(), frame_.end());
    if (loud_ms_ < prefix_ms_) return Event::None;
    in_speech_ = true;
    quiet_ms_ = 0;
    utterance_ = std::move(prefix_);
    prefix_.clear();
    utterance_ms_ = loud_ms_;
    return Event::SpeechStarted;
  }
  utterance_ms_ += 10;
  if (utterance_.size() < max_utterance) {
    utterance_.insert(utterance_.end(), frame_.begin(), frame_.end());
  }
  quiet_ms_ = loud ? 0 : quiet_ms_ + 10;
  if (quiet_ms_ < silence_ms_) return Event::None;
  in_speech_ = false;
  loud_ms_ = 0;
  return Event::SpeechEnded;
}

}  // namespace va::sim
