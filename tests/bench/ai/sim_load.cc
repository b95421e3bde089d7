// sim_load: N real Gemini Live or OpenAI Realtime clients (AiSession) against the simulator over
// loopback, each streaming 20 ms caller chunks at 50/s and receiving a continuous 24 kHz tone at 50
// parts/s. Prints how many sessions are live, audio seconds per wall second each way, and the CPU
// of the simulator and of the clients, i.e. the simulator's capacity and the client's CPU per
// session-second.
//   sim_load [--sessions 2000] [--seconds 20] [--client-threads 1] [--chunk-ms 20]
//            [--sim-threads 0]                 in-process simulator on N threads (0 = cores)
//            [--url ws://... [--sim-pid PID]]  or an external simulator (its CPU from
//                                              /proc/PID/stat when --sim-pid is given)
//            [--reply-chunk-ms N]              simulator part size (default: --chunk-ms)
//            [--provider gemini|openai]        the protocol: Gemini Live (default) or OpenAI
//                                              Realtime (the simulator's /v1/realtime), so the
//                                              two clients' CPU per session-second compare
//   sim_load --serve-only PORT [--sim-threads N] [--reply-chunk-ms N]
//            only the simulator (tone mode, as above) on 127.0.0.1:PORT until SIGINT/SIGTERM,
//            so simulator and clients can be measured as two processes
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <future>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "ai/ai_session.h"
#include "sim/sim_pool.h"
#include "sim/sim_server.h"

namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;

double thread_cpu_s(pthread_t t) {
  clockid_t id;
  if (pthread_getcpuclockid(t, &id) != 0) return 0;
  timespec ts{};
  clock_gettime(id, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double process_cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// utime + stime of another process (fields 14 and 15 of /proc/PID/stat), in seconds.
double pid_cpu_s(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(in)), {});
  auto p = all.rfind(')');
  if (p == std::string::npos) return 0;
  std::istringstream rest(all.substr(p + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long rss_kb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

struct Counters {
  std::atomic<int> ready{0};
  std::atomic<int> failed{0};
  std::atomic<std::uint64_t> audio_out{0};
  std::atomic<std::uint64_t> audio_in{0};
};

// One client thread: its sessions and one 20 ms pacer for all of them (like a call shard).
class ClientShard {
 public:
  ClientShard(Counters& counters, int chunk_ms)
      : counters_(counters), pacer_(io_), chunk_ms_(chunk_ms) {}

  void add(va::ai::AiSessionConfig config) { configs_.push_back(std::move(config)); }

  void run() {
    thread_ = std::thread([this] {
      open_batch(0);
      tick();
      io_.run();
    });
  }
  void stop() {
    asio::post(io_, [this] {
      pacer_.cancel();
      sessions_.clear();
      io_.stop();
    });
    thread_.join();
  }
  pthread_t handle() { return thread_.native_handle(); }

 private:
  // Opens 50 sessions every 20 ms so the listener's backlog is not flooded.
  void open_batch(std::size_t from) {
    for (std::size_t i = from; i < std::min(from + 50, configs_.size()); ++i) {
      va::ai::AiEvents ev;
      ev.on_ready = [this, i] {
        ready_[i] = 1;
        counters_.ready.fetch_add(1, std::memory_order_relaxed);
      };
      ev.on_audio = [this](va::media::AudioFrame c) {
        counters_.audio_out.fetch_add(c.samples.size(), std::memory_order_relaxed);
      };
      ev.on_error = [this](std::error_code ec, const std::string& why) {
        if (counters_.failed.fetch_add(1) < 5) {
          std::fprintf(stderr, "session error: %s (%s)\n", ec.message().c_str(), why.c_str());
        }
      };
      sessions_.push_back(
          va::ai::AiSession::create(io_.get_executor(), configs_[i], std::move(ev)));
      sessions_.back()->start();
      ticks_.push_back(0);
      ready_.push_back(0);
    }
    if (from + 50 < configs_.size()) {
      auto t = std::make_shared<asio::steady_timer>(io_, 20ms);
      t->async_wait([this, t, from](boost::system::error_code) { open_batch(from + 50); });
    }
  }

  // Every live session gets its next chunk (a session streams from its setupComplete on, so
  // the ramp does not pile up held audio): 400 ms of speech first (so the simulator starts its
  // reply), then quiet noise below the VAD threshold (so it never barges in).
  void tick() {
    const std::size_t n = static_cast<std::size_t>(chunk_ms_) * 16;
    std::vector<std::int16_t> loud(n), quiet(n);
    for (std::size_t i = 0; i < n; ++i) {
      loud[i] = static_cast<std::int16_t>(6000 * std::sin(0.3 * static_cast<double>(i)));
      quiet[i] = static_cast<std::int16_t>((i * 7919) % 61) - 30;
    }
    for (std::size_t s = 0; s < sessions_.size(); ++s) {
      if (!ready_[s]) continue;
      const bool speaking = ticks_[s] * chunk_ms_ < 400;
      sessions_[s]->send_audio(speaking ? loud : quiet);
      ++ticks_[s];
      counters_.audio_in.fetch_add(n, std::memory_order_relaxed);
    }
    next_ += std::chrono::milliseconds(chunk_ms_);
    if (next_ < std::chrono::steady_clock::now() - 1s) next_ = std::chrono::steady_clock::now();
    pacer_.expires_at(next_);
    pacer_.async_wait([this](boost::system::error_code ec) {
      if (!ec) tick();
    });
  }

  Counters& counters_;
  asio::io_context io_{1};
  asio::steady_timer pacer_;
  int chunk_ms_;
  std::chrono::steady_clock::time_point next_ = std::chrono::steady_clock::now();
  std::vector<va::ai::AiSessionConfig> configs_;
  std::vector<std::unique_ptr<va::ai::AiSession>> sessions_;
  std::vector<int> ticks_;
  std::vector<char> ready_;
  std::thread thread_;
};

// The simulator alone until a signal: prints its URL, then its counters every 5 s.
int serve_only(va::sim::SimPool& pool, va::sim::SimServer& server, int part_ms) {
  std::printf("simulator (%zu threads, %d ms parts) at %s\n", pool.size(), part_ms,
              server.url().c_str());
  std::fflush(stdout);
  auto& first = pool.context(0);
  asio::signal_set signals(first, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int) {
    if (ec) return;
    server.stop();
    auto t = std::make_shared<asio::steady_timer>(first, 300ms);
    t->async_wait([&pool, t](boost::system::error_code) { pool.stop(); });
  });
  pool.start();
  pool.join();
  const auto c = server.counters();
  std::printf("simulator: sessions %llu, audio out %.1f s, audio in %.1f s\n",
              static_cast<unsigned long long>(c.sessions_total),
              static_cast<double>(c.audio_out_samples) / 24000,
              static_cast<double>(c.audio_in_samples) / 16000);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int sessions = 2000;
  int seconds = 20;
  int client_threads = 1;
  int chunk_ms = 20;
  unsigned sim_threads = 0;
  std::string url;
  int sim_pid = 0;
  int reply_chunk_ms = 0;
  int serve_port = -1;
  std::string provider = "gemini";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    std::string value = argv[i + 1];
    int v = std::atoi(value.c_str());
    if (a == "--sessions")
      sessions = v;
    else if (a == "--seconds")
      seconds = v;
    else if (a == "--client-threads")
      client_threads = std::max(1, v);
    else if (a == "--chunk-ms")
      chunk_ms = std::clamp(v, 10, 100);
    else if (a == "--sim-threads")
      sim_threads = static_cast<unsigned>(std::max(0, v));
    else if (a == "--url")
      url = value;
    else if (a == "--sim-pid")
      sim_pid = v;
    else if (a == "--reply-chunk-ms")
      reply_chunk_ms = std::clamp(v, 10, 240);
    else if (a == "--serve-only")
      serve_port = v;
    else if (a == "--provider")
      provider = value;
  }
  if (reply_chunk_ms == 0) reply_chunk_ms = chunk_ms;
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = lim.rlim_max;
  setrlimit(RLIMIT_NOFILE, &lim);

  // Without --url: the simulator in its cheapest mode (tone) in this process, replying with one
  // long tone in chunk_ms parts at real time, so downlink runs at 1000/chunk_ms parts/s too.
  std::optional<va::sim::SimPool> pool;
  std::optional<va::sim::SimServer> server;
  if (url.empty()) {
    va::sim::SimConfig sc;
    sc.mode = va::sim::ReplyMode::Tone;
    sc.setup_delay = 0ms;
    sc.lifetime = 0ms;
    sc.openai_lifetime = 0ms;
    sc.reply_length = std::chrono::milliseconds((seconds + 600) * 1000);
    sc.reply_chunk = std::chrono::milliseconds(reply_chunk_ms);
    sc.burst = 1.0;
    if (serve_port >= 0) sc.port = static_cast<std::uint16_t>(serve_port);
    pool.emplace(sim_threads);
    server.emplace(pool->executors(), sc);
    server->start();
    url = server->url();
    if (serve_port >= 0) return serve_only(*pool, *server, reply_chunk_ms);
    pool->start();
  }

  Counters counters;
  std::vector<std::unique_ptr<ClientShard>> shards;
  for (int t = 0; t < client_threads; ++t)
    shards.push_back(std::make_unique<ClientShard>(counters, chunk_ms));
  for (int s = 0; s < sessions; ++s) {
    va::ai::AiSessionConfig c;
    c.url = url;
    if (provider == "openai") {
      c.provider = "openai";
      c.url = url.substr(0, url.find('/', url.find("://") + 3)) + "/v1/realtime";
      c.model = "gpt-realtime";
      c.voice = "marin";
    }
    c.api_key = "load-key-" + std::to_string(s);
    c.chunk = std::chrono::milliseconds(chunk_ms);
    c.setup_timeout = 30s;
    c.activity.silence_duration_ms = 200;
    shards[static_cast<std::size_t>(s % client_threads)]->add(c);
  }
  const auto t_start = std::chrono::steady_clock::now();
  for (auto& sh : shards)
    sh->run();

  // Ramp-up: wait until every session is live (or 60 s), then 3 s for replies to start.
  while (counters.ready + counters.failed < sessions &&
         std::chrono::steady_clock::now() - t_start < 60s) {
    std::this_thread::sleep_for(100ms);
  }
  const double ramp_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  std::this_thread::sleep_for(3s);

  auto client_cpu = [&] {
    double c = 0;
    for (auto& sh : shards)
      c += thread_cpu_s(sh->handle());
    return c;
  };
  const double cpu_proc0 = process_cpu_s();
  const double cpu_cli0 = client_cpu();
  const double cpu_pid0 = sim_pid ? pid_cpu_s(sim_pid) : 0;
  const auto sim_out0 = server ? server->counters().audio_out_samples : 0;
  auto out0 = counters.audio_out.load();
  auto in0 = counters.audio_in.load();
  const auto w0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
  const double cpu_proc = process_cpu_s() - cpu_proc0;
  const double cpu_cli = client_cpu() - cpu_cli0;
  const double cpu_pid = sim_pid ? pid_cpu_s(sim_pid) - cpu_pid0 : 0;
  const double out_rate = static_cast<double>(counters.audio_out - out0) / wall;
  const double in_rate = static_cast<double>(counters.audio_in - in0) / wall;
  const int live = counters.ready - counters.failed;

  std::printf("sessions requested %d, live %d, failed %d (ramp %.1f s), measured %.1f s\n",
              sessions, live, counters.failed.load(), ramp_s, wall);
  std::printf(
      "uplink   %.0f samples/s = %.1f s of 16 kHz audio per s = %.1f%% of real time "
      "(%.0f chunks/s)\n",
      in_rate, in_rate / 16000, 100 * in_rate / 16000 / std::max(live, 1),
      in_rate / (16 * chunk_ms));
  std::printf("downlink %.0f samples/s = %.1f s of 24 kHz audio per s = %.1f%% of real time\n",
              out_rate, out_rate / 24000, 100 * out_rate / 24000 / std::max(live, 1));
  if (server) {
    const auto sim_out_rate =
        static_cast<double>(server->counters().audio_out_samples - sim_out0) / wall;
    std::printf("simulator (in process, %zu threads) sent %.1f s of 24 kHz audio per s\n",
                pool->size(), sim_out_rate / 24000);
    // Process CPU minus the client threads (and the idle main thread) is the simulator's.
    const double cpu_sim = cpu_proc - cpu_cli;
    std::printf("simulator CPU %.1f%% of one core, %.1f us per session-second\n",
                100 * cpu_sim / wall, 1e6 * cpu_sim / wall / std::max(live, 1));
  } else if (sim_pid) {
    std::printf("simulator process %d CPU %.1f%% of one core, %.1f us per session-second\n",
                sim_pid, 100 * cpu_pid / wall, 1e6 * cpu_pid / wall / std::max(live, 1));
  }
  std::printf("%s client threads (%d) CPU %.1f%% of one core, %.1f us per session-second\n",
              provider.c_str(), client_threads, 100 * cpu_cli / wall,
              1e6 * cpu_cli / wall / std::max(live, 1));
  std::printf("this process CPU %.1f%% of one core; RSS %ld MB\n", 100 * cpu_proc / wall,
              rss_kb() / 1024);
  if (server) {
    const auto c = server->counters();
    std::printf("simulator: open sessions %llu, replies %llu, interruptions %llu\n",
                static_cast<unsigned long long>(c.sessions_open),
                static_cast<unsigned long long>(c.replies),
                static_cast<unsigned long long>(c.interruptions));
  }
  for (auto& sh : shards)
    sh->stop();
  if (pool) {
    asio::post(pool->context(0), [&] { server->stop(); });
    std::this_thread::sleep_for(300ms);
    pool->stop();
    pool->join();
  }
  return live == sessions ? 0 : 1;
}
