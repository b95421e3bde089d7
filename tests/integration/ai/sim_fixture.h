// Test fixture: the Live simulator and clients on one io_context on the test thread, with
// bounded waits (run the loop until a condition holds or the deadline passes). With
// sim_threads_ > 0 the simulator runs on its own SimPool threads instead (clients stay here;
// blocking clients such as the TTS one need that). Every test of tests/integration/ai starts
// and stops its simulator through SimTest.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ai/ai_session.h"
#include "ai/errc.h"
#include "sim/sim_config.h"
#include "sim/sim_pool.h"
#include "sim/sim_server.h"
#include "sim/sim_session.h"

namespace va::ai::test {

inline std::vector<std::int16_t> tone16k(double hz, int ms, double amplitude = 6000) {
  std::vector<std::int16_t> out(static_cast<std::size_t>(ms) * 16);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<std::int16_t>(amplitude *
                                       std::sin(2 * M_PI * hz * static_cast<double>(i) / 16000));
  }
  return out;
}

// Amplitude of the `hz` component (single-bin DFT).
inline double tone_amplitude(const std::vector<std::int16_t>& x, int rate, double hz) {
  if (x.empty()) return 0;
  double re = 0, im = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    double ph = 2 * M_PI * hz * static_cast<double>(i) / rate;
    re += x[i] * std::cos(ph);
    im += x[i] * std::sin(ph);
  }
  return 2 * std::hypot(re, im) / static_cast<double>(x.size());
}

// What a test session saw, filled by its AiEvents.
struct Recorder {
  bool ready = false;
  int resumed = 0;
  int interrupted = 0;
  int turns = 0;
  int go_aways = 0;
  std::vector<std::int16_t> audio;
  std::vector<int> rates;
  std::string input_text;
  std::string output_text;
  std::vector<ToolCall> tools;
  std::error_code error;
  std::string error_reason;
  UsageMetadata usage;

  AiEvents events() {
    AiEvents e;
    e.on_ready = [this] { ready = true; };
    e.on_resumed = [this] { ++resumed; };
    e.on_audio = [this](media::AudioFrame c) {
      rates.push_back(c.sample_rate);
      audio.insert(audio.end(), c.samples.begin(), c.samples.end());
    };
    e.on_input_transcript = [this](std::string_view t, bool) { input_text += t; };
    e.on_output_transcript = [this](std::string_view t, bool) { output_text += t; };
    e.on_interrupted = [this] { ++interrupted; };
    e.on_turn_complete = [this] { ++turns; };
    e.on_go_away = [this](std::chrono::milliseconds) { ++go_aways; };
    e.on_tool_call = [this](const ToolCall& c) { tools.push_back(c); };
    e.on_usage = [this](const UsageMetadata& u) { usage = u; };
    e.on_error = [this](std::error_code ec, const std::string& r) {
      error = ec;
      error_reason = r;
    };
    return e;
  }
};

inline bool all_ready(const std::vector<Recorder>& recs) {
  return std::all_of(recs.begin(), recs.end(), [](const Recorder& r) { return r.ready; });
}
inline bool all_answered(const std::vector<Recorder>& recs) {
  return std::all_of(recs.begin(), recs.end(), [](const Recorder& r) { return r.turns >= 1; });
}

// Caller audio paced like RTP on the test's loop (run_until drives it): `total` chunks of
// 20 ms (320 samples at 16 kHz), one every 10 ms; quiet (the VAD hears no speech) and
// different sample by sample, so the simulator's digest proves every sample arrived in order.
class PacedAudio {
 public:
  PacedAudio(boost::asio::io_context& io, AiSession& session, int total)
      : timer_(io), session_(session), total_(total) {}

  void start() { tick(); }
  int chunks() const { return chunks_; }
  bool done() const { return chunks_ == total_; }
  const std::vector<std::int16_t>& sent() const { return sent_; }
  // FNV-1a over the PCM bytes, as the simulator logs conversation_audio_in_fnv.
  std::string digest() const {
    return fmt::format("{:016x}", sim::fnv1a(sent_.data(), sent_.size() * 2));
  }

 private:
  void tick() {
    std::vector<std::int16_t> chunk(320);
    for (std::size_t i = 0; i < chunk.size(); ++i) {
      chunk[i] = static_cast<std::int16_t>((sent_.size() + i) * 7919 % 200) - 100;
    }
    sent_.insert(sent_.end(), chunk.begin(), chunk.end());
    session_.send_audio(chunk);
    if (++chunks_ < total_) {
      timer_.expires_after(std::chrono::milliseconds(10));
      timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) tick();
      });
    }
  }

  boost::asio::steady_timer timer_;
  AiSession& session_;
  int total_;
  int chunks_ = 0;
  std::vector<std::int16_t> sent_;
};

class SimTest : public ::testing::Test {
 protected:
  static constexpr const char* kKey = "test-key-alpha";

  void SetUp() override {
    log_path_ = (std::filesystem::temp_directory_path() /
                 ("va_ai_sim_" + std::to_string(::getpid()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".jsonl"))
                    .string();
    std::filesystem::remove(log_path_);
    config_.keys = {kKey, "test-key-bravo"};
    config_.log_path = log_path_;
    config_.setup_delay = std::chrono::milliseconds(20);
    config_.reply_length = std::chrono::milliseconds(400);
    config_.burst = 4.0;
    config_.first_handle_delay = std::chrono::milliseconds(300);
  }

  void TearDown() override {
    sessions_.clear();
    if (server_) stop_server();
    run_for(std::chrono::milliseconds(50));
    if (pool_) {
      pool_->stop();
      pool_->join();
    }
    server_.reset();
    pool_.reset();
    std::filesystem::remove(log_path_);
  }

  void start_server() {
    if (sim_threads_ > 0) {
      pool_ = std::make_unique<sim::SimPool>(sim_threads_);
      server_ = std::make_unique<sim::SimServer>(pool_->executors(), config_);
      server_->start();
      pool_->start();
      return;
    }
    server_ = std::make_unique<sim::SimServer>(io_.get_executor(), config_);
    server_->start();
  }

  // stop() belongs on the listener's thread.
  void stop_server() {
    if (!pool_) return server_->stop();
    std::promise<void> done;
    boost::asio::post(pool_->context(0), [&] {
      server_->stop();
      done.set_value();
    });
    ASSERT_EQ(done.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  }

  AiSessionConfig client_config(const std::string& key = kKey) {
    AiSessionConfig c;
    c.url = server_->url();
    c.api_key = key;
    c.setup_timeout = std::chrono::milliseconds(3000);
    c.activity.silence_duration_ms = 200;
    return c;
  }

  AiSession& open(Recorder& rec, AiSessionConfig c) { return open(rec.events(), std::move(c)); }
  // With events of the test's own (e.g. a Recorder's, wrapped to note their order).
  AiSession& open(AiEvents events, AiSessionConfig c) {
    sessions_.push_back(AiSession::create(io_.get_executor(), std::move(c), std::move(events)));
    sessions_.back()->start();
    return *sessions_.back();
  }

  // Runs the loop until pred() or the timeout; returns pred().
  bool run_until(const std::function<bool()>& pred,
                 std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      io_.restart();
      io_.run_for(std::chrono::milliseconds(5));
    }
    return true;
  }
  void run_for(std::chrono::milliseconds d) {
    const auto deadline = std::chrono::steady_clock::now() + d;
    while (std::chrono::steady_clock::now() < deadline) {
      io_.restart();
      io_.run_for(std::chrono::milliseconds(5));
    }
  }

  std::vector<boost::json::object> log_lines(const std::string& event) {
    std::vector<boost::json::object> out;
    std::ifstream in(log_path_);
    for (std::string line; std::getline(in, line);) {
      boost::system::error_code ec;
      auto v = boost::json::parse(line, ec);  // a line being written by a simulator thread: skip
      if (ec || !v.is_object()) continue;
      if (v.as_object().at("event").as_string() == event) out.push_back(v.as_object());
    }
    return out;
  }
  // The key fingerprints of the session_end lines.
  std::set<std::string> ended_key_fingerprints() {
    std::set<std::string> out;
    for (auto& l : log_lines("session_end"))
      out.insert(std::string(l.at("key_fp").as_string()));
    return out;
  }
  std::string log_text() {
    std::ifstream in(log_path_);
    return {std::istreambuf_iterator<char>(in), {}};
  }

  // Speech (400 ms loud tone) then 400 ms of silence: one caller turn for the VAD.
  void say_something(AiSession& s, double hz = 700) {
    s.send_audio(tone16k(hz, 400));
    s.send_audio(std::vector<std::int16_t>(400 * 16, 0));
  }

  boost::asio::io_context io_;
  unsigned sim_threads_ = 0;  // > 0: the simulator on a SimPool of that many threads
  std::unique_ptr<sim::SimPool> pool_;
  sim::SimConfig config_;
  std::string log_path_;
  std::unique_ptr<sim::SimServer> server_;
  std::vector<std::unique_ptr<AiSession>> sessions_;
};

}  // namespace va::ai::test
