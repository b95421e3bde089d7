// Opus tests (libopus, RFC 7587): rates and payload type, wideband and narrowband round trips
// of a tone, and malformed packets refused before the decoder sees them (RFC 6716 3.4).
#include "media/opus_codec.h"

#include <gtest/gtest.h>

#include <vector>

#include "media/audio_codec.h"
#include "tone.h"

namespace va::media {
namespace {

double tone_share_db(std::span<const std::int16_t> v, double freq, int rate) {
  const double w = 2 * std::numbers::pi * freq / rate;
  double s1 = 0, s2 = 0;
  for (auto x : v) {
    const double s0 = x + 2 * std::cos(w) * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double tone = (s1 * s1 + s2 * s2 - 2 * std::cos(w) * s1 * s2) * 2 / double(v.size());
  double total = 0;
  for (auto x : v)
    total += double(x) * x;
  return 10 * std::log10(tone / std::max(total, 1.0));
}

// One second of `in` through `c` in 20 ms packets; the packet sizes go to `sizes`.
std::vector<std::int16_t> round_trip(AudioCodec& c, const std::vector<std::int16_t>& in,
                                     std::vector<std::size_t>* sizes = nullptr) {
  std::vector<std::int16_t> out;
  std::vector<std::uint8_t> packet(c.encoded_size(320));
  for (std::size_t at = 0; at + 320 <= in.size(); at += 320) {
    const std::size_t n = c.encode(std::span(in).subspan(at, 320), packet.data());
    if (sizes) sizes->push_back(n);
    const std::span<const std::uint8_t> payload(packet.data(), n);
    EXPECT_EQ(c.decoded_samples(payload), 320u);
    std::vector<std::int16_t> pcm(320);
    EXPECT_EQ(c.decode(payload, pcm.data()), 320u);
    out.insert(out.end(), pcm.begin(), pcm.end());
  }
  return out;
}

TEST(Opus, RatesFollowRfc7587) {
  auto c = AudioCodec::create(CodecId::Opus);
  EXPECT_EQ(c->sample_rate(), 16000);
  EXPECT_EQ(c->rtp_clock_rate(), 48000);
  EXPECT_EQ(c->payload_type(), 111);
}

TEST(Opus, WidebandCarriesAFiveKilohertzToneAtAbout24Kbps) {
  auto c = AudioCodec::create(CodecId::Opus);
  const auto in = test::sine(5000, 16000, 16000, 8000);
  std::vector<std::size_t> sizes;
  const auto out = round_trip(*c, in, &sizes);
  const auto settled = std::span<const std::int16_t>(out).subspan(3200);
  EXPECT_GT(tone_share_db(settled, 5000, 16000), -1.0);
  EXPECT_NEAR(test::db(test::rms(settled) / test::rms(in)), 0.0, 3.0);
  std::size_t bytes = 0;
  for (auto n : sizes)
    bytes += n;
  EXPECT_LT(bytes * 8, 32000u);  // one second at ~24 kbit/s (VBR: the first packets are larger)
}

TEST(Opus, NarrowbandForAPeerThatPlaysBackAt8kHz) {
  CodecOptions narrow;
  narrow.max_playback_rate = 8000;
  auto c = AudioCodec::create(CodecId::Opus, narrow);
  // 1 kHz passes, 5 kHz is beyond narrowband's 4 kHz and gone.
  const auto low = round_trip(*c, test::sine(1000, 16000, 16000, 8000));
  EXPECT_GT(tone_share_db(std::span<const std::int16_t>(low).subspan(3200), 1000, 16000), -1.0);
  auto c2 = AudioCodec::create(CodecId::Opus, narrow);
  const auto high = round_trip(*c2, test::sine(5000, 16000, 16000, 8000));
  EXPECT_LT(test::rms(std::span<const std::int16_t>(high).subspan(3200)), 8000 / 1.414 / 10);
}

TEST(Opus, MalformedPacketsAreRefusedBeforeTheDecoder) {
  auto c = AudioCodec::create(CodecId::Opus);
  std::int16_t pcm[kOpusMaxPacketSamples];
  EXPECT_EQ(c->decoded_samples({}), 0u);
  // Code 3 (arbitrary frame count) with a count of 0 frames: invalid (RFC 6716 3.2.5).
  const std::uint8_t zero_frames[] = {0x03, 0x00};
  EXPECT_EQ(c->decoded_samples(zero_frames), 0u);
  EXPECT_EQ(c->decode(zero_frames, pcm), 0u);
  // 49 frames of 2.5 ms: 122.5 ms, over the 120 ms limit.
  const std::uint8_t too_long[] = {0x83, 49};
  EXPECT_EQ(c->decoded_samples(too_long), 0u);
  const std::vector<std::uint8_t> huge(kOpusMaxPacketBytes + 1, 0x78);
  EXPECT_EQ(c->decoded_samples(huge), 0u);
  // A code 1 packet (two equal frames) with an odd body: the decoder refuses it, reports 0.
  const std::uint8_t odd_pair[] = {0x79, 0x01, 0x02, 0x03};
  if (c->decoded_samples(odd_pair) != 0) {
    EXPECT_EQ(c->decode(odd_pair, pcm), 0u);
  }
}

}  // namespace
}  // namespace va::media
