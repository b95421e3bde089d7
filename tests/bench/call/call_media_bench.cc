// CPU per call-second of the media bridge, both directions, excluding the network
// (DESIGN.md "Audio path and budget": well under 1 ms per 20 ms packet per direction).
//   Uplink: 50 RTP payloads -> decode -> resample to 16 kHz (AudioUplink)
//   Downlink: 1 s of 24 kHz AI audio in 40 ms chunks -> resample -> frame -> encode
//   CallMedia: the same through a whole CallMedia on the in-memory network (RTP validation,
//   statistics, the AI session seam, the playout queue), on a real shard thread; the pacer's
//   sends are RtpSession's cost (tests/bench/rtp) and are not included.
// Reported time = CPU time of one call-second; the budget is 1 s / N calls per core.
#include <benchmark/benchmark.h>
#include <time.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <cmath>
#include <future>
#include <numbers>
#include <vector>

#include "call/audio_downlink.h"
#include "call/audio_uplink.h"
#include "call/call_media.h"
#include "rtp/memory/memory_network.h"
#include "rtp/rtp_packet.h"

namespace {

using namespace va;

std::vector<std::int16_t> tone(int rate, std::size_t n, double hz = 440) {
  std::vector<std::int16_t> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = static_cast<std::int16_t>(8000 * std::sin(2 * std::numbers::pi * hz * i / rate));
  }
  return v;
}

std::vector<std::vector<std::uint8_t>> encoded_second(media::CodecId id) {
  call::AudioDownlink down(id);
  std::vector<std::vector<std::uint8_t>> frames;
  down.push(down.codec_rate(), tone(down.codec_rate(), down.codec_rate()),
            [&](std::span<const std::uint8_t> e, std::span<const std::int16_t>) {
              frames.emplace_back(e.begin(), e.end());
            });
  return frames;
}

void BM_UplinkPerCallSecond(benchmark::State& state) {
  const auto id = static_cast<media::CodecId>(state.range(0));
  call::AudioUplink up(id);
  const auto frames = encoded_second(id);
  std::uint16_t seq = 0;
  for (auto _ : state) {
    for (const auto& f : frames) {
      auto out = up.on_packet(seq++, f);
      benchmark::DoNotOptimize(out.pcm16k.data());
    }
  }
  state.SetLabel(id == media::CodecId::G722 ? "G722" : "PCMU");
}
BENCHMARK(BM_UplinkPerCallSecond)
    ->Arg(static_cast<int>(media::CodecId::Pcmu))
    ->Arg(static_cast<int>(media::CodecId::G722))
    ->Unit(benchmark::kMicrosecond);

void BM_DownlinkPerCallSecond(benchmark::State& state) {
  const auto id = static_cast<media::CodecId>(state.range(0));
  call::AudioDownlink down(id);
  const auto second = tone(24000, 24000, 300);
  std::size_t frames = 0;
  const call::AudioDownlink::FrameSink sink = [&](std::span<const std::uint8_t> e,
                                                  std::span<const std::int16_t>) {
    benchmark::DoNotOptimize(e.data());
    ++frames;
  };
  for (auto _ : state) {
    for (std::size_t at = 0; at < second.size(); at += 960)
      down.push(24000, {second.data() + at, 960}, sink);
  }
  state.SetLabel(id == media::CodecId::G722 ? "G722" : "PCMU");
  benchmark::DoNotOptimize(frames);
}
BENCHMARK(BM_DownlinkPerCallSecond)
    ->Arg(static_cast<int>(media::CodecId::Pcmu))
    ->Arg(static_cast<int>(media::CodecId::G722))
    ->Unit(benchmark::kMicrosecond);

// An AI session that swallows audio and lets the bench fire its events.
class SinkAi final : public ai::AiSession {
 public:
  explicit SinkAi(ai::AiEvents* events) : events_(events) {}
  void start() override {}
  void send_audio(std::span<const std::int16_t> pcm) override {
    benchmark::DoNotOptimize(pcm.data());
  }
  void send_text(std::string_view) override {}
  void send_tool_response(const std::string&, const std::string&, std::string_view) override {}
  void stop() override {}
  const ai::UsageMetadata& usage() const override { return usage_; }
  const ai::AiSessionStats& stats() const override { return stats_; }
  int last_close_code() const override { return 0; }
  const std::string& last_close_reason() const override { return reason_; }

 private:
  ai::AiEvents* events_;
  ai::UsageMetadata usage_;
  ai::AiSessionStats stats_;
  std::string reason_;
};

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void BM_CallMediaPerCallSecond(benchmark::State& state) {
  core::Shard shard(0);
  shard.start();
  rtp::MemoryNetwork net;
  rtp::PortPool pool({20000, 20100, std::chrono::nanoseconds(0)}, core::Clock::steady());
  const rtp::Endpoint phone(boost::asio::ip::make_address("127.0.0.2"), 30000);
  ai::AiEvents ai_events;
  std::unique_ptr<rtp::Pacer> pacer;
  std::unique_ptr<call::CallMedia> media;
  auto on_shard = [&](const std::function<void()>& f) {
    std::promise<void> done;
    boost::asio::post(shard.context(), [&] {
      f();
      done.set_value();
    });
    done.get_future().wait();
  };
  on_shard([&] {
    pacer = std::make_unique<rtp::Pacer>(shard.context());  // not started: no sends
    call::CallMediaConfig c;
    c.bind_address = "127.0.0.1";
    c.rtcp_mux = true;
    c.socket_factory = [&](const rtp::Endpoint& local) { return net.bind(local); };
    c.ai_factory = [&](boost::asio::any_io_executor, ai::AiSessionConfig, ai::AiEvents e) {
      ai_events = std::move(e);
      return std::make_unique<SinkAi>(&ai_events);
    };
    media = std::move(*call::CallMedia::create(shard, *pacer, pool, std::move(c), {}));
    media->prepare();
    media->connect_ai();
    sdp::NegotiatedMedia m;
    m.codec = sdp::pcmu();
    m.remote_address = "127.0.0.2";
    m.remote_port = 30000;
    m.rtcp_mux = true;
    media->start(m);
  });
  const rtp::Endpoint local(boost::asio::ip::make_address("127.0.0.1"), media->local_port());
  const auto payloads = encoded_second(media::CodecId::Pcmu);
  media::AudioFrame chunk;
  chunk.sample_rate = 24000;
  chunk.samples = tone(24000, 960, 300);  // 40 ms
  std::uint16_t seq = 0;
  std::vector<std::uint8_t> packet(400);
  for (auto _ : state) {
    double cpu = 0;
    on_shard([&] {
      const double t0 = thread_cpu_seconds();
      for (const auto& p : payloads) {  // 50 caller packets
        rtp::RtpHeader h;
        h.sequence_number = seq;
        h.timestamp = 160u * seq++;
        h.ssrc = 0x1234;
        const auto n = *rtp::build_rtp(h, p, packet);
        net.inject(phone, local, {packet.data(), n});
      }
      for (int i = 0; i < 25; ++i)
        ai_events.on_audio(chunk);  // 1 s of AI audio
      ai_events.on_interrupted();   // empty the queue (the pacer would have sent it)
      cpu = thread_cpu_seconds() - t0;
    });
    state.SetIterationTime(cpu);
  }
  on_shard([&] {
    media.reset();
    pacer.reset();
  });
  shard.stop();
}
BENCHMARK(BM_CallMediaPerCallSecond)->UseManualTime()->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
