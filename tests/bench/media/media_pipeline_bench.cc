// CPU per 20 ms packet of the two audio paths (DESIGN.md "Audio path and budget"):
//   caller -> AI: RTP receive -> jitter buffer -> decode G.711 -> resample 8k -> 16k
//   AI -> caller: 24 kHz chunk -> resample to 8k -> encode G.711 -> playout queue -> paced send
// plus each stage alone, and each codec's encode and decode of one 20 ms packet (G.711, G.722,
// G.729, Opus). A bench may link rtp and media together (they meet in call/).
#include <benchmark/benchmark.h>

#include <boost/asio/ip/address.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "core/clock.h"
#include "media/audio_codec.h"
#include "media/resampler.h"
#include "rtp/jitter_buffer.h"
#include "rtp/memory/memory_network.h"
#include "rtp/rtp_session.h"

namespace {

using va::rtp::Endpoint;

// A 440 Hz tone at `rate`.
std::vector<std::int16_t> tone(int rate, std::size_t n) {
  std::vector<std::int16_t> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = static_cast<std::int16_t>(8000 * std::sin(2 * 3.14159265358979 * 440 * i / rate));
  return v;
}

const Endpoint kLocal(boost::asio::ip::make_address("127.0.0.1"), 10000);
const Endpoint kGateway(boost::asio::ip::make_address("10.0.0.1"), 5004);

void BM_ReceiveDecodeResampleTo16k(benchmark::State& state) {
  va::rtp::MemoryNetwork net;
  va::core::SimulatedClock clock;
  va::rtp::JitterBuffer jitter;
  auto codec = va::media::AudioCodec::create(va::media::CodecId::Pcmu);
  va::media::Resampler up(8000, 16000);
  std::vector<std::int16_t> pcm8(160), pcm16;
  pcm16.reserve(400);
  va::rtp::RtpSessionEvents ev;
  ev.on_audio = [&](const va::rtp::RtpPacketView& p) {
    jitter.push(p.header.sequence_number, p.payload);
    const auto out = jitter.pop();
    if (out.status != va::rtp::JitterBuffer::Status::Frame) return;
    codec->decode(out.payload, pcm8.data());
    pcm16.clear();
    up.process(pcm8, pcm16);
    benchmark::DoNotOptimize(pcm16.data());
  };
  va::rtp::RtpSession session(net.bind(kLocal).value(), nullptr, {kGateway, kGateway, true}, {},
                              clock, ev);
  session.start();
  std::vector<std::uint8_t> encoded(160);
  codec->encode(tone(8000, 160), encoded.data());
  std::vector<std::vector<std::uint8_t>> packets;
  for (int i = 0; i < 65536; ++i) {
    va::rtp::RtpHeader h;
    h.sequence_number = static_cast<std::uint16_t>(i);
    h.timestamp = 160u * i;
    h.ssrc = 7;
    std::vector<std::uint8_t> buf(200);
    buf.resize(*va::rtp::build_rtp(h, encoded, buf));
    packets.push_back(std::move(buf));
  }
  std::uint16_t seq = 0;
  for (auto _ : state) {
    net.inject(kGateway, kLocal, packets[seq++]);
    clock.advance(std::chrono::milliseconds(20));
  }
}
BENCHMARK(BM_ReceiveDecodeResampleTo16k);

void BM_Chunk24kTo8kEncodePacedSend(benchmark::State& state) {
  va::rtp::MemoryNetwork net;
  va::core::SimulatedClock clock;
  auto sink = net.bind(kGateway).value();
  sink->start([](std::span<const std::uint8_t>, const Endpoint&) {});
  va::rtp::RtpSession session(net.bind(kLocal).value(), nullptr, {kGateway, kGateway, true}, {},
                              clock, {});
  session.start();
  auto codec = va::media::AudioCodec::create(va::media::CodecId::Pcmu);
  va::media::Resampler down(24000, 8000);
  const auto chunk = tone(24000, 480);  // 20 ms at 24 kHz
  std::vector<std::int16_t> pcm8;
  pcm8.reserve(400);
  std::vector<std::uint8_t> payload(200);
  for (auto _ : state) {
    pcm8.clear();
    down.process(chunk, pcm8);
    const std::size_t n = codec->encode(pcm8, payload.data());
    session.enqueue_frame({payload.data(), n});
    session.on_pacer_tick();
  }
}
BENCHMARK(BM_Chunk24kTo8kEncodePacedSend);

void BM_Resample(benchmark::State& state) {
  const int in_rate = static_cast<int>(state.range(0)), out_rate = static_cast<int>(state.range(1));
  va::media::Resampler r(in_rate, out_rate);
  const auto in = tone(in_rate, static_cast<std::size_t>(in_rate / 50));
  std::vector<std::int16_t> out;
  out.reserve(1000);
  for (auto _ : state) {
    out.clear();
    r.process(in, out);
  }
}
BENCHMARK(BM_Resample)
    ->Args({8000, 16000})
    ->Args({16000, 8000})
    ->Args({24000, 8000})
    ->Args({24000, 16000});

// Per 20 ms packet, encode and decode apart (one codec state each, as in a call), for every
// codec: 0 PCMU, 1 PCMA, 2 G.722, 3 G.729, 4 Opus (24 kbit/s wideband).
const char* codec_label(va::media::CodecId id) {
  constexpr const char* kNames[] = {"PCMU", "PCMA", "G722", "G729", "OPUS"};
  return kNames[static_cast<int>(id)];
}

void BM_CodecEncode(benchmark::State& state) {
  const auto id = static_cast<va::media::CodecId>(state.range(0));
  auto c = va::media::AudioCodec::create(id);
  const auto pcm = tone(c->sample_rate(), static_cast<std::size_t>(c->sample_rate() / 50));
  std::vector<std::uint8_t> enc(c->encoded_size(pcm.size()));
  std::size_t bytes = 0;
  for (auto _ : state) {
    bytes = c->encode(pcm, enc.data());
    benchmark::DoNotOptimize(enc.data());
  }
  state.SetLabel(std::string(codec_label(id)) + " " + std::to_string(bytes) + " B/packet");
}
BENCHMARK(BM_CodecEncode)->DenseRange(0, 4);

void BM_CodecDecode(benchmark::State& state) {
  const auto id = static_cast<va::media::CodecId>(state.range(0));
  auto c = va::media::AudioCodec::create(id);
  const auto pcm = tone(c->sample_rate(), static_cast<std::size_t>(c->sample_rate() / 50));
  // A run of real packets (a steady encoder's, not the first one), decoded in turn.
  std::vector<std::vector<std::uint8_t>> packets;
  for (int i = 0; i < 50; ++i) {
    std::vector<std::uint8_t> enc(c->encoded_size(pcm.size()));
    enc.resize(c->encode(pcm, enc.data()));
    packets.push_back(std::move(enc));
  }
  std::vector<std::int16_t> dec(pcm.size());
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& p = packets[i++ % packets.size()];
    if (c->decoded_samples(p) != dec.size()) state.SkipWithError("size check refused a packet");
    c->decode(p, dec.data());
    benchmark::DoNotOptimize(dec.data());
  }
  state.SetLabel(codec_label(id));
}
BENCHMARK(BM_CodecDecode)->DenseRange(0, 4);

}  // namespace

BENCHMARK_MAIN();
