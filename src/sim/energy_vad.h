// EnergyVad: the simulator's stand-in for the service's voice activity detection (D1.8).
// Rules, per 10 ms frame of input:
//  1. A frame is loud when its RMS >= threshold.
//  2. Speech starts after prefix_ms of consecutive loud frames (prefixPaddingMs).
//  3. Speech ends after silence_ms of consecutive quiet frames (silenceDurationMs).
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace va::sim {

class EnergyVad {
 public:
  enum class Event { None, SpeechStarted, SpeechEnded };

  EnergyVad(int threshold, int prefix_ms, int silence_ms)
      : threshold_(threshold), prefix_ms_(prefix_ms), silence_ms_(silence_ms) {}

  // Feeds audio at `rate`; calls on_event for each start or end. While in speech, the
  // utterance (including the prefix) is collected for echo replies.
  template <class F>
  void feed(std::span<const std::int16_t> pcm, int rate, F&& on_event) {
    const std::size_t frame = static_cast<std::size_t>(rate / 100);
    if (frame == 0) return;
    for (std::size_t i = 0; i < pcm.size();) {
      const std::size_t take = std::min(frame - frame_.size(), pcm.size() - i);
      frame_.insert(frame_.end(), pcm.begin() + static_cast<long>(i),
                    pcm.begin() + static_cast<long>(i + take));
      i += take;
      if (frame_.size() < frame) continue;
      Event e = on_frame(rate);
      frame_.clear();
      if (e != Event::None) on_event(e);
    }
  }

  bool in_speech() const { return in_speech_; }
  const std::vector<std::int16_t>& utterance() const { return utterance_; }
  int utterance_ms() const { return utterance_ms_; }

 private:
  Event on_frame(int rate);

  int threshold_;
  int prefix_ms_;
  int silence_ms_;
  bool in_speech_ = false;
  int loud_ms_ = 0;
  int quiet_ms_ = 0;
  int utterance_ms_ = 0;
  int rate_ = 0;
  std::vector<std::int16_t> frame_;
  std::vector<std::int16_t> prefix_;     // recent loud frames before start is committed
  std::vector<std::int16_t> utterance_;  // capped at 10 s
};

}  // namespace va::sim
