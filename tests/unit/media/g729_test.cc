// G.729 tests (bcg729, RFC 3551 4.5.6): payload size rules, a tone through encode/decode,
// Annex B SID frames to comfort noise, and sizes refused before the decoder sees them.
#include "media/g729.h"

#include <gtest/gtest.h>

#include <vector>

#include "media/audio_codec.h"
#include "tone.h"

namespace va::media {
namespace {

// Power of `freq` in `v` relative to the whole signal's, in dB (Goertzel over all of v).
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
  return 10 * std::log10(tone / total);
}

TEST(G729, PayloadSizesAreFramesOfTenBytesWithAnOptionalSid) {
  EXPECT_EQ(g729_payload_samples(10), 80u);
  EXPECT_EQ(g729_payload_samples(20), 160u);  // a 20 ms packet: two frames
  EXPECT_EQ(g729_payload_samples(2), 80u);    // a SID frame alone
  EXPECT_EQ(g729_payload_samples(22), 240u);  // two frames and a SID
  EXPECT_EQ(g729_payload_samples(0), 0u);
  for (std::size_t bad : {1u, 3u, 9u, 11u, 15u, 21u, 23u, 29u})
    EXPECT_EQ(g729_payload_samples(bad), 0u) << bad << " bytes";
}

TEST(G729, RoundTripKeepsAToneAndItsLevel) {
  auto c = AudioCodec::create(CodecId::G729);
  EXPECT_EQ(c->payload_type(), 18);
  EXPECT_EQ(c->sample_rate(), 8000);
  EXPECT_EQ(c->rtp_clock_rate(), 8000);
  EXPECT_EQ(c->encoded_size(160), 20u);
  const auto in = test::sine(1000, 8000, 8000, 8000);
  std::vector<std::int16_t> out;
  for (std::size_t at = 0; at < in.size(); at += 160) {
    std::uint8_t packet[20];
    ASSERT_EQ(c->encode(std::span(in).subspan(at, 160), packet), 20u);
    ASSERT_EQ(c->decoded_samples({packet, 20}), 160u);
    std::int16_t pcm[160];
    ASSERT_EQ(c->decode({packet, 20}, pcm), 160u);
    out.insert(out.end(), pcm, pcm + 160);
  }
  const std::span<const std::int16_t> settled = std::span(out).subspan(1600);
  EXPECT_GT(tone_share_db(settled, 1000, 8000), -1.0);
  EXPECT_NEAR(test::db(test::rms(settled) / test::rms(in)), 0.0, 3.0);
}

TEST(G729, AnnexBSidFramesDecodeToComfortNoise) {
  // A gateway's encoder with VAD: speech, then silence sent as SID frames and gaps.
  G729Encoder vad_encoder(true);
  const auto speech = test::sine(800, 8000, 4000, 8000);
  const auto quiet = test::sine(800, 8000, 8000, 3);  // near silence, not digital zero
  std::vector<std::size_t> sizes;
  for (const auto* signal : {&speech, &quiet}) {
    for (std::size_t at = 0; at < signal->size(); at += 80) {
      std::uint8_t frame[10];
      sizes.push_back(vad_encoder.encode(std::span(*signal).subspan(at, 80), frame));
    }
  }
  EXPECT_EQ(std::count(sizes.begin(), sizes.begin() + 50, 10u), 50);
  const auto sids = std::count(sizes.begin() + 50, sizes.end(), 2u);
  const auto gaps = std::count(sizes.begin() + 50, sizes.end(), 0u);
  EXPECT_GE(sids, 1);
  EXPECT_GT(gaps, 50);  // the silence is mostly not sent at all

  // Decoding: speech frames, then a SID alone, then a frame and SID in one payload.
  G729Encoder plain;
  G729Decoder decoder;
  std::uint8_t payload[22];
  ASSERT_EQ(plain.encode(std::span(speech).subspan(0, 160), payload), 20u);
  std::int16_t pcm[240];
  EXPECT_EQ(decoder.decode({payload, 20}, pcm), 160u);
  const std::uint8_t sid[2] = {0x5a, 0x40};
  EXPECT_EQ(decoder.decode(sid, pcm), 80u);
  EXPECT_LT(test::rms({pcm, 80}), 2000.0);  // comfort noise: quiet, not a burst
  // DTX: after a SID the sender goes quiet; untransmitted frames become comfort noise.
  EXPECT_TRUE(decoder.in_dtx());
  std::int16_t noise[160];
  EXPECT_EQ(decoder.comfort_noise(noise, 160), 160u);
  EXPECT_LT(test::rms(noise), 2000.0);
  EXPECT_EQ(decoder.comfort_noise(noise, 79), 0u);  // whole frames only
  EXPECT_EQ(decoder.decode({payload, 20}, pcm), 160u);
  EXPECT_FALSE(decoder.in_dtx());  // speech again
  payload[20] = 0x5a;
  payload[21] = 0x40;
  EXPECT_EQ(decoder.decode({payload, 22}, pcm), 240u);
  EXPECT_TRUE(decoder.in_dtx());
}

TEST(G729, BadSizesNeverReachTheDecoder) {
  auto c = AudioCodec::create(CodecId::G729);
  const std::vector<std::uint8_t> odd(13, 0xff);
  std::int16_t pcm[240] = {};
  EXPECT_EQ(c->decoded_samples(odd), 0u);
  EXPECT_EQ(c->decode(odd, pcm), 0u);
  EXPECT_EQ(c->decoded_samples({}), 0u);
}

TEST(G729, StateIsPerInstance) {
  const auto a = test::sine(700, 8000, 160), b = test::sine(2000, 8000, 160);
  auto solo = AudioCodec::create(CodecId::G729);
  auto x = AudioCodec::create(CodecId::G729), y = AudioCodec::create(CodecId::G729);
  std::vector<std::uint8_t> ref(20), ex(20), ey(20);
  for (int frame = 0; frame < 3; ++frame) {
    solo->encode(a, ref.data());
    x->encode(a, ex.data());
    y->encode(b, ey.data());
    EXPECT_EQ(ex, ref);
  }
}

}  // namespace
}  // namespace va::media
