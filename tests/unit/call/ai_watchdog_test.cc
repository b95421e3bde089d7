// AiWatchdog tests: the owed answer after the caller stops, the nudge -> reconnect -> give-up
// ladder one period apart, digital silence counting as nothing, recovery and new caller speech.
#include "call/ai_watchdog.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace va::call {
namespace {

using namespace std::chrono_literals;
using TimePoint = AiWatchdog::TimePoint;

std::vector<std::int16_t> tone(std::size_t n, double amp = 8000) {
  std::vector<std::int16_t> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = static_cast<std::int16_t>(amp * std::sin(2 * std::numbers::pi * 440 * i / 16000.0));
  return v;
}

AiWatchdogConfig two_seconds() {
  AiWatchdogConfig c;
  c.silence = 2000ms;
  return c;
}

struct Line {
  AiWatchdog w{two_seconds()};
  TimePoint t{};
  // `ms` of caller audio (speech or quiet) in 20 ms frames, ticking every 200 ms.
  std::vector<WatchdogStep> caller(std::chrono::milliseconds ms, bool speech) {
    std::vector<WatchdogStep> steps;
    const auto frame = speech ? tone(320) : std::vector<std::int16_t>(320, 0);
    for (auto left = ms; left > 0ms; left -= 20ms) {
      t += 20ms;
      w.on_caller_audio(frame, t);
      if ((t.time_since_epoch() / 1ms) % 200 == 0)
        if (auto s = w.tick(t); s != WatchdogStep::None) steps.push_back(s);
    }
    return steps;
  }
  // The caller sends nothing at all for `ms` (a phone that stops sending RTP).
  std::vector<WatchdogStep> nothing(std::chrono::milliseconds ms) {
    std::vector<WatchdogStep> steps;
    for (auto left = ms; left > 0ms; left -= 200ms) {
      t += 200ms;
      if (auto s = w.tick(t); s != WatchdogStep::None) steps.push_back(s);
    }
    return steps;
  }
};

TEST(AiWatchdog, NothingIsOwedBeforeTheCallerSpeaks) {
  Line r;
  EXPECT_TRUE(r.caller(20s, false).empty());
  EXPECT_FALSE(r.w.owed());
}

TEST(AiWatchdog, SilenceAfterTheCallerStopsClimbsTheLadderOnePeriodApart) {
  Line r;
  r.caller(1s, true);
  const auto spoke_until = r.t;
  std::vector<std::pair<WatchdogStep, std::chrono::milliseconds>> seen;
  for (int i = 0; i < 60; ++i) {
    for (auto s : r.caller(200ms, false))
      seen.emplace_back(s,
                        std::chrono::duration_cast<std::chrono::milliseconds>(r.t - spoke_until));
  }
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].first, WatchdogStep::Nudge);
  EXPECT_EQ(seen[1].first, WatchdogStep::Reconnect);
  EXPECT_EQ(seen[2].first, WatchdogStep::GiveUp);
  // The caller gap (0.7 s) plus one period, within one tick; then one period each.
  EXPECT_NEAR(seen[0].second.count(), 2700, 200);
  EXPECT_NEAR(seen[1].second.count(), 4700, 200);
  EXPECT_NEAR(seen[2].second.count(), 6700, 200);
}

TEST(AiWatchdog, ACallerWhoSendsNothingAfterSpeakingIsStillOwedAnAnswer) {
  Line r;
  r.caller(1s, true);
  const auto steps = r.nothing(7s);
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps.back(), WatchdogStep::GiveUp);
}

TEST(AiWatchdog, DigitalSilenceFromTheAiIsNoAnswer) {
  Line r;
  r.caller(1s, true);
  const std::vector<std::int16_t> zeros(480, 0), faint(480, 3);  // -80 dBFS
  for (int i = 0; i < 30; ++i) {  // 3 s: nudged at 2.7 s, the reconnect would be at 4.7 s
    EXPECT_FALSE(r.w.on_ai_audio(zeros, 24000, r.t));
    EXPECT_FALSE(r.w.on_ai_audio(faint, 24000, r.t));
    r.caller(100ms, false);
  }
  EXPECT_TRUE(r.w.owed());
  EXPECT_EQ(r.w.steps_taken(), 1);
}

TEST(AiWatchdog, AnAnswerInTimeTakesNoStep) {
  Line r;
  for (int turn = 0; turn < 5; ++turn) {
    r.caller(1s, true);
    EXPECT_TRUE(r.caller(1500ms, false).empty());
    EXPECT_FALSE(r.w.on_ai_audio(tone(2400), 24000, r.t));  // not a recovery: no step was taken
    EXPECT_FALSE(r.w.owed());
  }
  EXPECT_EQ(r.w.recovered(), 0u);
}

TEST(AiWatchdog, AudioAfterANudgeIsARecoveryAndTheLadderStartsOver) {
  Line r;
  r.caller(1s, true);
  auto steps = r.caller(3s, false);
  ASSERT_EQ(steps, std::vector<WatchdogStep>{WatchdogStep::Nudge});
  EXPECT_TRUE(r.w.on_ai_audio(tone(2400), 24000, r.t));
  EXPECT_EQ(r.w.recovered(), 1u);
  EXPECT_EQ(r.w.steps_taken(), 0);
  EXPECT_TRUE(r.caller(10s, false).empty());  // nothing owed until the caller speaks again
  r.caller(1s, true);
  steps = r.caller(3s, false);
  EXPECT_EQ(steps, std::vector<WatchdogStep>{WatchdogStep::Nudge});
}

TEST(AiWatchdog, NewCallerSpeechRestartsTheWaitButKeepsTheStepsTaken) {
  Line r;
  r.caller(1s, true);
  ASSERT_EQ(r.caller(3s, false).size(), 1u);  // nudged
  r.caller(1s, true);                         // the caller talks again
  const auto steps = r.caller(3s, false);
  EXPECT_EQ(steps, std::vector<WatchdogStep>{WatchdogStep::Reconnect});
}

TEST(AiWatchdog, CallerSpeechThatStopsWhileTheAiIsStillHeardOwesNothing) {
  Line r;
  r.caller(1s, true);
  r.caller(800ms, false);
  // A 6 s answer arrives at once (models send faster than real time); it plays until t+6 s.
  EXPECT_FALSE(r.w.on_ai_audio(tone(6 * 24000), 24000, r.t));
  r.caller(2s, false);
  r.caller(500ms, true);  // "uh-huh" (or an echo) while the answer is still playing
  EXPECT_TRUE(r.caller(10s, false).empty());
  EXPECT_FALSE(r.w.owed());
}

TEST(AiWatchdog, SpeechAfterTheAnswerPlayedOutIsOwedFromItsEnd) {
  Line r;
  EXPECT_FALSE(r.w.on_ai_audio(tone(24000), 24000, r.t));  // 1 s, heard until t+1 s
  r.caller(500ms, true);                                   // over the answer's end
  r.caller(1s, true);
  const auto steps = r.caller(3s, false);
  EXPECT_EQ(steps, std::vector<WatchdogStep>{WatchdogStep::Nudge});
}

TEST(AiWatchdog, AnInterruptionEndsThePlayoutSoTheBargeInIsOwedAnAnswer) {
  Line r;
  EXPECT_FALSE(r.w.on_ai_audio(tone(20 * 24000), 24000, r.t));  // 20 s queued
  r.caller(300ms, true);
  r.w.on_ai_interrupted(r.t);  // the caller barged in: the queue is flushed
  r.caller(700ms, true);
  const auto steps = r.caller(3s, false);
  EXPECT_EQ(steps, std::vector<WatchdogStep>{WatchdogStep::Nudge});
}

}  // namespace
}  // namespace va::call
