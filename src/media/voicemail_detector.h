// VoicemailDetector: answering-machine detection on the first seconds of what the callee sends
// after answer. Rules, on 20 ms frames (speech = loud enough and not a tone):
//  1. A beep (BeepDetector) before any verdict, or after a human one within max_analysis_ms:
//     voicemail, cause "beep".
//  2. A greeting: speech from its first frame on, gaps shorter than human_silence_ms bridged.
//     Once it has lasted long_greeting_ms: voicemail, cause "long_greeting" (people answer with
//     a word or two, then wait).
//  3. A greeting of at least min_speech_frames that is followed by human_silence_ms of no
//     speech before reaching long_greeting_ms: human, cause "short_greeting".
//  4. No speech for no_speech_ms from the start: unknown, cause "no_speech" (silence, music).
//     Nothing decided by max_analysis_ms: unknown, cause "timeout".
// After the verdict it keeps listening for the cue to leave a message (message_cue()): the
// beep, or else the greeting's end (end_silence_ms of no speech after it).
// Feed it any rate whose 20 ms is a whole number of samples; it is not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "media/beep_detector.h"

namespace va::media {

enum class AmdVerdict { Human, Voicemail, Unknown };
std::string_view to_string(AmdVerdict v);

struct AmdResult {
  AmdVerdict verdict = AmdVerdict::Unknown;
  std::string_view cause;  // beep, long_greeting, short_greeting, no_speech, timeout
  int at_ms = 0;           // audio time from the first sample fed to the decision
};

struct VoicemailDetectorConfig {
  double speech_dbfs = -40;     // frames at least this loud (and not a tone) are speech
  int long_greeting_ms = 2600;  // rule 2
  int human_silence_ms = 800;   // rule 3
  int min_speech_ms = 100;      // rule 3: shorter bursts are clicks or breath
  int no_speech_ms = 4000;      // rule 4
  int max_analysis_ms = 6000;   // rule 4
  int end_silence_ms = 1500;    // the greeting's end when no beep comes
  BeepDetectorConfig beep;
};

class VoicemailDetector {
 public:
  VoicemailDetector(int sample_rate, VoicemailDetectorConfig config = {});

  // Caller audio in any chunking; returns the verdict on the call that makes it, and again
  // when a beep turns human into voicemail (rule 1).
  std::optional<AmdResult> feed(std::span<const std::int16_t> samples);
  const std::optional<AmdResult>& result() const { return result_; }
  // When a message may start (ms of audio), once the verdict is voicemail: the beep, or the
  // greeting's end. Empty until then.
  std::optional<int> message_cue() const { return cue_ms_; }
  bool beep_heard() const { return beep_ms_.has_value(); }
  int elapsed_ms() const { return frames_ * 20; }

 private:
  void on_frame(std::span<const std::int16_t> frame);
  void decide(AmdVerdict v, std::string_view cause);

  int sample_rate_;
  VoicemailDetectorConfig config_;
  BeepDetector beep_;
  std::vector<std::int16_t> partial_;
  int frames_ = 0;
  int onset_frame_ = -1;        // first speech frame of the current greeting
  int last_speech_frame_ = -1;  // latest speech frame
  int speech_frames_ = 0;       // in the current greeting
  std::optional<int> beep_ms_;
  std::optional<int> cue_ms_;
  std::optional<AmdResult> result_;
};

}  // namespace va::media
