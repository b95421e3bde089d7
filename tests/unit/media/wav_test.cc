// WAV parsing (espeak-ng streams, damage) and the whole-buffer resampling of Resampler::convert.
#include "media/wav.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "media/errc.h"
#include "media/resampler.h"

namespace va::media {
namespace {

std::vector<std::uint8_t> wav_bytes(const std::vector<std::int16_t>& pcm, int rate,
                                    std::uint32_t data_size) {
  std::vector<std::uint8_t> b;
  auto put = [&](const char* s) {
    for (int i = 0; i < 4; ++i)
      b.push_back(static_cast<std::uint8_t>(s[i]));
  };
  auto u32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
      b.push_back((v >> (8 * i)) & 255);
  };
  auto u16 = [&](std::uint16_t v) {
    b.push_back(v & 255);
    b.push_back(v >> 8);
  };
  put("RIFF");
  u32(0x7fffffff);
  put("WAVE");
  put("fmt ");
  u32(16);
  u16(1);
  u16(1);
  u32(static_cast<std::uint32_t>(rate));
  u32(static_cast<std::uint32_t>(rate * 2));
  u16(2);
  u16(16);
  put("data");
  u32(data_size);
  for (auto s : pcm)
    u16(static_cast<std::uint16_t>(s));
  return b;
}

TEST(Wav, ReadsEspeakStyleStreamsWhoseDataSizeIsUnknown) {
  std::vector<std::int16_t> pcm = {1, -1, 300, -300};
  auto w = parse_wav(wav_bytes(pcm, 22050, 0x7ffff000));
  ASSERT_TRUE(w);
  EXPECT_EQ(w->sample_rate, 22050);
  EXPECT_EQ(w->samples, pcm);
}

// WAVE_FORMAT_EXTENSIBLE (0xFFFE): the 40-byte fmt chunk some TTS services write, with the
// PCM subformat GUID; any other subformat (here IEEE float) is refused.
std::vector<std::uint8_t> extensible_wav(const std::vector<std::int16_t>& pcm, int rate,
                                         int channels, std::uint8_t subformat_first_byte) {
  std::vector<std::uint8_t> b;
  auto put = [&](const char* s) {
    for (int i = 0; i < 4; ++i)
      b.push_back(static_cast<std::uint8_t>(s[i]));
  };
  auto u32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
      b.push_back((v >> (8 * i)) & 255);
  };
  auto u16 = [&](std::uint16_t v) {
    b.push_back(v & 255);
    b.push_back(v >> 8);
  };
  const auto data = static_cast<std::uint32_t>(pcm.size() * 2);
  const auto ch = static_cast<std::uint16_t>(channels);
  put("RIFF");
  u32(60 + data);
  put("WAVE");
  put("fmt ");
  u32(40);
  u16(0xFFFE);
  u16(ch);
  u32(static_cast<std::uint32_t>(rate));
  u32(static_cast<std::uint32_t>(rate * 2 * channels));
  u16(static_cast<std::uint16_t>(2 * channels));
  u16(16);
  u16(22);                     // cbSize
  u16(16);                     // valid bits per sample
  u32(channels == 1 ? 4 : 3);  // channel mask: FC, or FL|FR
  const std::uint8_t guid[16] = {subformat_first_byte,
                                 0x00,
                                 0x00,
                                 0x00,
                                 0x00,
                                 0x00,
                                 0x10,
                                 0x00,
                                 0x80,
                                 0x00,
                                 0x00,
                                 0xaa,
                                 0x00,
                                 0x38,
                                 0x9b,
                                 0x71};
  b.insert(b.end(), guid, guid + 16);
  put("data");
  u32(data);
  for (auto s : pcm)
    u16(static_cast<std::uint16_t>(s));
  return b;
}

TEST(Wav, ReadsWaveFormatExtensibleWithThePcmSubformat) {
  std::vector<std::int16_t> pcm = {5, -6, 700, -32768};
  auto mono = parse_wav(extensible_wav(pcm, 24000, 1, 0x01));
  ASSERT_TRUE(mono) << mono.error().message();
  EXPECT_EQ(mono->sample_rate, 24000);
  EXPECT_EQ(mono->samples, pcm);
  auto stereo = parse_wav(extensible_wav({100, 300, -100, -300}, 16000, 2, 0x01));
  ASSERT_TRUE(stereo) << stereo.error().message();
  EXPECT_EQ(stereo->samples, (std::vector<std::int16_t>{200, -200}));
  // Subformat 3 = IEEE float: not PCM16.
  EXPECT_EQ(parse_wav(extensible_wav(pcm, 24000, 1, 0x03)).error(), make_error_code(Errc::BadWav));
  // An EXTENSIBLE tag with a short (16-byte) fmt chunk has no subformat to check.
  auto w = wav_bytes({1, 2}, 8000, 4);
  w[20] = 0xFE;
  w[21] = 0xFF;
  EXPECT_EQ(parse_wav(w).error(), make_error_code(Errc::BadWav));
}

TEST(Wav, RejectsNonWavAndNonPcm16Input) {
  std::vector<std::uint8_t> junk(12, 0);
  junk[0] = 'R';
  junk[8] = 'A';
  EXPECT_EQ(parse_wav(junk).error(), make_error_code(Errc::BadWav));
  auto w = wav_bytes({1, 2}, 8000, 4);
  w[20] = 3;  // format tag 3 = float
  EXPECT_EQ(parse_wav(w).error(), make_error_code(Errc::BadWav));
  EXPECT_FALSE(parse_wav({}));
}

double tone_amplitude(const std::vector<std::int16_t>& x, int rate, double hz) {
  double re = 0, im = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    double ph = 2 * M_PI * hz * static_cast<double>(i) / rate;
    re += x[i] * std::cos(ph);
    im += x[i] * std::sin(ph);
  }
  return 2 * std::hypot(re, im) / static_cast<double>(x.size());
}

std::vector<std::int16_t> sine(int rate, double hz, int n) {
  std::vector<std::int16_t> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    out[static_cast<std::size_t>(i)] =
        static_cast<std::int16_t>(10000 * std::sin(2 * M_PI * hz * i / rate));
  return out;
}

TEST(ResamplerConvert, KeepsAnInBandToneAndTheDuration) {
  auto out = Resampler::convert(sine(22050, 1000, 22050), 22050, 8000);
  EXPECT_NEAR(static_cast<double>(out.size()), 8000, 1);
  EXPECT_NEAR(tone_amplitude(out, 8000, 1000), 10000, 600);
  auto up = Resampler::convert(sine(16000, 440, 16000), 16000, 24000);
  EXPECT_EQ(up.size(), 24000u);
  EXPECT_NEAR(tone_amplitude(up, 24000, 440), 10000, 600);
}

TEST(ResamplerConvert, SkipsTheFilterDelaySoAudioKeepsItsPlace) {
  std::vector<std::int16_t> in(16000, 0);
  in[8000] = 20000;  // one click in the middle
  auto out = Resampler::convert(in, 16000, 8000);
  ASSERT_EQ(out.size(), 8000u);
  auto peak = std::max_element(out.begin(), out.end(),
                               [](auto a, auto b) { return std::abs(a) < std::abs(b); });
  EXPECT_NEAR(static_cast<double>(peak - out.begin()), 4000, 2);
}

TEST(ResamplerConvert, RemovesToneAboveTheNewNyquistFrequency) {
  auto out = Resampler::convert(sine(22050, 6000, 22050), 22050, 8000);  // 6 kHz > 4 kHz Nyquist
  double rms = 0;
  for (auto s : out)
    rms += static_cast<double>(s) * s;
  rms = std::sqrt(rms / static_cast<double>(out.size()));
  EXPECT_LT(rms, 500);  // alias suppressed (the input RMS is about 7000)
}

}  // namespace
}  // namespace va::media
