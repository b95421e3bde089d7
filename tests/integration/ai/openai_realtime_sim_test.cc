// The OpenAI Realtime client against the simulator's /v1/realtime on loopback (issue 16): the
// GA handshake with the key in Authorization, audio both ways, transcripts, barge-in with a
// truncate at the played position, function calls, usage, and the typed failures (bad key,
// quota, mid-call close, unknown model).
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "ai/openai/realtime_session.h"
#include "core/key_fingerprint.h"
#include "integration/ai/sim_fixture.h"
#include "sim/sim_config.h"

namespace va::ai::test {
namespace {
using namespace std::chrono_literals;

class OpenAiSimTest : public SimTest {
 protected:
  AiSessionConfig openai_config(const std::string& key = kKey) {
    AiSessionConfig c = client_config(key);
    c.provider = "openai";
    const std::string live = server_->url();
    c.url = live.substr(0, live.find('/', 5)) + "/v1/realtime";
    c.model = "gpt-realtime";
    c.voice = "marin";
    c.language = "en-US";
    c.activity.silence_duration_ms = 200;
    return c;
  }
};

TEST_F(OpenAiSimTest, HandshakeWithBearerKeyThenSessionUpdated) {
  start_server();
  Recorder rec;
  open(rec, openai_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; })) << rec.error.message() << rec.error_reason;
  auto starts = log_lines("session_start");
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_EQ(starts[0].at("provider").as_string(), "openai");
  EXPECT_EQ(starts[0].at("key_fp").as_string(), core::key_fingerprint(kKey));
  EXPECT_EQ(starts[0].at("model").as_string(), "gpt-realtime");
  EXPECT_EQ(log_text().find(kKey), std::string::npos);
}

TEST_F(OpenAiSimTest, AudioFlowsBothWaysAndTheReplyIsTheKeysTone) {
  start_server();
  Recorder rec;
  auto& s = open(rec, openai_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  say_something(s, 700);
  ASSERT_TRUE(run_until([&] { return rec.turns >= 1; })) << rec.error.message();
  EXPECT_EQ(rec.audio.size(), 400u * 24);
  for (int r : rec.rates)
    EXPECT_EQ(r, 24000);
  const int hz = sim::tone_frequency_for_key(kKey);
  EXPECT_GT(tone_amplitude(rec.audio, 24000, hz), 4000) << hz;
  EXPECT_NE(rec.input_text.find("[speech"), std::string::npos) << rec.input_text;
  EXPECT_EQ(rec.output_text, "[tone " + std::to_string(hz) + " Hz]");
  EXPECT_GT(rec.usage.total_tokens, 0);
  EXPECT_EQ(rec.usage.total_tokens, rec.usage.prompt_tokens + rec.usage.response_tokens);
  sessions_.clear();
  ASSERT_TRUE(run_until([&] { return log_lines("session_end").size() == 1; }));
  auto end = log_lines("session_end")[0];
  EXPECT_EQ(end.at("audio_in_rate").as_int64(), 24000);
  // 16 kHz in, 24 kHz on the wire: all of it but the resampler's delay and a partial chunk.
  EXPECT_LE(end.at("audio_in_samples").as_int64(), 800 * 24);
  EXPECT_GE(end.at("audio_in_samples").as_int64(), 800 * 24 - 24 * 50);
  // One 400 ms spurt: its resampled edges cost the zero-crossing count a few percent.
  EXPECT_NEAR(end.at("audio_in_dominant_hz").as_int64(), 700, 30);
  EXPECT_EQ(end.at("messages_before_session_updated").as_int64(), 0);
  EXPECT_EQ(end.at("errors").as_int64(), 0) << "the simulator refused something the client sent";
}

TEST_F(OpenAiSimTest, BargeInFlushesAndTruncatesAtThePlayedPosition) {
  config_.reply_length = 4000ms;
  config_.burst = 1.0;
  start_server();
  Recorder rec;
  int flushes = 0;
  AiSession* session = nullptr;
  auto events = rec.events();
  // The call's role: on interrupted, report 300 ms of audio still queued (never played).
  events.on_interrupted = [&] {
    ++rec.interrupted;
    ++flushes;
    session->playout_flushed(300ms);
  };
  auto& s = open(std::move(events), openai_config());
  session = &s;
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  say_something(s);
  ASSERT_TRUE(run_until([&] { return rec.audio.size() >= 24u * 1000; }));
  const std::size_t received_before = rec.audio.size();
  say_something(s);  // talks over the model
  ASSERT_TRUE(run_until([&] { return flushes >= 1; })) << rec.error.message();
  ASSERT_TRUE(run_until([&] { return !log_lines("truncate").empty(); }));
  auto t = log_lines("truncate")[0];
  EXPECT_TRUE(t.at("ok").as_bool()) << boost::json::serialize(t);
  const auto end_ms = t.at("audio_end_ms").as_int64();
  const auto sent_ms = t.at("sent_ms").as_int64();
  // Played = received - 300 ms still queued (the received count may have grown by a part or
  // two between the check above and speech_started).
  EXPECT_EQ(end_ms, sent_ms - 300) << boost::json::serialize(t);
  EXPECT_GE(sent_ms, static_cast<std::int64_t>(received_before / 24));
  EXPECT_FALSE(rec.error) << rec.error_reason;
}

TEST_F(OpenAiSimTest, NoTruncateWhenNothingWasCutOff) {
  start_server();
  Recorder rec;
  auto& s = open(rec, openai_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  say_something(s);
  ASSERT_TRUE(run_until([&] { return rec.turns >= 1; }));
  say_something(s);  // speech after the whole reply played: the recorder flushes nothing
  ASSERT_TRUE(run_until([&] { return rec.turns >= 2; }));
  EXPECT_TRUE(log_lines("truncate").empty());
}

TEST_F(OpenAiSimTest, FunctionCallAndItsOutputGoBack) {
  start_server();
  Recorder rec;
  auto& s = open(rec, openai_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  s.send_text(R"(tool:send_dtmf:{"digits":"12#"})");
  ASSERT_TRUE(run_until([&] { return !rec.tools.empty(); })) << rec.error.message();
  EXPECT_EQ(rec.tools[0].name, "send_dtmf");
  EXPECT_EQ(rec.tools[0].args_json, R"({"digits":"12#"})");
  EXPECT_EQ(rec.tools[0].id.rfind("call_", 0), 0u) << rec.tools[0].id;
  s.send_tool_response(rec.tools[0].id, rec.tools[0].name, R"({"sent":true})");
  // The response.create after the output makes the model speak about it.
  ASSERT_TRUE(run_until([&] { return !rec.audio.empty(); }));
  sessions_.clear();
  ASSERT_TRUE(run_until([&] { return log_lines("session_end").size() == 1; }));
  EXPECT_EQ(log_lines("session_end")[0].at("tool_responses").as_int64(), 1);
  EXPECT_EQ(log_lines("session_end")[0].at("errors").as_int64(), 0);
  auto texts = log_lines("text_in");
  ASSERT_EQ(texts.size(), 1u);
}

TEST_F(OpenAiSimTest, BadKeyFailsWithBadKeyAndTheRealCloseShape) {
  start_server();
  Recorder rec;
  open(rec, openai_config("sk-wrong-key-0000000000"));
  ASSERT_TRUE(run_until([&] { return static_cast<bool>(rec.error); }));
  EXPECT_EQ(rec.error, make_error_code(Errc::BadKey)) << rec.error_reason;
  EXPECT_FALSE(rec.ready);
  EXPECT_EQ(sessions_[0]->last_close_code(), 3000);
  EXPECT_EQ(sessions_[0]->last_close_reason(), "invalid_request_error.invalid_api_key");
}

TEST_F(OpenAiSimTest, UnknownModelFailsWithBadModel) {
  start_server();
  Recorder rec;
  auto c = openai_config();
  c.model = "gpt-nonexistent";
  open(rec, c);
  ASSERT_TRUE(run_until([&] { return static_cast<bool>(rec.error); }));
  EXPECT_EQ(rec.error, make_error_code(Errc::BadModel)) << rec.error_reason;
}

TEST_F(OpenAiSimTest, QuotaKeyFailsWithQuotaAfterTheSessionStarted) {
  config_.quota_keys = {"test-key-quota"};
  config_.quota_close_after = 100ms;
  start_server();
  Recorder rec;
  open(rec, openai_config("test-key-quota"));
  ASSERT_TRUE(run_until([&] { return static_cast<bool>(rec.error); }));
  EXPECT_TRUE(rec.ready);
  EXPECT_EQ(rec.error, make_error_code(Errc::Quota)) << rec.error_reason;
}

TEST_F(OpenAiSimTest, MidCallCloseFailsWithServerGone) {
  config_.openai_close_after = 200ms;
  start_server();
  Recorder rec;
  open(rec, openai_config());
  ASSERT_TRUE(run_until([&] { return static_cast<bool>(rec.error); }));
  EXPECT_TRUE(rec.ready);
  EXPECT_EQ(rec.error, make_error_code(Errc::ServerGone)) << rec.error_reason;
  EXPECT_EQ(sessions_[0]->last_close_code(), 1011);
}

TEST_F(OpenAiSimTest, SessionCapClosesWith1001AndNoWarning) {
  config_.openai_lifetime = 300ms;
  start_server();
  Recorder rec;
  open(rec, openai_config());
  ASSERT_TRUE(run_until([&] { return static_cast<bool>(rec.error); }));
  EXPECT_EQ(rec.go_aways, 0);
  EXPECT_EQ(sessions_[0]->last_close_code(), 1001);
  EXPECT_NE(sessions_[0]->last_close_reason().find("maximum duration"), std::string::npos);
}

TEST_F(OpenAiSimTest, StalledServerKeepsTheClientWaitingWithoutErrors) {
  config_.openai_stall_after = 50ms;
  config_.reply_length = 2000ms;
  config_.burst = 1.0;
  start_server();
  Recorder rec;
  auto& s = open(rec, openai_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  run_for(100ms);
  say_something(s);
  run_for(1500ms);
  EXPECT_TRUE(rec.audio.empty());  // nothing arrives once the server stalls
  EXPECT_FALSE(rec.error);         // and the session does not invent a failure
}

TEST_F(OpenAiSimTest, RefusedSessionUpdateFailsTheSessionWithBadVoice) {
  // The simulator refuses a session.update as the service does (here a Gemini voice); the
  // client fails at once instead of waiting for a session.updated that never comes. That the
  // other tests end with errors == 0 means the simulator accepted everything else they sent.
  start_server();
  Recorder rec;
  auto c = openai_config();
  c.voice = "Puck";
  open(rec, c);
  ASSERT_TRUE(run_until([&] { return static_cast<bool>(rec.error); }, 2000ms));
  EXPECT_FALSE(rec.ready);
  EXPECT_EQ(rec.error, make_error_code(Errc::BadVoice)) << rec.error_reason;
  EXPECT_NE(rec.error_reason.find("session.audio.output.voice"), std::string::npos)
      << rec.error_reason;
}

}  // namespace
}  // namespace va::ai::test
