// Reply audio of the simulator (D1.10): 24 kHz PCM16 for one model turn, by mode.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "media/audio_frame.h"

namespace va::sim {

inline constexpr int kOutputRate = 24000;  // A7: output is always 24 kHz

// A sine tone at 24 kHz, amplitude 8000, of any length without holding it: one 50 ms period table
// (every multiple of 20 Hz completes whole cycles in 50 ms at 24 kHz) read in a loop, with 5 ms
// fades at both ends. What keeps the tone mode cheap enough for 2,000 sessions.
class ToneSource {
 public:
  ToneSource(int hz, std::size_t total_samples);
  std::size_t total() const { return total_; }
  // Samples [pos, pos + out.size()) of the tone.
  void fill(std::size_t pos, std::span<std::int16_t> out) const;

 private:
  std::vector<std::int16_t> period_;  // 1200 samples (50 ms)
  std::size_t total_;
};
// The caller's utterance at `rate`, resampled to 24 kHz.
std::vector<std::int16_t> make_echo(std::span<const std::int16_t> utterance, int rate);

struct ScriptLine {
  std::string text;
  std::vector<std::int16_t> audio;  // 24 kHz
};

// Renders each line with espeak-ng (once, at simulator start). Throws std::runtime_error when
// espeak-ng cannot render (start-up edge: run_sim prints it).
std::vector<ScriptLine> render_script(const std::vector<std::string>& lines,
                                      const std::string& espeak_path);

}  // namespace va::sim
