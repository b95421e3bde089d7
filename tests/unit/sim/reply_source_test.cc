// Simulator reply audio: the looped tone table gives the key's frequency, pieces join up.
#include "sim/reply_source.h"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/sim_config.h"

namespace va::sim {
namespace {

TEST(ToneSource, FillingInPiecesEqualsFillingAtOnce) {
  ToneSource tone(740, 24000);
  std::vector<std::int16_t> whole(24000), pieces(24000);
  tone.fill(0, whole);
  for (std::size_t pos = 0; pos < pieces.size(); pos += 333) {
    const std::size_t n = std::min<std::size_t>(333, pieces.size() - pos);
    tone.fill(pos, std::span<std::int16_t>(pieces).subspan(pos, n));
  }
  EXPECT_EQ(whole, pieces);
  EXPECT_EQ(whole.front(), 0);              // faded in
  EXPECT_LT(std::abs(whole.back()), 2000);  // faded out
}

TEST(ToneSource, CarriesTheFrequencyDerivedFromTheKey) {
  const int hz = tone_frequency_for_key("some-key");
  EXPECT_GE(hz, 300);
  EXPECT_LE(hz, 1880);
  EXPECT_EQ(hz % 20, 0);
  ToneSource tone(hz, 12000);
  std::vector<std::int16_t> pcm(12000);
  tone.fill(0, pcm);
  auto amplitude = [&](double f) {
    double re = 0, im = 0;
    for (std::size_t i = 0; i < pcm.size(); ++i) {
      re += pcm[i] * std::cos(2 * M_PI * f * static_cast<double>(i) / kOutputRate);
      im += pcm[i] * std::sin(2 * M_PI * f * static_cast<double>(i) / kOutputRate);
    }
    return 2 * std::hypot(re, im) / static_cast<double>(pcm.size());
  };
  EXPECT_NEAR(amplitude(hz), 8000, 200);
  EXPECT_LT(amplitude(hz + 20), 200);
}

TEST(EchoSource, ResamplesTheUtteranceTo24k) {
  std::vector<std::int16_t> utterance(16000, 100);
  EXPECT_EQ(make_echo(utterance, 16000).size(), 24000u);
}

}  // namespace
}  // namespace va::sim
