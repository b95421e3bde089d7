#include "sim/tone_estimator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace va::sim {
namespace {

std::vector<std::int16_t> tone(double hz, int rate, double seconds, double amplitude = 8000) {
  std::vector<std::int16_t> out(static_cast<std::size_t>(rate * seconds));
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::int16_t>(amplitude * std::sin(2 * std::numbers::pi * hz * i / rate));
  return out;
}

TEST(ToneEstimator, APureToneIsMeasuredWithinAFewHertz) {
  for (double hz : {440.0, 700.0, 1000.0, 1300.0}) {
    ToneEstimator e;
    auto t = tone(hz, 16000, 2.0);
    for (std::size_t i = 0; i < t.size(); i += 320)
      e.feed(std::span(t).subspan(i, std::min<std::size_t>(320, t.size() - i)), 16000);
    ASSERT_TRUE(e.dominant_hz());
    EXPECT_NEAR(*e.dominant_hz(), hz, 3) << hz;
  }
}

TEST(ToneEstimator, SilenceBetweenTalkSpurtsDoesNotDiluteIt) {
  ToneEstimator e;
  std::vector<std::int16_t> silence(16000, 0);
  for (int spurt = 0; spurt < 3; ++spurt) {
    e.feed(tone(700, 16000, 0.5), 16000);
    e.feed(silence, 16000);
  }
  ASSERT_TRUE(e.dominant_hz());
  EXPECT_NEAR(*e.dominant_hz(), 700, 4);
}

TEST(ToneEstimator, QuietOrTooShortAudioGivesNoEstimate) {
  ToneEstimator e;
  e.feed(tone(440, 16000, 2.0, 100), 16000);  // below the loudness floor
  EXPECT_FALSE(e.dominant_hz());
  e.feed(tone(440, 16000, 0.05), 16000);
  EXPECT_FALSE(e.dominant_hz());
}

TEST(ToneEstimator, BadRatesAreIgnored) {
  ToneEstimator e;
  e.feed(tone(440, 16000, 1.0), 0);
  e.feed(tone(440, 16000, 1.0), 96000);
  EXPECT_FALSE(e.dominant_hz());
}

}  // namespace
}  // namespace va::sim
