// BeepDetector: finds an answering machine's beep in 20 ms frames of PCM16: one pure tone
// (200-2500 Hz, any pitch a recorder uses) held steady for 120 ms to 2 s, that starts out of
// something that was not a tone and is followed by quiet (the recorder listening). The last
// two conditions keep music on hold (note after note, no quiet between) from passing for one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace va::media {

// What one 20 ms frame holds, for the beep and the greeting rules.
struct FrameTone {
  double level_dbfs = -200;   // RMS relative to full scale
  double peak_hz = 0;         // the strongest 50 Hz bin in 200-2500 Hz
  double peak_share = 0;      // share of the frame's power within 1 bin of the peak
  double two_peak_share = 0;  // the same for the two strongest separated peaks (chords)
};

// Goertzel bins 50 Hz apart (the frame is 1/50 s long, so the bins are orthogonal).
FrameTone analyse_frame(std::span<const std::int16_t> frame, int sample_rate);

struct BeepDetectorConfig {
  double min_level_dbfs = -40;  // quieter tones are not a beep
  double min_share = 0.75;      // one peak holds this much of the power: a pure tone
  int min_tone_frames = 6;      // 120 ms
  int max_tone_frames = 100;    // 2 s
  int quiet_after_frames = 10;  // 200 ms below quiet_dbfs after the tone
  double quiet_dbfs = -40;
};

class BeepDetector {
 public:
  explicit BeepDetector(BeepDetectorConfig config = {}) : config_(config) {}

  // One analysed frame (analyse_frame). Returns true on the frame that completes a beep
  // (the quiet after it); beep_hz() then tells its pitch.
  bool feed(const FrameTone& frame);
  bool is_tone(const FrameTone& frame) const;
  double beep_hz() const { return beep_hz_; }

 private:
  BeepDetectorConfig config_;
  double run_hz_ = 0;
  int run_frames_ = 0;           // steady tone frames so far
  bool run_valid_ = false;       // the run started out of a non-tone frame
  bool previous_tonal_ = false;  // the frame before was a tone (of any pitch)
  int quiet_frames_ = 0;         // quiet frames after a candidate run
  bool candidate_ = false;       // a run of the right length ended; waiting for quiet
  double candidate_hz_ = 0;
  bool first_after_ = false;  // the frame after the one that ended the run
  double beep_hz_ = 0;
};

}  // namespace va::media
