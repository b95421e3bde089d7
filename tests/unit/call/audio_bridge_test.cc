// AudioUplink, AudioDownlink and the SDP-to-RTP mapping of a call's media: decode, conceal,
// resample, frame, encode (RFC 3551 codecs, RFC 3550 sequence order, RFC 3264 hold).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "call/audio_downlink.h"
#include "call/audio_uplink.h"
#include "call/call_media_errc.h"
#include "call/call_media_remote.h"
#include "media/g711.h"

namespace va::call {
namespace {

std::vector<std::int16_t> sine(double hz, int rate, std::size_t n, double amp = 8000) {
  std::vector<std::int16_t> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = static_cast<std::int16_t>(amp * std::sin(2 * std::numbers::pi * hz * i / rate));
  }
  return v;
}

double amplitude_at(std::span<const std::int16_t> x, int rate, double hz) {
  double re = 0, im = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double ph = 2 * std::numbers::pi * hz * static_cast<double>(i) / rate;
    re += x[i] * std::cos(ph);
    im += x[i] * std::sin(ph);
  }
  return x.empty() ? 0 : 2 * std::hypot(re, im) / static_cast<double>(x.size());
}

std::vector<std::uint8_t> ulaw_frame(const std::vector<std::int16_t>& pcm, std::size_t frame) {
  std::vector<std::uint8_t> out(160);
  media::g711::encode_ulaw({pcm.data() + frame * 160, 160}, out.data());
  return out;
}

TEST(AudioUplink, InOrderPcmuFramesBecomeTwentyMillisecondsAtSixteenKilohertz) {
  AudioUplink up(media::CodecId::Pcmu);
  const auto tone = sine(440, 8000, 160 * 50);
  std::vector<std::int16_t> out16k;
  for (std::size_t f = 0; f < 50; ++f) {
    auto o = up.on_packet(static_cast<std::uint16_t>(1000 + f), ulaw_frame(tone, f));
    EXPECT_EQ(o.frames, 1);
    EXPECT_EQ(o.pcm.size(), 160u);
    out16k.insert(out16k.end(), o.pcm16k.begin(), o.pcm16k.end());
  }
  // The resampler holds back its filter delay; everything else comes out.
  EXPECT_NEAR(static_cast<double>(out16k.size()), 50 * 320, 64);
  EXPECT_GT(amplitude_at({out16k.data() + 1000, 8000}, 16000, 440), 6000);
  EXPECT_EQ(up.frames(), 50u);
  EXPECT_EQ(up.concealed(), 0u);
}

TEST(AudioUplink, ShortGapIsConcealedBeforeTheNextFrame) {
  AudioUplink up(media::CodecId::Pcmu);
  const auto tone = sine(300, 8000, 160 * 10);
  up.on_packet(10, ulaw_frame(tone, 0));
  up.on_packet(11, ulaw_frame(tone, 1));
  auto o = up.on_packet(14, ulaw_frame(tone, 4));  // 12 and 13 lost
  EXPECT_EQ(o.frames, 3);
  EXPECT_EQ(o.pcm.size(), 480u);
  EXPECT_EQ(up.concealed(), 2u);
  // PLC repeats the pitch: the concealed part is not silence.
  double energy = 0;
  for (std::size_t i = 0; i < 320; ++i)
    energy += std::abs(o.pcm[i]);
  EXPECT_GT(energy / 320, 1000);
}

TEST(AudioUplink, LatePacketIsDroppedAndCounted) {
  AudioUplink up(media::CodecId::Pcma);
  std::vector<std::uint8_t> frame(160, 0xd5);
  up.on_packet(5, frame);
  up.on_packet(6, frame);
  auto o = up.on_packet(4, frame);
  EXPECT_EQ(o.frames, 0);
  EXPECT_TRUE(o.pcm16k.empty());
  EXPECT_EQ(up.late(), 1u);
}

TEST(AudioUplink, LongJumpResyncsWithoutConcealing) {
  AudioUplink up(media::CodecId::Pcmu);
  std::vector<std::uint8_t> frame(160, 0xff);
  up.on_packet(100, frame);
  auto o = up.on_packet(5000, frame);
  EXPECT_EQ(o.frames, 1);
  EXPECT_EQ(up.concealed(), 0u);
  EXPECT_EQ(up.on_packet(5001, frame).frames, 1);
}

TEST(AudioUplink, SequenceWrapIsInOrder) {
  AudioUplink up(media::CodecId::Pcmu);
  std::vector<std::uint8_t> frame(160, 0xff);
  up.on_packet(65535, frame);
  EXPECT_EQ(up.on_packet(0, frame).frames, 1);
  EXPECT_EQ(up.concealed(), 0u);
  EXPECT_EQ(up.late(), 0u);
}

TEST(AudioUplink, PayloadOfWrongSizeIsUndecodable) {
  AudioUplink up(media::CodecId::Pcmu);
  std::vector<std::uint8_t> tiny(12, 0xff), huge(400, 0xff);
  EXPECT_EQ(up.on_packet(1, tiny).frames, 0);
  EXPECT_EQ(up.on_packet(2, huge).frames, 0);
  EXPECT_EQ(up.undecodable(), 2u);
}

TEST(AudioUplink, G722DecodesStraightToSixteenKilohertz) {
  AudioDownlink down(media::CodecId::G722);
  AudioUplink up(media::CodecId::G722);
  const auto tone = sine(1000, 16000, 320 * 20);
  std::vector<std::vector<std::uint8_t>> frames;
  down.push(16000, tone, [&](std::span<const std::uint8_t> e, std::span<const std::int16_t>) {
    frames.emplace_back(e.begin(), e.end());
  });
  ASSERT_EQ(frames.size(), 20u);
  std::vector<std::int16_t> out;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    auto o = up.on_packet(static_cast<std::uint16_t>(i), frames[i]);
    EXPECT_EQ(o.pcm16k.size(), 320u);
    out.insert(out.end(), o.pcm16k.begin(), o.pcm16k.end());
  }
  EXPECT_GT(amplitude_at({out.data() + 640, 3200}, 16000, 1000), 5000);
}

TEST(AudioDownlink, TwentyFourKilohertzChunksBecomeWholeEncodedFrames) {
  AudioDownlink down(media::CodecId::Pcmu);
  const auto tone = sine(500, 24000, 24000);  // 1 s, pushed in uneven chunks
  std::vector<std::int16_t> pcm;
  std::size_t frames = 0;
  auto sink = [&](std::span<const std::uint8_t> e, std::span<const std::int16_t> p) {
    EXPECT_EQ(e.size(), 160u);
    EXPECT_EQ(p.size(), 160u);
    pcm.insert(pcm.end(), p.begin(), p.end());
    ++frames;
  };
  for (std::size_t at = 0; at < tone.size(); at += 937) {
    const auto n = std::min<std::size_t>(937, tone.size() - at);
    down.push(24000, {tone.data() + at, n}, sink);
  }
  EXPECT_GE(frames, 49u);
  EXPECT_LE(frames, 50u);
  EXPECT_LT(down.pending_samples(), 160u);
  EXPECT_GT(amplitude_at({pcm.data() + 800, 4000}, 8000, 500), 6000);
}

TEST(AudioDownlink, DropPartialForgetsTheUnfinishedFrame) {
  AudioDownlink down(media::CodecId::Pcma);
  int frames = 0;
  auto sink = [&](std::span<const std::uint8_t>, std::span<const std::int16_t>) { ++frames; };
  down.push(8000, std::vector<std::int16_t>(100, 1000), sink);
  EXPECT_EQ(frames, 0);
  EXPECT_EQ(down.pending_samples(), 100u);
  down.drop_partial();
  down.push(8000, std::vector<std::int16_t>(100, 1000), sink);
  EXPECT_EQ(frames, 0);  // 100 + 100 would have made a frame without the drop
  down.push(8000, std::vector<std::int16_t>(60, 1000), sink);
  EXPECT_EQ(frames, 1);
}

TEST(AudioDownlink, G722FramesAreOneHundredSixtyBytes) {
  AudioDownlink down(media::CodecId::G722);
  std::vector<std::size_t> sizes;
  down.push(24000, sine(700, 24000, 480 * 3),
            [&](std::span<const std::uint8_t> e, std::span<const std::int16_t> p) {
              sizes.push_back(e.size());
              EXPECT_EQ(p.size(), 320u);
            });
  ASSERT_GE(sizes.size(), 2u);
  for (auto s : sizes)
    EXPECT_EQ(s, 160u);
}

sdp::NegotiatedMedia negotiated(const char* addr, std::uint16_t port, sdp::Codec codec) {
  sdp::NegotiatedMedia m;
  m.codec = std::move(codec);
  m.remote_address = addr;
  m.remote_port = port;
  m.dtmf_payload_type = 101;
  return m;
}

TEST(CallMediaRemote, NegotiatedPcmaBecomesPayloadTypeEightAndEndpoints) {
  auto r = remote_audio_from(negotiated("192.0.2.7", 40000, sdp::pcma()));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->codec, media::CodecId::Pcma);
  EXPECT_EQ(r->payload_type, 8);
  EXPECT_EQ(r->telephone_event_pt, 101);
  EXPECT_EQ(r->remote.rtp.port(), 40000);
  EXPECT_EQ(r->remote.rtcp.port(), 40001);
  EXPECT_FALSE(r->hold);
}

TEST(CallMediaRemote, ExplicitRtcpPortAndMuxAreKept) {
  auto m = negotiated("2001:db8::1", 5004, sdp::g722());
  m.remote_rtcp_port = 6000;
  m.rtcp_mux = true;
  auto r = remote_audio_from(m);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->codec, media::CodecId::G722);
  EXPECT_TRUE(r->remote.rtp.address().is_v6());
  EXPECT_EQ(r->remote.rtcp.port(), 6000);
  EXPECT_TRUE(r->remote.rtcp_mux);
}

TEST(CallMediaRemote, ZeroAddressOrInactiveMeansHold) {
  EXPECT_TRUE(remote_audio_from(negotiated("0.0.0.0", 5004, sdp::pcmu()))->hold);
  auto m = negotiated("192.0.2.1", 5004, sdp::pcmu());
  m.direction = sdp::Direction::Inactive;
  EXPECT_TRUE(remote_audio_from(m)->hold);
  m.direction = sdp::Direction::RecvOnly;
  EXPECT_TRUE(remote_audio_from(m)->hold);
  m.direction = sdp::Direction::SendOnly;
  EXPECT_FALSE(remote_audio_from(m)->hold);
}

TEST(CallMediaRemote, UnknownCodecOrHostNameIsRefused) {
  sdp::Codec speex{"speex", 97, 16000, 1, ""};
  EXPECT_EQ(remote_audio_from(negotiated("192.0.2.1", 5004, speex)).error(),
            make_error_code(MediaErrc::UnsupportedCodec));
  EXPECT_EQ(remote_audio_from(negotiated("gw.example.com", 5004, sdp::pcmu())).error(),
            make_error_code(MediaErrc::BadRemoteAddress));
}

TEST(CallMediaRemote, OpusAndG729AreTakenWithThePeersPlaybackRate) {
  auto m = negotiated("192.0.2.1", 5004, sdp::opus(116));
  m.codec.fmtp = "useinbandfec=1; maxplaybackrate=8000";
  auto r = remote_audio_from(m);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->codec, media::CodecId::Opus);
  EXPECT_EQ(r->payload_type, 116);
  EXPECT_EQ(r->codec_options.max_playback_rate, 8000);
  m.codec.fmtp = "maxplaybackrate=abc";  // malformed: ignored, wideband
  EXPECT_EQ(remote_audio_from(m)->codec_options.max_playback_rate, 48000);
  m.codec.fmtp = "maxplaybackrate=100";  // absurd: ignored
  EXPECT_EQ(remote_audio_from(m)->codec_options.max_playback_rate, 48000);
  EXPECT_EQ(remote_audio_from(negotiated("192.0.2.1", 5004, sdp::g729()))->codec,
            media::CodecId::G729);
}

TEST(AudioUplink, G729SidThenDtxTicksGiveComfortNoiseUntilSpeech) {
  AudioDownlink down(media::CodecId::G729);
  AudioUplink up(media::CodecId::G729);
  std::vector<std::vector<std::uint8_t>> frames;
  down.push(8000, sine(1000, 8000, 160 * 10), [&](std::span<const std::uint8_t> e, auto) {
    frames.emplace_back(e.begin(), e.end());
  });
  ASSERT_EQ(frames.size(), 10u);
  EXPECT_EQ(frames[0].size(), 20u);       // two 10-byte frames, no VAD
  EXPECT_EQ(up.on_dtx_tick().frames, 0);  // no DTX before any SID
  for (std::uint16_t i = 0; i < 5; ++i)
    EXPECT_EQ(up.on_packet(i, frames[i]).frames, 1);
  // A speech frame plus a SID (12 bytes, 20 ms), then the sender goes quiet.
  std::vector<std::uint8_t> with_sid(frames[5].begin(), frames[5].begin() + 10);
  with_sid.insert(with_sid.end(), {0x5a, 0x40});
  EXPECT_EQ(up.on_packet(5, with_sid).pcm.size(), 160u);
  EXPECT_TRUE(up.in_dtx());
  for (int tick = 0; tick < 3; ++tick) {
    auto o = up.on_dtx_tick();
    EXPECT_EQ(o.frames, 1);
    EXPECT_EQ(o.pcm.size(), 160u);
    EXPECT_LT(amplitude_at(o.pcm, 8000, 1000), 1000);
  }
  EXPECT_EQ(up.comfort_noise_frames(), 3u);
  EXPECT_EQ(up.on_packet(6, frames[6]).frames, 1);  // speech again: DTX over
  EXPECT_FALSE(up.in_dtx());
  EXPECT_EQ(up.on_dtx_tick().frames, 0);
  const std::vector<std::uint8_t> bad(13, 0);  // not 10-byte frames + an optional SID
  EXPECT_EQ(up.on_packet(7, bad).frames, 0);
  EXPECT_EQ(up.undecodable(), 1u);
}

TEST(AudioUplink, OpusRoundTripAtSixteenKilohertz) {
  AudioDownlink down(media::CodecId::Opus);
  AudioUplink up(media::CodecId::Opus);
  EXPECT_EQ(down.codec_rate(), 16000);
  std::vector<std::vector<std::uint8_t>> frames;
  down.push(24000, sine(1000, 24000, 480 * 25), [&](std::span<const std::uint8_t> e, auto) {
    frames.emplace_back(e.begin(), e.end());
  });
  ASSERT_GE(frames.size(), 24u);
  std::vector<std::int16_t> out;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    EXPECT_LT(frames[i].size(), 120u);  // ~60 bytes at 24 kbit/s
    auto o = up.on_packet(static_cast<std::uint16_t>(i), frames[i]);
    ASSERT_EQ(o.pcm16k.size(), 320u);
    out.insert(out.end(), o.pcm16k.begin(), o.pcm16k.end());
  }
  EXPECT_GT(amplitude_at({out.data() + 1600, 3200}, 16000, 1000), 5000);
  const std::uint8_t zero_frames[] = {0x03, 0x00};  // malformed: refused before the decoder
  EXPECT_EQ(up.on_packet(100, zero_frames).frames, 0);
  EXPECT_EQ(up.undecodable(), 1u);
}

}  // namespace
}  // namespace va::call
