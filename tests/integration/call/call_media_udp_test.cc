// CallMedia on loopback UDP with the real Gemini Live simulator (tone per key): a plain UDP
// socket plays the phone. Greeting within one pacer tick, AI audio, barge-in, a foreign
// source dropped and counted, and two calls with two keys each hearing only their own tone
// (DESIGN.md "The isolation invariant").
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <numbers>
#include <set>

#include "call/call_media.h"
#include "core/key_fingerprint.h"
#include "media/g711.h"
#include "rtp/rtp_packet.h"
#include "sim/sim_pool.h"
#include "sim/sim_server.h"

namespace va::call {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

double tone_amplitude(const std::vector<std::int16_t>& x, int rate, double hz) {
  if (x.empty()) return 0;
  double re = 0, im = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double ph = 2 * std::numbers::pi * hz * static_cast<double>(i) / rate;
    re += x[i] * std::cos(ph);
    im += x[i] * std::sin(ph);
  }
  return 2 * std::hypot(re, im) / static_cast<double>(x.size());
}

// A phone: one UDP socket on 127.0.0.1 sending PCMU RTP and collecting what it hears.
class Phone {
 public:
  explicit Phone(std::uint32_t ssrc) : ssrc_(ssrc) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~Phone() { ::close(fd_); }
  std::uint16_t port() const { return port_; }
  void call(std::uint16_t their_port) { their_port_ = their_port; }

  // One 20 ms PCMU frame: a tone at `hz` (0 = silence).
  void send_frame(double hz, double amp = 9000) {
    std::int16_t pcm[160];
    for (int k = 0; k < 160; ++k) {
      pcm[k] = hz == 0 ? 0
                       : static_cast<std::int16_t>(
                             amp * std::sin(2 * std::numbers::pi * hz * (phase_ + k) / 8000.0));
    }
    phase_ += 160;
    std::uint8_t payload[160];
    media::g711::encode_ulaw(pcm, payload);
    send_rtp(ssrc_, seq_++, payload);
  }
  void send_rtp(std::uint32_t ssrc, std::uint16_t seq, std::span<const std::uint8_t> payload) {
    rtp::RtpHeader h;
    h.payload_type = 0;
    h.sequence_number = seq;
    h.timestamp = 160u * seq;
    h.ssrc = ssrc;
    std::uint8_t buf[400];
    const auto n = *rtp::build_rtp(h, payload, buf);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons(their_port_);
    ::sendto(fd_, buf, n, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  }
  // Reads what has arrived; waits up to `wait` for the first datagram.
  void receive(std::chrono::milliseconds wait = 0ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return;
    std::uint8_t buf[2048];
    for (;;) {
      const auto n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n <= 0) return;
      auto pkt = rtp::parse_rtp({buf, static_cast<std::size_t>(n)});
      if (!pkt || pkt->header.payload_type != 0) continue;  // RTCP
      if (packets_ == 0) first_arrival_ = Clock::now();
      ++packets_;
      ssrcs_.insert(pkt->header.ssrc);
      std::int16_t pcm[400];
      media::g711::decode_ulaw(pkt->payload, pcm);
      heard_.insert(heard_.end(), pcm, pcm + pkt->payload.size());
    }
  }

  std::uint64_t packets() const { return packets_; }
  Clock::time_point first_arrival() const { return first_arrival_; }
  const std::set<std::uint32_t>& ssrcs() const { return ssrcs_; }
  std::vector<std::int16_t>& heard() { return heard_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::uint16_t their_port_ = 0;
  std::uint32_t ssrc_;
  std::uint16_t seq_ = 1000;
  std::uint64_t phase_ = 0;
  std::uint64_t packets_ = 0;
  Clock::time_point first_arrival_{};
  std::set<std::uint32_t> ssrcs_;
  std::vector<std::int16_t> heard_;
};

std::shared_ptr<const ai::Greeting> greeting(std::size_t frames, double hz) {
  auto g = std::make_shared<ai::Greeting>();
  g->frames.resize(frames);
  for (std::size_t f = 0; f < frames; ++f) {
    for (std::size_t i = 0; i < 160; ++i) {
      g->frames[f][i] = static_cast<std::int16_t>(
          6000 * std::sin(2 * std::numbers::pi * hz * (f * 160 + i) / 8000.0));
    }
  }
  return g;
}

// What a call's events reported (written on the shard, read after on_shard()).
struct Seen {
  bool ready = false;
  int interrupted = 0;
  std::vector<std::chrono::microseconds> greeting;
  std::vector<std::string> failures;
};

class CallMediaUdpTest : public ::testing::Test {
 protected:
  static constexpr const char* kKeyA = "media-key-alpha";
  static constexpr const char* kKeyB = "media-key-bravo-2";

  CallMediaUdpTest()
      : shard_(0), ports_(rtp::PortPoolConfig{31000, 31998, 0ns}, core::Clock::steady()) {}

  void SetUp() override {
    log_path_ = (std::filesystem::temp_directory_path() /
                 ("va_call_media_sim_" + std::to_string(::getpid()) + ".jsonl"))
                    .string();
    std::filesystem::remove(log_path_);
    sim::SimConfig sc;
    sc.keys = {kKeyA, kKeyB};
    sc.log_path = log_path_;
    sc.setup_delay = 20ms;
    sc.reply_length = 3000ms;
    sc.burst = 4.0;
    sim_pool_ = std::make_unique<sim::SimPool>(1);
    sim_ = std::make_unique<sim::SimServer>(sim_pool_->executors(), sc);
    sim_->start();
    sim_pool_->start();
    shard_.start();
    on_shard([&] {
      pacer_ = std::make_unique<rtp::Pacer>(shard_.context());
      pacer_->start();
    });
  }

  void TearDown() override {
    on_shard([&] {
      media_.clear();
      pacer_.reset();
    });
    shard_.stop();
    std::promise<void> done;
    boost::asio::post(sim_pool_->context(0), [&] {
      sim_->stop();
      done.set_value();
    });
    done.get_future().wait_for(5s);
    sim_pool_->stop();
    sim_pool_->join();
    sim_.reset();
    std::filesystem::remove(log_path_);
  }

  void on_shard(const std::function<void()>& f) {
    std::promise<void> done;
    boost::asio::post(shard_.context(), [&] {
      f();
      done.set_value();
    });
    ASSERT_EQ(done.get_future().wait_for(5s), std::future_status::ready) << "shard stuck";
  }
  template <class Pred>
  bool wait_until(Pred pred, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      bool ok = false;
      on_shard([&] { ok = pred(); });
      if (ok) return true;
      if (Clock::now() >= deadline) return false;
      std::this_thread::sleep_for(5ms);
    }
  }

  // Creates and prepares a call for `key`; returns its index.
  std::size_t open_call(const std::string& key, std::shared_ptr<const ai::Greeting> g) {
    seen_.push_back(std::make_unique<Seen>());
    Seen* seen = seen_.back().get();
    std::size_t index = 0;
    on_shard([&] {
      CallMediaConfig c;
      c.log.call_id = std::to_string(media_.size() + 1);
      c.bind_address = "127.0.0.1";
      c.rtcp_mux = true;
      c.ai.url = sim_->url();
      c.ai.api_key = key;
      c.ai.setup_timeout = 3000ms;
      c.ai.activity.silence_duration_ms = 200;
      c.greeting = std::move(g);
      CallMediaEvents e;
      e.on_ai_ready = [seen] { seen->ready = true; };
      e.on_interrupted = [seen] { ++seen->interrupted; };
      e.on_greeting_started = [seen](std::chrono::microseconds l) { seen->greeting.push_back(l); };
      e.on_ai_failed = [seen](std::error_code, const std::string& r) {
        seen->failures.push_back(r);
      };
      auto m = CallMedia::create(shard_, *pacer_, ports_, std::move(c), std::move(e));
      ASSERT_TRUE(m);
      ASSERT_FALSE((*m)->prepare());
      ASSERT_FALSE((*m)->connect_ai());
      index = media_.size();
      media_.push_back(std::move(*m));
    });
    return index;
  }
  sdp::NegotiatedMedia remote_for(const Phone& phone) {
    sdp::NegotiatedMedia m;
    m.codec = sdp::pcmu();
    m.remote_address = "127.0.0.1";
    m.remote_port = phone.port();
    m.rtcp_mux = true;
    return m;
  }
  // Every 20 ms, each phone sends the frame `what(phone, tick)` says (Hz, 0 = silence) and
  // reads what arrived; for `duration`.
  void talk(std::vector<Phone*> phones, std::chrono::milliseconds duration,
            const std::function<double(std::size_t, int)>& what) {
    auto next = Clock::now();
    const int ticks = static_cast<int>(duration / 20ms);
    for (int t = 0; t < ticks; ++t) {
      for (std::size_t p = 0; p < phones.size(); ++p) {
        phones[p]->send_frame(what(p, t));
        phones[p]->receive();
      }
      next += 20ms;
      std::this_thread::sleep_until(next);  // the phones' packet clock
    }
  }

  core::Shard shard_;
  rtp::PortPool ports_;
  std::unique_ptr<rtp::Pacer> pacer_;
  std::unique_ptr<sim::SimPool> sim_pool_;
  std::unique_ptr<sim::SimServer> sim_;
  std::string log_path_;
  std::vector<std::unique_ptr<CallMedia>> media_;
  std::vector<std::unique_ptr<Seen>> seen_;
};

TEST_F(CallMediaUdpTest, GreetingLeadsWithinOneTickThenTheAiAnswersAndBargeInFlushes) {
  Phone phone(0x5151);
  const auto i = open_call(kKeyA, greeting(25, 400));  // 500 ms of greeting
  ASSERT_TRUE(wait_until([&] { return seen_[i]->ready; }, 5000ms)) << "AI never ready";
  phone.call(0);
  on_shard([&] { phone.call(media_[i]->local_port()); });

  // Answer: start() on the shard; the phone waits for the first packet at once.
  std::promise<Clock::time_point> started;
  boost::asio::post(shard_.context(), [&] {
    const auto t = Clock::now();
    EXPECT_FALSE(media_[i]->start(remote_for(phone)));
    started.set_value(t);
  });
  phone.receive(1000ms);
  auto fut = started.get_future();
  ASSERT_EQ(fut.wait_for(5s), std::future_status::ready);
  ASSERT_GE(phone.packets(), 1u) << "no greeting packet within 1 s";
  const auto first_packet = phone.first_arrival() - fut.get();
  EXPECT_LT(first_packet, 20ms)
      << "greeting's first packet after "
      << std::chrono::duration_cast<std::chrono::microseconds>(first_packet).count() << " us";
  on_shard([&] {
    ASSERT_TRUE(media_[i]->greeting_latency());
    EXPECT_LT(*media_[i]->greeting_latency(), 20ms);
  });

  // The caller speaks (600 Hz, 400 ms), then is quiet: the simulator answers with the key's tone.
  const int ai_hz = sim::tone_frequency_for_key(kKeyA);
  talk({&phone}, 1500ms, [](std::size_t, int t) { return t < 20 ? 600.0 : 0.0; });
  phone.heard().clear();
  talk({&phone}, 400ms, [](std::size_t, int) { return 0.0; });
  const double ai_level = tone_amplitude(phone.heard(), 8000, ai_hz);
  EXPECT_GT(ai_level, 1500) << "AI tone " << ai_hz << " Hz";
  std::printf("first greeting packet after %.3f ms; AI tone %d Hz at amplitude %.0f\n",
              std::chrono::duration<double, std::milli>(first_packet).count(), ai_hz, ai_level);
  std::size_t queued = 0;
  on_shard([&] { queued = media_[i]->queued_frames(); });
  EXPECT_GT(queued, 20u) << "the AI's reply should still be queued (burst 4x)";

  // Barge-in: the caller talks over the AI; the simulator interrupts and the queue is flushed.
  talk({&phone}, 400ms, [](std::size_t, int) { return 600.0; });
  ASSERT_TRUE(wait_until([&] { return seen_[i]->interrupted >= 1; }, 3000ms));
  on_shard([&] {
    EXPECT_LT(media_[i]->queued_frames(), 5u);
    EXPECT_GT(media_[i]->stats().frames_flushed, 10u);
  });

  // A foreign source aimed at the call's port is dropped and counted.
  Phone attacker(0x6666);
  on_shard([&] { attacker.call(media_[i]->local_port()); });
  std::uint8_t junk[160];
  std::fill(std::begin(junk), std::end(junk), 0x55);
  for (int k = 0; k < 20; ++k)
    attacker.send_rtp(0x6666, static_cast<std::uint16_t>(k), junk);
  ASSERT_TRUE(wait_until([&] { return media_[i]->facts().packets_dropped_foreign >= 20; }, 2000ms));
  on_shard([&] {
    const auto f = media_[i]->facts();
    EXPECT_EQ(f.ssrc_in, 0x5151u);
    EXPECT_EQ(f.key_fingerprint, core::key_fingerprint(kKeyA));
    EXPECT_EQ(f.remote_rtp, "127.0.0.1:" + std::to_string(phone.port()));
    EXPECT_GT(f.packets_in, 50u);
    EXPECT_GT(f.packets_out, 50u);
    EXPECT_GT(media_[i]->stats().ai_stats.audio_in_samples, 16000u);
    media_[i]->stop();
    EXPECT_EQ(ports_.leased(), 0u);
    EXPECT_TRUE(seen_[i]->failures.empty());
  });
}

TEST_F(CallMediaUdpTest, TwoCallsWithTwoKeysEachHearOnlyTheirOwnTone) {
  const int hz_a = sim::tone_frequency_for_key(kKeyA);
  const int hz_b = sim::tone_frequency_for_key(kKeyB);
  ASSERT_GT(std::abs(hz_a - hz_b), 100) << "pick keys with distinct tones";
  Phone pa(0xaaaa), pb(0xbbbb);
  const auto a = open_call(kKeyA, nullptr);
  const auto b = open_call(kKeyB, nullptr);
  ASSERT_TRUE(wait_until([&] { return seen_[a]->ready && seen_[b]->ready; }, 5000ms));
  on_shard([&] {
    pa.call(media_[a]->local_port());
    pb.call(media_[b]->local_port());
    EXPECT_NE(media_[a]->local_port(), media_[b]->local_port());
    EXPECT_FALSE(media_[a]->start(remote_for(pa)));
    EXPECT_FALSE(media_[b]->start(remote_for(pb)));
  });
  // Both callers speak at once (different tones), then listen.
  talk({&pa, &pb}, 2400ms,
       [](std::size_t p, int t) { return t < 20 ? (p == 0 ? 500.0 : 700.0) : 0.0; });
  ASSERT_GT(pa.heard().size(), 8000u);
  ASSERT_GT(pb.heard().size(), 8000u);
  const double aa = tone_amplitude(pa.heard(), 8000, hz_a),
               ab = tone_amplitude(pa.heard(), 8000, hz_b);
  const double bb = tone_amplitude(pb.heard(), 8000, hz_b),
               ba = tone_amplitude(pb.heard(), 8000, hz_a);
  EXPECT_GT(aa, 1000);
  EXPECT_GT(bb, 1000);
  std::printf(
      "call A hears %d Hz at %.0f, %d Hz at %.0f; call B hears %d Hz at %.0f, %d Hz at %.0f\n",
      hz_a, aa, hz_b, ab, hz_b, bb, hz_a, ba);
  EXPECT_LT(ab, aa / 20) << "call A heard B's tone";
  EXPECT_LT(ba, bb / 20) << "call B heard A's tone";
  on_shard([&] {
    const auto fa = media_[a]->facts(), fb = media_[b]->facts();
    EXPECT_EQ(pa.ssrcs(), std::set<std::uint32_t>{fa.ssrc_out});
    EXPECT_EQ(pb.ssrcs(), std::set<std::uint32_t>{fb.ssrc_out});
    EXPECT_EQ(fa.ssrc_in, 0xaaaau);
    EXPECT_EQ(fb.ssrc_in, 0xbbbbu);
    EXPECT_EQ(fa.packets_dropped_foreign + fb.packets_dropped_foreign, 0u);
    EXPECT_NE(fa.key_fingerprint, fb.key_fingerprint);
    media_[a]->stop();
    media_[b]->stop();
  });
  // The simulator's log: one session per key, each with its own fingerprint.
  std::map<std::string, int> sessions;
  const auto deadline = Clock::now() + 3s;
  while (Clock::now() < deadline) {
    sessions.clear();
    std::ifstream in(log_path_);
    for (std::string line; std::getline(in, line);) {
      boost::system::error_code ec;
      auto v = boost::json::parse(line, ec);
      if (ec || !v.is_object() || v.at("event").as_string() != "session_end") continue;
      ++sessions[std::string(v.at("key_fp").as_string())];
    }
    if (sessions.size() == 2) break;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(sessions[core::key_fingerprint(kKeyA)], 1);
  EXPECT_EQ(sessions[core::key_fingerprint(kKeyB)], 1);
}

// DESIGN.md: the greeting's first packet leaves within one 20 ms tick of the answer; p99 over
// 100 calls, measured at the phone (start() posted, first datagram received). No AI here:
// the factory returns none, which CallMedia tolerates (greeting only).
TEST_F(CallMediaUdpTest, GreetingLatencyOverAHundredCallsStaysUnderOneTick) {
  std::vector<double> at_phone_ms, reported_ms;
  const auto g = greeting(3, 400);
  for (int n = 0; n < 100; ++n) {
    Phone phone(0x1000u + static_cast<std::uint32_t>(n));
    std::unique_ptr<CallMedia> media;
    on_shard([&] {
      CallMediaConfig c;
      c.bind_address = "127.0.0.1";
      c.rtcp_mux = true;
      c.greeting = g;
      c.ai_factory = [](boost::asio::any_io_executor, ai::AiSessionConfig, ai::AiEvents) {
        return std::unique_ptr<ai::AiSession>();
      };
      media = std::move(*CallMedia::create(shard_, *pacer_, ports_, std::move(c), {}));
      ASSERT_FALSE(media->prepare());
    });
    std::promise<Clock::time_point> started;
    boost::asio::post(shard_.context(), [&] {
      const auto t = Clock::now();
      EXPECT_FALSE(media->start(remote_for(phone)));
      started.set_value(t);
    });
    phone.receive(1000ms);
    auto fut = started.get_future();
    ASSERT_EQ(fut.wait_for(5s), std::future_status::ready);
    ASSERT_GE(phone.packets(), 1u);
    at_phone_ms.push_back(
        std::chrono::duration<double, std::milli>(phone.first_arrival() - fut.get()).count());
    on_shard([&] {
      reported_ms.push_back(static_cast<double>(media->greeting_latency()->count()) / 1000);
      media.reset();
    });
  }
  std::sort(at_phone_ms.begin(), at_phone_ms.end());
  std::sort(reported_ms.begin(), reported_ms.end());
  std::printf(
      "greeting latency over 100 calls at the phone: p50 %.3f ms, p99 %.3f ms, max %.3f ms;"
      " reported p99 %.3f ms\n",
      at_phone_ms[49], at_phone_ms[98], at_phone_ms[99], reported_ms[98]);
  EXPECT_LE(at_phone_ms[98], 20.0);
  EXPECT_LE(reported_ms[98], 20.0);
  EXPECT_EQ(ports_.leased(), 0u);
}

}  // namespace
}  // namespace va::call
