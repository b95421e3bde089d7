// G.722 on the ITU level: our codec against an independent implementation of the
// Recommendation (itu_g722.h, 16-bit PCM >> 2 in and << 2 out, as linphone and PJSIP do).
// A tone must cross in either direction at the level it was sent, and loud speech must not clip.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "itu_g722.h"
#include "media/g722.h"
#include "tone.h"

namespace va::media {
namespace {

constexpr int kRate = 16000;
constexpr std::size_t kSamples = 16000;  // one second
constexpr std::size_t kSettle = 800;     // 50 ms: the ADPCM step sizes adapt

// A 1 kHz sine at `dbfs` RMS relative to 16-bit full scale (its peak is 3 dB higher, so
// anything above -3 dBFS would clip before any codec).
std::vector<std::int16_t> tone_at(double dbfs) {
  const double peak = 32767.0 * std::pow(10.0, dbfs / 20.0) * std::sqrt(2.0);
  return test::sine(1000, kRate, kSamples, peak);
}

double level_dbfs(std::span<const std::int16_t> pcm) {
  return test::db(test::rms(pcm.subspan(kSettle)) / 32767.0);
}

std::vector<std::uint8_t> encode_ours(std::span<const std::int16_t> pcm) {
  G722Encoder enc;
  std::vector<std::uint8_t> out(pcm.size() / 2);
  EXPECT_EQ(enc.encode(pcm, out.data()), out.size());
  return out;
}

std::vector<std::int16_t> decode_ours(std::span<const std::uint8_t> bytes) {
  G722Decoder dec;
  std::vector<std::int16_t> out(bytes.size() * 2);
  EXPECT_EQ(dec.decode(bytes, out.data()), out.size());
  return out;
}

TEST(G722Level, OurEncoderIsHeardAtItsLevelByTheItuDecoder) {
  const auto in = tone_at(-10);
  ASSERT_NEAR(level_dbfs(in), -10.0, 0.05);
  test::ItuG722 phone;
  const auto heard = phone.decode(encode_ours(in));
  EXPECT_NEAR(level_dbfs(heard), -10.0, 0.5);
}

TEST(G722Level, TheItuEncodersBitstreamDecodesAtItsLevel) {
  const auto in = tone_at(-10);
  test::ItuG722 phone;
  const auto heard = decode_ours(phone.encode(in));
  EXPECT_NEAR(level_dbfs(heard), -10.0, 0.5);
}

TEST(G722Level, OurEncoderProducesTheReferenceBitstream) {
  // Speech-like: two tones and a sweep of level, so every quantizer step is used.
  std::vector<std::int16_t> in(kSamples);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const double t = double(i) / kRate, env = 0.05 + 0.9 * std::abs(std::sin(3.1 * t));
    in[i] = static_cast<std::int16_t>(
        std::lround(env * (14000 * std::sin(2 * std::numbers::pi * 440 * t) +
                           9000 * std::sin(2 * std::numbers::pi * 5200 * t))));
  }
  test::ItuG722 reference;
  EXPECT_EQ(encode_ours(in), reference.encode(in));
}

TEST(G722Level, OurDecoderMatchesTheReferenceSampleForSample) {
  // The reference bitstream of a loud wideband signal, decoded both ways.
  std::vector<std::int16_t> in(kSamples);
  for (std::size_t i = 0; i < in.size(); ++i)
    in[i] = static_cast<std::int16_t>(
        std::lround(12000 * std::sin(2 * std::numbers::pi * 300 * i / kRate) +
                    12000 * std::sin(2 * std::numbers::pi * 6100 * i / kRate)));
  test::ItuG722 enc, dec;
  const auto bits = enc.encode(in);
  const auto want = dec.decode(bits), got = decode_ours(bits);
  ASSERT_EQ(got.size(), want.size());
  // Spandsp's 15-bit output cut to the Recommendation's 14 bits is the reference's output.
  EXPECT_EQ(got, want);
}

TEST(G722Level, LoudSpeechDoesNotClipAtThePhone) {
  // A -3.5 dBFS sine peaks at -0.5 dBFS: the loudest an AI voice gets. The phone must hear it
  // at that level with no sample stuck at full scale.
  const auto in = tone_at(-3.5);
  test::ItuG722 phone;
  const auto heard = phone.decode(encode_ours(in));
  EXPECT_NEAR(level_dbfs(heard), -3.5, 0.5);
  const auto clipped = std::count_if(heard.begin() + kSettle, heard.end(),
                                     [](std::int16_t s) { return s >= 32767 || s <= -32768; });
  EXPECT_EQ(clipped, 0);
  EXPECT_GT(test::best_lag_snr(in, heard, 64, kSettle), 25.0);
}

TEST(G722Level, RoundTripThroughOurCodecKeepsTheLevel) {
  const auto in = tone_at(-20);
  EXPECT_NEAR(level_dbfs(decode_ours(encode_ours(in))), -20.0, 0.5);
}

}  // namespace
}  // namespace va::media
