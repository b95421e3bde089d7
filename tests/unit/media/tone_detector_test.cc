// ToneDetector tests: Goertzel power of known sines, dominant tone, crosstalk shares,
// streaming in odd chunk sizes, G.711 round trips and silence.
#include "media/tone_detector.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "media/g711.h"
#include "tone.h"

namespace va::media {
namespace {

const std::vector<double> kTones = {440, 700, 1000, 1300};

std::vector<std::int16_t> mix(std::vector<std::int16_t> a, const std::vector<std::int16_t>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    a[i] = static_cast<std::int16_t>(a[i] + b[i]);
  return a;
}

TEST(ToneDetector, GoertzelPowerOfABinCentredSineIsHalfAmplitudeTimesLengthSquared) {
  const auto s = test::sine(1000, 8000, 800, 10000);  // 100 cycles in the block
  const double expected = std::pow(10000.0 * 800 / 2, 2);
  EXPECT_NEAR(goertzel_power(s, 1000, 8000) / expected, 1.0, 1e-3);
  EXPECT_LT(goertzel_power(s, 1300, 8000) / expected, 1e-6);
}

TEST(ToneDetector, EachCandidateToneIsDominantAndHoldsNearlyAllThePower) {
  for (const double f : kTones) {
    ToneDetector d(8000, kTones);
    d.feed(test::sine(f, 8000, 8000));
    ASSERT_TRUE(d.dominant().has_value()) << f;
    EXPECT_EQ(*d.dominant(), f);
    EXPECT_TRUE(d.contains(f, -0.5)) << f;
    for (std::size_t i = 0; i < kTones.size(); ++i) {
      if (kTones[i] != f) {
        EXPECT_LT(d.relative_db(i), -45) << f << " leaks into " << kTones[i];
      }
    }
  }
}

TEST(ToneDetector, FaintForeignToneIsMeasuredAtItsLevelRelativeToTheWhole) {
  // 700 Hz at 1/50 of the 440 Hz amplitude: -34 dB of the power.
  ToneDetector d(8000, kTones);
  d.feed(mix(test::sine(440, 8000, 16000, 10000), test::sine(700, 8000, 16000, 200)));
  EXPECT_EQ(d.dominant(), 440);
  EXPECT_NEAR(d.relative_db(1), -34.0, 0.5);
  EXPECT_TRUE(d.contains(700, -40));
  EXPECT_FALSE(d.contains(700, -30));
}

TEST(ToneDetector, StreamingInOddChunksMatchesOneFeed) {
  const auto s = test::sine(1300, 8000, 4000);
  ToneDetector whole(8000, kTones), parts(8000, kTones);
  whole.feed(s);
  for (std::size_t i = 0; i < s.size(); i += 37)
    parts.feed(
        std::span<const std::int16_t>(s).subspan(i, std::min<std::size_t>(37, s.size() - i)));
  EXPECT_EQ(parts.samples_analysed(), whole.samples_analysed());
  for (std::size_t i = 0; i < kTones.size(); ++i)
    EXPECT_DOUBLE_EQ(parts.relative_db(i), whole.relative_db(i));
}

TEST(ToneDetector, PartialBlockIsNotAnalysedUntilComplete) {
  ToneDetector d(8000, kTones, 800);
  d.feed(test::sine(440, 8000, 799));
  EXPECT_EQ(d.samples_analysed(), 0u);
  EXPECT_FALSE(d.dominant().has_value());
  d.feed(test::sine(440, 8000, 1));
  EXPECT_EQ(d.samples_analysed(), 800u);
}

TEST(ToneDetector, ToneSurvivesG711RoundTripsInBothLaws) {
  const auto s = test::sine(700, 8000, 8000, 16000);
  std::vector<std::uint8_t> coded(s.size());
  std::vector<std::int16_t> back(s.size());
  for (const bool ulaw : {true, false}) {
    if (ulaw) {
      g711::encode_ulaw(s, coded.data());
      g711::decode_ulaw(coded, back.data());
    } else {
      g711::encode_alaw(s, coded.data());
      g711::decode_alaw(coded, back.data());
    }
    ToneDetector d(8000, kTones);
    d.feed(back);
    EXPECT_EQ(d.dominant(), 700) << (ulaw ? "ulaw" : "alaw");
    EXPECT_GT(d.relative_db(1), -0.1);
    EXPECT_LT(d.relative_db(0), -30);
  }
}

TEST(ToneDetector, SilenceHasNoDominantToneAndMinusInfinityLevels) {
  ToneDetector d(8000, kTones);
  d.feed(std::vector<std::int16_t>(8000, 0));
  EXPECT_FALSE(d.dominant().has_value());
  EXPECT_TRUE(std::isinf(d.rms_dbfs()));
  EXPECT_FALSE(d.contains(440, -100));
}

TEST(ToneDetector, QuietNoiseBelowTheSilenceFloorHasNoDominantTone) {
  std::vector<std::int16_t> s(8000);
  for (std::size_t i = 0; i < s.size(); ++i)
    s[i] = static_cast<std::int16_t>((i * 7919) % 7 - 3);  // about -80 dBFS
  ToneDetector d(8000, kTones);
  d.feed(s);
  EXPECT_LT(d.rms_dbfs(), -60);
  EXPECT_FALSE(d.dominant().has_value());
}

TEST(ToneDetector, ToneOutsideTheCandidatesIsNotReportedAsDominant) {
  ToneDetector d(8000, kTones);
  d.feed(test::sine(2500, 8000, 8000));
  EXPECT_FALSE(d.dominant().has_value());
  EXPECT_FALSE(d.contains(2500, -100));
}

TEST(ToneDetector, ResetForgetsEverything) {
  ToneDetector d(8000, kTones);
  d.feed(test::sine(1000, 8000, 1600));
  d.reset();
  EXPECT_EQ(d.samples_analysed(), 0u);
  d.feed(test::sine(440, 8000, 1600));
  EXPECT_EQ(d.dominant(), 440);
}

TEST(ToneDetector, WorksAtSixteenKilohertz) {
  ToneDetector d(16000, {440, 3000, 6000});
  d.feed(test::sine(6000, 16000, 16000));
  EXPECT_EQ(d.dominant(), 6000);
}

}  // namespace
}  // namespace va::media
