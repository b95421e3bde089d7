// Client CPU for the Live wire format: one session-second is 50 uplink chunks (20 ms, 16 kHz,
// JSON + base64 encode) and 50 downlink chunks (20 ms, 24 kHz, pretty JSON parse + base64
// decode). The counter "session_s_per_cpu_s" says how many sessions one core carries.
#include <benchmark/benchmark.h>

#include <cmath>

#include "ai/base64.h"
#include "ai/gemini/client_message.h"
#include "ai/gemini/server_message.h"

namespace {

std::vector<std::int16_t> tone(int rate, int ms) {
  std::vector<std::int16_t> out(static_cast<std::size_t>(rate / 1000 * ms));
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<std::int16_t>(8000 * std::sin(0.05 * static_cast<double>(i)));
  }
  return out;
}

// The simulator's (and the service's) pretty-printed audio part.
std::string server_audio_message(const std::vector<std::int16_t>& pcm) {
  std::string msg =
      "{\n  \"serverContent\": {\n    \"modelTurn\": {\n      \"parts\": [\n        {\n"
      "          \"inlineData\": {\n            \"mimeType\": \"audio/pcm;rate=24000\",\n"
      "            \"data\": \"";
  va::ai::base64_encode({reinterpret_cast<const std::uint8_t*>(pcm.data()), pcm.size() * 2}, msg);
  msg += "\"\n          }\n        }\n      ]\n    }\n  }\n}\n";
  return msg;
}

void BM_UplinkChunk20ms(benchmark::State& state) {
  auto pcm = tone(16000, 20);
  std::string out;
  for (auto _ : state) {
    va::ai::gemini::build_realtime_audio(pcm, 16000, out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_UplinkChunk20ms);

void BM_DownlinkChunk20ms(benchmark::State& state) {
  auto msg = server_audio_message(tone(24000, 20));
  for (auto _ : state) {
    auto m = va::ai::gemini::parse_server_message(msg);
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(BM_DownlinkChunk20ms);

// One second of caller audio through the session's uplink send path, as it was (20 ms chunks,
// each copied into a vector, built into a scratch string, the scratch copied into the write
// queue) and as it is (40 ms chunks built straight into the string the queue keeps). Both in
// one run, so the ratio holds on a noisy machine.
void BM_UplinkSecondBefore20msCopies(benchmark::State& state) {
  auto pcm = tone(16000, 1000);
  std::string scratch;
  std::vector<std::string> queue;
  queue.reserve(64);
  for (auto _ : state) {
    queue.clear();
    for (std::size_t at = 0; at < pcm.size(); at += 320) {
      const std::vector<std::int16_t> chunk(pcm.begin() + static_cast<long>(at),
                                            pcm.begin() + static_cast<long>(at + 320));
      va::ai::gemini::build_realtime_audio(chunk, 16000, scratch);
      queue.push_back(scratch);
    }
    benchmark::DoNotOptimize(queue.data());
  }
  state.counters["messages"] = 50;
}
BENCHMARK(BM_UplinkSecondBefore20msCopies)->Unit(benchmark::kMicrosecond);

void BM_UplinkSecondAfter40msInPlace(benchmark::State& state) {
  auto pcm = tone(16000, 1000);
  std::vector<std::string> queue;
  queue.reserve(64);
  for (auto _ : state) {
    queue.clear();
    for (std::size_t at = 0; at < pcm.size(); at += 640) {
      std::string message;
      va::ai::gemini::build_realtime_audio({pcm.data() + at, 640}, 16000, message);
      queue.push_back(std::move(message));
    }
    benchmark::DoNotOptimize(queue.data());
  }
  state.counters["messages"] = 25;
}
BENCHMARK(BM_UplinkSecondAfter40msInPlace)->Unit(benchmark::kMicrosecond);

// One session-second: 50 chunks each way.
void BM_SessionSecond(benchmark::State& state) {
  auto up = tone(16000, 20);
  auto down = server_audio_message(tone(24000, 20));
  std::string out;
  for (auto _ : state) {
    for (int i = 0; i < 50; ++i) {
      va::ai::gemini::build_realtime_audio(up, 16000, out);
      auto m = va::ai::gemini::parse_server_message(down);
      benchmark::DoNotOptimize(m);
    }
  }
  state.counters["session_s_per_cpu_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SessionSecond)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
