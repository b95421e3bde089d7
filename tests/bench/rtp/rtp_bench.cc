// Micro-benchmarks of the per-packet RTP work: parse, build, the session's receive path
// (validation, A.1, jitter, delivery) and the pacer's send path, over the in-memory network.
#include <benchmark/benchmark.h>

#include <boost/asio/ip/address.hpp>
#include <vector>

#include "core/clock.h"
#include "rtp/jitter_buffer.h"
#include "rtp/memory/memory_network.h"
#include "rtp/rtp_session.h"

namespace va::rtp {
namespace {

std::vector<std::uint8_t> packet(std::uint16_t seq) {
  RtpHeader h;
  h.sequence_number = seq;
  h.timestamp = 160u * seq;
  h.ssrc = 1;
  std::vector<std::uint8_t> payload(160, 0xff), out(200);
  out.resize(*build_rtp(h, payload, out));
  return out;
}

void BM_ParseRtp(benchmark::State& state) {
  const auto p = packet(1);
  for (auto _ : state)
    benchmark::DoNotOptimize(parse_rtp(p));
}
BENCHMARK(BM_ParseRtp);

void BM_BuildRtp(benchmark::State& state) {
  std::vector<std::uint8_t> payload(160, 0xff), out(200);
  RtpHeader h;
  for (auto _ : state) {
    ++h.sequence_number;
    benchmark::DoNotOptimize(build_rtp(h, payload, out));
  }
}
BENCHMARK(BM_BuildRtp);

void BM_SessionReceive(benchmark::State& state) {
  MemoryNetwork net;
  core::SimulatedClock clock;
  const Endpoint local(boost::asio::ip::make_address("127.0.0.1"), 10000);
  const Endpoint gw(boost::asio::ip::make_address("10.0.0.1"), 5004);
  std::uint64_t delivered = 0;
  RtpSessionEvents ev;
  ev.on_audio = [&](const RtpPacketView&) { ++delivered; };
  RtpSession s(net.bind(local).value(), nullptr, {gw, gw, true}, {}, clock, ev);
  s.start();
  std::uint16_t seq = 0;
  std::vector<std::vector<std::uint8_t>> packets;
  for (int i = 0; i < 65536; ++i)
    packets.push_back(packet(static_cast<std::uint16_t>(i)));
  for (auto _ : state) {
    net.inject(gw, local, packets[seq++]);
    clock.advance(std::chrono::milliseconds(20));
  }
  state.counters["delivered"] = static_cast<double>(delivered);
}
BENCHMARK(BM_SessionReceive);

void BM_PacerTickSend(benchmark::State& state) {
  MemoryNetwork net;
  core::SimulatedClock clock;
  const Endpoint local(boost::asio::ip::make_address("127.0.0.1"), 10000);
  const Endpoint gw(boost::asio::ip::make_address("10.0.0.1"), 5004);
  auto sink = net.bind(gw).value();
  sink->start([](std::span<const std::uint8_t>, const Endpoint&) {});
  RtpSession s(net.bind(local).value(), nullptr, {gw, gw, true}, {}, clock, {});
  s.start();
  const std::vector<std::uint8_t> frame(160, 0xff);
  for (auto _ : state) {
    s.enqueue_frame(frame);
    s.on_pacer_tick();
  }
}
BENCHMARK(BM_PacerTickSend);

void BM_JitterBufferPushPop(benchmark::State& state) {
  JitterBuffer jb;
  const std::vector<std::uint8_t> frame(160, 0xff);
  std::uint16_t seq = 0;
  for (auto _ : state) {
    jb.push(seq++, frame);
    benchmark::DoNotOptimize(jb.pop());
  }
}
BENCHMARK(BM_JitterBufferPushPop);

}  // namespace
}  // namespace va::rtp

BENCHMARK_MAIN();
