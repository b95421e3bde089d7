// The simulator on several threads (SimPool): sessions on different threads stay apart, a
// conversation resumes across threads with no caller audio lost, and stop() reaches every thread.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <set>
#include <thread>

#include "ai/gemini/client_message.h"
#include "core/key_fingerprint.h"
#include "integration/ai/sim_fixture.h"
#include "sim/sim_config.h"

namespace va::ai::test {
namespace {
using namespace std::chrono_literals;

class ThreadedSimTest : public SimTest {
 protected:
  void SetUp() override {
    SimTest::SetUp();
    sim_threads_ = 2;
  }
};

// Keys whose tones are all different frequencies.
std::vector<std::string> keys_with_distinct_tones(std::size_t n) {
  std::vector<std::string> keys;
  std::set<int> freqs;
  for (int i = 0; keys.size() < n; ++i) {
    std::string k = "thread-key-" + std::to_string(i);
    if (freqs.insert(sim::tone_frequency_for_key(k)).second) keys.push_back(k);
  }
  return keys;
}

TEST_F(ThreadedSimTest, EightSessionsSpreadOverTwoThreadsEachHearOnlyTheirOwnTone) {
  const auto keys = keys_with_distinct_tones(8);
  config_.keys = {keys.begin(), keys.end()};
  start_server();
  std::vector<Recorder> recs(keys.size());
  std::vector<AiSession*> sessions;
  for (std::size_t i = 0; i < keys.size(); ++i)
    sessions.push_back(&open(recs[i], client_config(keys[i])));
  ASSERT_TRUE(run_until([&] { return all_ready(recs); }));
  for (auto* s : sessions)
    say_something(*s);
  ASSERT_TRUE(run_until([&] { return all_answered(recs); }));
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const int own = sim::tone_frequency_for_key(keys[i]);
    EXPECT_GT(tone_amplitude(recs[i].audio, 24000, own), 5000) << keys[i];
    for (std::size_t j = 0; j < keys.size(); ++j) {
      if (j == i) continue;
      EXPECT_LT(tone_amplitude(recs[i].audio, 24000, sim::tone_frequency_for_key(keys[j])), 300)
          << keys[i] << " hears " << keys[j];
    }
  }
  const auto c = server_->counters();
  EXPECT_EQ(c.sessions_total, keys.size());
  EXPECT_EQ(c.replies, keys.size());
  sessions_.clear();
  ASSERT_TRUE(run_until([&] { return log_lines("session_end").size() == keys.size(); }));
  std::set<std::string> want;
  for (const auto& k : keys)
    want.insert(core::key_fingerprint(k));
  EXPECT_EQ(ended_key_fingerprints(), want);
}

TEST_F(ThreadedSimTest, GoAwayResumesOnTheOtherThreadWithoutLosingCallerAudio) {
  config_.lifetime = 800ms;
  config_.go_away_before = 400ms;
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  // Connections are handed to the two threads in turn, so each resumption crosses threads.
  PacedAudio audio(io_, s, 150);
  audio.start();
  ASSERT_TRUE(run_until([&] { return audio.done() && rec.resumed >= 2; }, 8000ms))
      << rec.error.message() << " " << rec.error_reason;
  ASSERT_TRUE(run_until([&] { return s.stats().audio_in_samples == audio.sent().size(); }));
  const auto connections = s.stats().connections;
  EXPECT_GE(connections, 3u);
  EXPECT_EQ(server_->counters().resumptions, connections - 1);
  EXPECT_FALSE(rec.error);
  sessions_.clear();
  ASSERT_TRUE(run_until([&] { return log_lines("session_end").size() == connections; }));
  auto ends = log_lines("session_end");
  for (const auto& e : ends)
    EXPECT_EQ(e.at("conversation").as_int64(), ends[0].at("conversation").as_int64());
  // The last connection to end carries the whole conversation's digest.
  std::int64_t most = 0;
  std::string digest;
  for (const auto& e : ends) {
    if (e.at("conversation_audio_in_samples").as_int64() > most) {
      most = e.at("conversation_audio_in_samples").as_int64();
      digest = std::string(e.at("conversation_audio_in_fnv").as_string());
    }
  }
  EXPECT_EQ(most, static_cast<std::int64_t>(audio.sent().size()));
  EXPECT_EQ(digest, audio.digest());
}

TEST_F(ThreadedSimTest, StopClosesTheSessionsOfEveryThreadWith1001) {
  start_server();
  std::vector<Recorder> recs(4);
  for (auto& r : recs)
    open(r, client_config());
  ASSERT_TRUE(run_until([&] { return all_ready(recs); }));
  stop_server();
  ASSERT_TRUE(run_until([&] { return log_lines("session_end").size() == recs.size(); }));
  for (const auto& e : log_lines("session_end")) {
    EXPECT_EQ(e.at("close_code").as_int64(), 1001);
    EXPECT_EQ(e.at("closed_by").as_string(), "server");
  }
  EXPECT_EQ(server_->counters().sessions_open, 0u);
}

TEST_F(ThreadedSimTest, AClientThatStopsReadingHoldsTheModelsAudioBackInsteadOfQueueingIt) {
  config_.setup_delay = 0ms;
  config_.reply_length = 600000ms;  // 10 minutes of tone, offered 1000x faster than real time
  config_.reply_chunk = 20ms;
  config_.burst = 1000;
  start_server();
  // A raw client: setup, one text turn, then it never reads again.
  namespace beast = boost::beast;
  beast::websocket::stream<beast::tcp_stream> ws(io_);
  beast::get_lowest_layer(ws).connect(
      {boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  ws.handshake("127.0.0.1", std::string(sim::kLivePath) + "?key=" + kKey);
  ws.write(boost::asio::buffer(gemini::build_setup(client_config(), "")));
  beast::flat_buffer buf;
  ws.read(buf);  // setupComplete
  ws.write(boost::asio::buffer(gemini::build_realtime_text("talk")));
  const std::uint64_t whole = 600ull * 24000;
  auto sent = [&] { return server_->counters().audio_out_samples; };
  // Kernel buffers fill within a second; then the simulator stops producing.
  std::uint64_t before = 0;
  bool held = false;
  for (int i = 0; i < 40 && !held; ++i) {
    before = sent();
    std::this_thread::sleep_for(250ms);
    held = before > 0 && sent() == before;
  }
  EXPECT_TRUE(held) << "still sending: " << sent();
  EXPECT_LT(before, whole / 4);  // far from the 10 minutes it would have queued
  beast::get_lowest_layer(ws).close();
}

}  // namespace
}  // namespace va::ai::test
