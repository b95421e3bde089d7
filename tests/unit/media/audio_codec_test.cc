// AudioCodec tests: payload types and sizes (RFC 3551), G.722 round trip quality, state per call.
#include "media/audio_codec.h"

#include <gtest/gtest.h>

#include <vector>

#include "tone.h"

namespace va::media {
namespace {

TEST(AudioCodec, PayloadTypesAndRatesFollowRfc3551) {
  auto u = AudioCodec::create(CodecId::Pcmu);
  auto a = AudioCodec::create(CodecId::Pcma);
  auto g = AudioCodec::create(CodecId::G722);
  EXPECT_EQ(u->payload_type(), 0);
  EXPECT_EQ(a->payload_type(), 8);
  EXPECT_EQ(g->payload_type(), 9);
  EXPECT_EQ(g->sample_rate(), 16000);
  EXPECT_EQ(g->rtp_clock_rate(), 8000);
  EXPECT_EQ(u->encoded_size(160), 160u);
  EXPECT_EQ(g->encoded_size(320), 160u);
}

TEST(AudioCodec, G711RoundTripKeepsSpeechBandToneAboveThirtyFiveDbSnr) {
  for (auto id : {CodecId::Pcmu, CodecId::Pcma}) {
    auto c = AudioCodec::create(id);
    const auto in = test::sine(1000, 8000, 1600);
    std::vector<std::uint8_t> enc(c->encoded_size(in.size()));
    ASSERT_EQ(c->encode(in, enc.data()), enc.size());
    std::vector<std::int16_t> out(in.size());
    ASSERT_EQ(c->decode(enc, out.data()), in.size());
    EXPECT_GT(test::best_lag_snr(in, out, 0, 0), 35.0);
  }
}

TEST(AudioCodec, G722RoundTripReproducesAWidebandTone) {
  auto c = AudioCodec::create(CodecId::G722);
  // 5 kHz: beyond G.711's band, inside G.722's.
  const auto in = test::sine(5000, 16000, 3200, 8000);
  std::vector<std::uint8_t> enc(c->encoded_size(in.size()));
  ASSERT_EQ(c->encode(in, enc.data()), 1600u);
  std::vector<std::int16_t> out(in.size());
  ASSERT_EQ(c->decode(enc, out.data()), in.size());
  EXPECT_GT(test::best_lag_snr(in, out, 64, 320), 15.0);
  EXPECT_NEAR(test::rms(std::span(out).subspan(400)), test::rms(in), test::rms(in) * 0.2);
}

TEST(AudioCodec, G722StateIsPerInstance) {
  // Two calls encoding different signals in lockstep produce what each would produce alone.
  const auto a = test::sine(700, 16000, 320), b = test::sine(3000, 16000, 320);
  auto solo = AudioCodec::create(CodecId::G722);
  auto x = AudioCodec::create(CodecId::G722), y = AudioCodec::create(CodecId::G722);
  std::vector<std::uint8_t> ref(160), ex(160), ey(160);
  for (int frame = 0; frame < 3; ++frame) {
    solo->encode(a, ref.data());
    x->encode(a, ex.data());
    y->encode(b, ey.data());
    EXPECT_EQ(ex, ref);
  }
}

}  // namespace
}  // namespace va::media
