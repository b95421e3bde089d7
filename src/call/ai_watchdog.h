// AiWatchdog: watches the audio a call actually exchanges with its AI (issue 15: realtime
// models sometimes go quiet mid-call, or send digital silence). Rules:
//  1. The caller "has stopped speaking" once a caller speech frame (20 ms at 16 kHz, at least
//     caller_speech_dbfs) is followed by caller_gap of no speech. From then the AI owes an
//     answer; audible AI audio (any 20 ms louder than audible_dbfs) pays it. Digital silence
//     (all zeros, or quieter than audible_dbfs) is no answer. The AI's audible audio is heard
//     until its playout ends (chunks play back to back from their arrival): caller speech
//     that stops before then (an "uh-huh", an echo) owes nothing, the AI is still talking;
//     an interruption (the queue flushed) ends the playout at once.
//  2. With an answer owed for `silence`, tick() returns the next step: Nudge (a text prompt to
//     the session), then, one `silence` later, Reconnect (resume the session), then GiveUp
//     (the call apologises and hangs up, end_reason ai_stalled). Each step once per stall.
//  3. Audible AI audio after a step ends the stall: recovered() counts it, the steps start
//     again from Nudge for a later stall. New caller speech while an answer is owed restarts
//     the wait from its end, but does not undo the steps taken.
// Pure logic on the caller's clock: no timers, no threads (call_media_watchdog.cc drives it).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>

#include "core/clock.h"

namespace va::call {

struct AiWatchdogConfig {
  std::chrono::milliseconds silence{0};  // ai.watchdog_silence_s; 0 = off (CallMedia)
  std::chrono::milliseconds caller_gap{700};
  double caller_speech_dbfs = -40;
  double audible_dbfs = -60;
};

// What tick() returns (None, Nudge, Reconnect, GiveUp); Recovered is what the call reports when
// audible audio ends a stall that had taken a step (rule 3); tick() never returns it.
enum class WatchdogStep { None, Nudge, Reconnect, GiveUp, Recovered };
const char* to_string(WatchdogStep step);

// Process-wide counts for /metrics (va_ai_watchdog_total{step=...}); shared by all calls.
struct AiWatchdogCounters {
  std::atomic<std::uint64_t> nudges{0};
  std::atomic<std::uint64_t> reconnects{0};
  std::atomic<std::uint64_t> give_ups{0};
  std::atomic<std::uint64_t> recoveries{0};
};

class AiWatchdog {
 public:
  using TimePoint = core::Clock::TimePoint;
  explicit AiWatchdog(AiWatchdogConfig config) : config_(config) {}

  void on_caller_audio(std::span<const std::int16_t> pcm16k, TimePoint now);
  // Returns true when this audio ended a stall that had taken a step (rule 3).
  // pcm at sample_rate Hz, as the AI sent it (before resampling for the caller).
  bool on_ai_audio(std::span<const std::int16_t> pcm, int sample_rate, TimePoint now);
  // The caller barged in: what was queued of the AI's audio will not be heard.
  void on_ai_interrupted(TimePoint now);
  WatchdogStep tick(TimePoint now);

  bool owed() const { return owed_since_.has_value(); }
  int steps_taken() const { return steps_; }
  std::uint64_t recovered() const { return recovered_; }

 private:
  AiWatchdogConfig config_;
  std::optional<TimePoint> last_caller_speech_;
  bool caller_spoke_ = false;              // speech since the AI's last audible audio
  std::optional<TimePoint> owed_since_;    // rule 1: an answer is owed from then
  std::optional<TimePoint> last_step_at_;  // rule 2: the next step is due `silence` after it
  TimePoint ai_heard_until_{};             // rule 1: the end of the AI's audible playout
  int steps_ = 0;
  std::uint64_t recovered_ = 0;
};

}  // namespace va::call
