// AiWatchdog: owed answers and the nudge -> reconnect -> give-up ladder (see ai_watchdog.h).
#include "call/ai_watchdog.h"

#include <algorithm>
#include <cmath>

namespace va::call {
namespace {

// The loudest `frame` samples of pcm (RMS), in dBFS; -200 for nothing or zeros.
double loudest_dbfs(std::span<const std::int16_t> pcm, std::size_t frame) {
  double best = 0;
  for (std::size_t i = 0; i < pcm.size(); i += frame) {
    const auto part = pcm.subspan(i, std::min(frame, pcm.size() - i));
    double sum = 0;
    for (const std::int16_t x : part)
      sum += static_cast<double>(x) * x;
    best = std::max(best, sum / static_cast<double>(part.size()));
  }
  return best > 0 ? 10 * std::log10(best) - 20 * std::log10(32768.0) : -200;
}

}  // namespace

const char* to_string(WatchdogStep step) {
  switch (step) {
    case WatchdogStep::Nudge:
      return "nudge";
    case WatchdogStep::Reconnect:
      return "reconnect";
    case WatchdogStep::GiveUp:
      return "give_up";
    case WatchdogStep::Recovered:
      return "recovered";
    case WatchdogStep::None:
      break;
  }
  return "none";
}

void AiWatchdog::on_caller_audio(std::span<const std::int16_t> pcm16k, TimePoint now) {
  if (pcm16k.empty()) return;
  if (loudest_dbfs(pcm16k, 320) >= config_.caller_speech_dbfs) {
    last_caller_speech_ = now;
    caller_spoke_ = true;
    owed_since_.reset();  // rule 3: the wait restarts from the end of this speech
  }
}

bool AiWatchdog::on_ai_audio(std::span<const std::int16_t> pcm, int sample_rate, TimePoint now) {
  // 20 ms at 24 kHz is 480 samples; a coarser frame at a lower rate only makes it stricter.
  if (sample_rate <= 0 || loudest_dbfs(pcm, 480) < config_.audible_dbfs) return false;
  const auto played = std::chrono::duration_cast<TimePoint::duration>(
      std::chrono::microseconds(static_cast<std::int64_t>(pcm.size()) * 1'000'000 / sample_rate));
  ai_heard_until_ = std::max(ai_heard_until_, now) + played;  // rule 1: back to back
  caller_spoke_ = false;
  owed_since_.reset();
  last_step_at_.reset();
  const bool was_stalled = steps_ > 0;
  steps_ = 0;
  if (was_stalled) ++recovered_;
  return was_stalled;
}

void AiWatchdog::on_ai_interrupted(TimePoint now) {
  ai_heard_until_ = std::min(ai_heard_until_, now);
}

WatchdogStep AiWatchdog::tick(TimePoint now) {
  // Rule 1, here rather than per packet: the caller may send nothing at all after speaking.
  if (!owed_since_ && caller_spoke_ && last_caller_speech_) {
    const TimePoint due = *last_caller_speech_ + config_.caller_gap;
    if (due <= ai_heard_until_) {
      caller_spoke_ = false;  // it stopped while the AI was still being heard
    } else if (now >= due) {
      owed_since_ = due;
    }
  }
  if (!owed_since_ || steps_ >= 3) return WatchdogStep::None;
  const TimePoint from = last_step_at_ ? std::max(*last_step_at_, *owed_since_) : *owed_since_;
  if (now - from < config_.silence) return WatchdogStep::None;
  last_step_at_ = now;
  ++steps_;
  return steps_ == 1   ? WatchdogStep::Nudge
         : steps_ == 2 ? WatchdogStep::Reconnect
                       : WatchdogStep::GiveUp;
}

}  // namespace va::call
