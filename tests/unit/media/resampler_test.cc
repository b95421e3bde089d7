// Resampler tests: chunked == one go (no clicks), passband kept, 24k->8k stopband >= 40 dB.
#include "media/resampler.h"

#include <gtest/gtest.h>

#include <vector>

#include "tone.h"

namespace va::media {
namespace {

struct Rates {
  int in, out;
};

class ResamplerRates : public ::testing::TestWithParam<Rates> {};

TEST_P(ResamplerRates, ChunkedInOddSizesEqualsOneGo) {
  const auto [in_rate, out_rate] = GetParam();
  const auto signal = test::sine(440, in_rate, static_cast<std::size_t>(in_rate));  // 1 s
  Resampler whole(in_rate, out_rate);
  std::vector<std::int16_t> expected;
  whole.process(signal, expected);
  Resampler chunked(in_rate, out_rate);
  std::vector<std::int16_t> got;
  const std::size_t sizes[] = {1, 7, 13, 160, 333, 479, 3, 1021};
  std::size_t pos = 0, k = 0;
  while (pos < signal.size()) {
    const std::size_t n = std::min(sizes[k++ % std::size(sizes)], signal.size() - pos);
    chunked.process(std::span(signal).subspan(pos, n), got);
    pos += n;
  }
  ASSERT_EQ(got.size(), expected.size());
  EXPECT_EQ(got, expected);
  // And the output length is the rate ratio (minus nothing: speex emits as it goes).
  EXPECT_NEAR(double(got.size()), double(signal.size()) * out_rate / in_rate, 2.0);
}

TEST_P(ResamplerRates, PassbandToneKeepsItsLevel) {
  const auto [in_rate, out_rate] = GetParam();
  const auto signal = test::sine(1000, in_rate, static_cast<std::size_t>(in_rate) / 2);
  Resampler r(in_rate, out_rate);
  std::vector<std::int16_t> out;
  r.process(signal, out);
  const double level =
      test::db(test::rms(std::span(out).subspan(out.size() / 4)) / test::rms(signal));
  EXPECT_NEAR(level, 0.0, 0.5);
}

INSTANTIATE_TEST_SUITE_P(AllDirections, ResamplerRates,
                         ::testing::Values(Rates{8000, 16000}, Rates{16000, 8000},
                                           Rates{24000, 8000}, Rates{24000, 16000}));

TEST(Resampler, Sweep24kTo8kRejectsEverythingAboveFourKilohertzByFortyDb) {
  double worst = 0;
  int worst_freq = 0;
  for (int f = 4000; f <= 11900; f += 100) {
    const auto signal = test::sine(f, 24000, 12000);
    Resampler r(24000, 8000);
    std::vector<std::int16_t> out;
    r.process(signal, out);
    const double rejection =
        -test::db(std::max(test::rms(std::span(out).subspan(400)), 1e-3) / test::rms(signal));
    if (worst == 0 || rejection < worst) {
      worst = rejection;
      worst_freq = f;
    }
  }
  EXPECT_GE(worst, 40.0) << "worst at " << worst_freq << " Hz";
  RecordProperty("worst_rejection_db", std::to_string(worst));
}

}  // namespace
}  // namespace va::media
