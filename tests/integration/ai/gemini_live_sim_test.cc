// The Gemini Live client against the simulator on loopback (issue 4 "Must show" list).
#include <gtest/gtest.h>

#include "core/key_fingerprint.h"
#include "integration/ai/sim_fixture.h"
#include "sim/sim_config.h"

namespace va::ai::test {
namespace {
using namespace std::chrono_literals;

TEST_F(SimTest, HandshakeCompletesAndTheSimulatorLogsOnlyTheKeyFingerprint) {
  start_server();
  Recorder rec;
  open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; })) << rec.error.message();
  auto starts = log_lines("session_start");
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_EQ(starts[0].at("key_fp").as_string(), core::key_fingerprint(kKey));
  EXPECT_EQ(starts[0].at("model").as_string(), "gemini-3.8-live");
  EXPECT_EQ(log_text().find(kKey), std::string::npos);
}

TEST_F(SimTest, AudioFlowsBothWaysAt16kUpAnd24kDown) {
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  say_something(s);
  ASSERT_TRUE(run_until([&] { return rec.turns >= 1; })) << rec.error.message();
  // A 400 ms tone at 24 kHz, each part labelled with its rate.
  EXPECT_EQ(rec.audio.size(), 400u * 24);
  ASSERT_FALSE(rec.rates.empty());
  for (int r : rec.rates)
    EXPECT_EQ(r, 24000);
  EXPECT_EQ(s.stats().audio_in_samples, 800u * 16);
  EXPECT_GT(rec.usage.total_tokens, 0);
  sessions_.clear();
  ASSERT_TRUE(run_until([&] { return log_lines("session_end").size() == 1; }));
  auto end = log_lines("session_end")[0];
  EXPECT_EQ(end.at("audio_in_rate").as_int64(), 16000);
  EXPECT_EQ(end.at("audio_in_samples").as_int64(), 800 * 16);
  EXPECT_EQ(end.at("audio_out_samples").as_int64(), 400 * 24);
  EXPECT_EQ(end.at("messages_before_setup_complete").as_int64(), 0);
}

TEST_F(SimTest, AudioSentBeforeSetupCompleteIsHeldNotSentEarly) {
  config_.setup_delay = 200ms;
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  s.send_audio(std::vector<std::int16_t>(16 * 100, 1));  // before the socket is even open
  ASSERT_TRUE(run_until([&] { return rec.ready && s.stats().audio_in_samples == 1600; }));
  sessions_.clear();
  ASSERT_TRUE(run_until([&] { return log_lines("session_end").size() == 1; }));
  auto end = log_lines("session_end")[0];
  EXPECT_EQ(end.at("messages_before_setup_complete").as_int64(), 0);
  EXPECT_EQ(end.at("audio_in_samples").as_int64(), 1600);
}

TEST_F(SimTest, TranscriptsOfCallerAndModelArrive) {
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  say_something(s);
  ASSERT_TRUE(run_until([&] { return rec.turns >= 1; }));
  EXPECT_NE(rec.input_text.find("[speech"), std::string::npos) << rec.input_text;
  EXPECT_EQ(rec.output_text, "[tone " + std::to_string(sim::tone_frequency_for_key(kKey)) + " Hz]");
}

TEST_F(SimTest, CallerTalkingOverTheModelGetsInterruptedSoThePlayoutCanFlush) {
  config_.reply_length = 4000ms;
  config_.burst = 1.0;
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  say_something(s);
  ASSERT_TRUE(run_until([&] { return !rec.audio.empty(); }));
  s.send_audio(tone16k(900, 200));  // barge in
  ASSERT_TRUE(run_until([&] { return rec.interrupted == 1; }));
  EXPECT_LT(rec.audio.size(), 4000u * 24);  // the rest of the reply never came
  ASSERT_TRUE(run_until([&] { return rec.turns >= 1; }));
  EXPECT_EQ(server_->counters().interruptions, 1u);
}

TEST_F(SimTest, GoAwayResumesOnANewConnectionWithoutLosingCallerAudio) {
  config_.lifetime = 1000ms;
  config_.go_away_before = 500ms;
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  // 1.6 s of 20 ms chunks paced every 10 ms: the goAway (at 0.5 s) lands mid-stream.
  PacedAudio audio(io_, s, 160);
  audio.start();
  ASSERT_TRUE(run_until([&] { return audio.done() && rec.resumed >= 1; }, 8000ms))
      << rec.error.message() << " " << rec.error_reason;
  ASSERT_TRUE(run_until([&] { return s.stats().audio_in_samples == audio.sent().size(); }));
  // Each connection lives 1 s with goAway at 0.5 s: the 1.6 s stream crosses several switches.
  const auto connections = s.stats().connections;
  EXPECT_GE(connections, 2u);
  EXPECT_EQ(s.stats().resumptions, connections - 1);
  EXPECT_EQ(static_cast<std::uint64_t>(rec.resumed), connections - 1);
  EXPECT_GE(static_cast<std::uint64_t>(rec.go_aways), connections - 1);
  EXPECT_GT(s.stats().buffered_during_switch, 0u);
  EXPECT_FALSE(rec.error);
  sessions_.clear();
  ASSERT_TRUE(run_until([&] { return log_lines("session_end").size() == connections; }));
  auto ends = log_lines("session_end");
  for (std::size_t i = 0; i < ends.size(); ++i) {
    EXPECT_EQ(ends[i].at("resumed").as_bool(), i > 0);
    EXPECT_EQ(ends[i].at("conversation").as_int64(), ends[0].at("conversation").as_int64());
    // Every old socket was closed by the client (1000) before the deadline, not by the server.
    EXPECT_EQ(ends[i].at("close_code").as_int64(), 1000);
    EXPECT_EQ(ends[i].at("closed_by").as_string(), "client");
    EXPECT_EQ(ends[i].at("messages_before_setup_complete").as_int64(), 0);
  }
  // Every caller sample reached the conversation, in order (FNV-1a over the PCM bytes).
  EXPECT_EQ(ends.back().at("conversation_audio_in_samples").as_int64(),
            static_cast<std::int64_t>(audio.sent().size()));
  EXPECT_EQ(ends.back().at("conversation_audio_in_fnv").as_string(), audio.digest());
}

TEST_F(SimTest, GoAwayWhileTheModelSpeaksSwitchesOnlyAfterTheTurnSoNoReplyAudioIsCut) {
  config_.reply_length = 600ms;
  config_.burst = 1.0;
  config_.lifetime = 3300ms;
  config_.go_away_before = 3000ms;  // goAway 300 ms into the connection, 3 s before the cap
  start_server();
  Recorder rec;
  std::vector<std::string> order;
  auto events = rec.events();
  auto on_turn = events.on_turn_complete;
  events.on_turn_complete = [&, on_turn] {
    on_turn();
    order.push_back("turnComplete");
  };
  auto on_resumed = events.on_resumed;
  events.on_resumed = [&, on_resumed] {
    on_resumed();
    order.push_back("resumed");
  };
  auto on_go_away = events.on_go_away;
  events.on_go_away = [&, on_go_away](std::chrono::milliseconds left) {
    on_go_away(left);
    order.push_back("goAway");
  };
  auto& s = open(std::move(events), client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  say_something(s);
  ASSERT_TRUE(run_until([&] { return rec.resumed == 1; }));
  EXPECT_EQ(order, (std::vector<std::string>{"goAway", "turnComplete", "resumed"}));
  EXPECT_EQ(rec.audio.size(), 600u * 24);  // the whole reply, nothing cut by the switch
  EXPECT_FALSE(rec.error);
}

TEST_F(SimTest, BadKeyFailsWithTheServiceCloseCodeAndReason) {
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config("not-a-valid-key"));
  ASSERT_TRUE(run_until([&] { return bool(rec.error); }));
  EXPECT_EQ(rec.error, make_error_code(Errc::BadKey));
  EXPECT_FALSE(rec.ready);
  EXPECT_EQ(s.last_close_code(), 1007);
  EXPECT_EQ(s.last_close_reason(), "API key not valid. Please pass a valid API key.");
  EXPECT_EQ(rec.error_reason.find("not-a-valid-key"), std::string::npos);
}

TEST_F(SimTest, QuotaCloseAfterSetupCompleteIsATypedQuotaError) {
  config_.quota_keys = {"quota-key"};
  config_.quota_close_after = 100ms;
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config("quota-key"));
  ASSERT_TRUE(run_until([&] { return bool(rec.error); }));
  EXPECT_TRUE(rec.ready);
  EXPECT_EQ(rec.error, make_error_code(Errc::Quota));
  EXPECT_EQ(s.last_close_code(), 1011);
  EXPECT_EQ(s.last_close_reason().size(), 123u);  // truncated like the service's
  EXPECT_EQ(s.stats().connections, 1u);           // fatal: no retry loop
}

TEST_F(SimTest, UnknownModelAndUnknownVoiceAreTypedErrors) {
  start_server();
  Recorder model_rec, voice_rec;
  auto bad_model = client_config();
  bad_model.model = "gemini-2.0-flash-live-001";
  auto& m = open(model_rec, bad_model);
  auto bad_voice = client_config();
  bad_voice.voice = "Nobody";
  open(voice_rec, bad_voice);
  ASSERT_TRUE(run_until([&] { return model_rec.error && voice_rec.error; }));
  EXPECT_EQ(model_rec.error, make_error_code(Errc::BadModel));
  EXPECT_EQ(m.last_close_code(), 1008);
  EXPECT_EQ(voice_rec.error, make_error_code(Errc::BadVoice));
}

TEST_F(SimTest, AServerThatNeverAnswersSetupEndsInSetupTimeout) {
  config_.answer_setup = false;
  start_server();
  Recorder rec;
  auto c = client_config();
  c.setup_timeout = 300ms;
  open(rec, c);
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(run_until([&] { return bool(rec.error); }, 3000ms));
  EXPECT_EQ(rec.error, make_error_code(Errc::SetupTimeout));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 290ms);
}

TEST_F(SimTest, MalformedJsonIsDroppedAndCountedAndTheSessionGoesOn) {
  config_.malformed_json_after_setup = true;
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return s.stats().malformed_messages == 1; }));
  say_something(s);
  ASSERT_TRUE(run_until([&] { return rec.turns >= 1; }));
  EXPECT_FALSE(rec.error);
  EXPECT_EQ(rec.audio.size(), 400u * 24);
}

TEST_F(SimTest, AnOversizedFrameIsAClearMessageTooLargeError) {
  config_.oversized_frame_bytes = 200000;
  start_server();
  Recorder rec;
  auto c = client_config();
  c.max_message_bytes = 64 * 1024;
  open(rec, c);
  ASSERT_TRUE(run_until([&] { return bool(rec.error); }));
  EXPECT_EQ(rec.error, make_error_code(Errc::MessageTooLarge));
  EXPECT_NE(rec.error_reason.find("65536"), std::string::npos) << rec.error_reason;
}

TEST_F(SimTest, PlainWsToANonLoopbackHostIsRefusedBeforeConnecting) {
  start_server();
  Recorder rec;
  auto c = client_config();
  c.url = "ws://192.0.2.1:80/ws/x";
  open(rec, c);
  ASSERT_TRUE(run_until([&] { return bool(rec.error); }, 1000ms));
  EXPECT_EQ(rec.error, make_error_code(Errc::InsecureUrl));
}

TEST_F(SimTest, WssToAPlainServerFailsTheTlsHandshake) {
  start_server();
  Recorder rec;
  auto c = client_config();
  c.url = "wss://127.0.0.1:" + std::to_string(server_->port()) + sim::kLivePath;
  open(rec, c);
  ASSERT_TRUE(run_until([&] { return bool(rec.error); }));
  EXPECT_EQ(rec.error, make_error_code(Errc::ConnectFailed));
}

TEST_F(SimTest, ToolCallsReachTheCallAndTheResponseReachesTheModel) {
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  s.send_text("tool:transfer");
  ASSERT_TRUE(run_until([&] { return rec.tools.size() == 1; }));
  EXPECT_EQ(rec.tools[0].name, "transfer");
  EXPECT_EQ(rec.tools[0].args_json, R"({"target":"sales"})");
  EXPECT_EQ(rec.tools[0].id.rfind("function-call-", 0), 0u);
  s.send_tool_response(rec.tools[0].id, "transfer", R"({"ok":true})");
  s.send_text("tool:end_call");
  ASSERT_TRUE(run_until([&] { return rec.tools.size() == 2; }));
  EXPECT_EQ(rec.tools[1].name, "end_call");
  sessions_.clear();
  ASSERT_TRUE(run_until([&] { return log_lines("session_end").size() == 1; }));
  EXPECT_EQ(log_lines("session_end")[0].at("tool_responses").as_int64(), 1);
}

// end_call's result goes back with scheduling SILENT: the model (NON_BLOCKING on 3.8) does not
// speak again after its goodbye. A result without it (transfer's) is spoken about once idle.
TEST_F(SimTest, TheModelStaysSilentAfterItsEndCallBecauseTheResultIsSilent) {
  config_.tool_after_reply = "end_call";
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  say_something(s);
  ASSERT_TRUE(run_until([&] { return rec.tools.size() == 1; }));
  ASSERT_EQ(rec.tools[0].name, "end_call");
  s.send_tool_response(rec.tools[0].id, "end_call", R"({"accepted":true})");
  ASSERT_TRUE(run_until([&] { return rec.turns >= 1; }));
  run_for(1000ms);  // a second 400 ms reply at 4x would have come and gone by now
  EXPECT_EQ(rec.turns, 1);
  EXPECT_EQ(rec.audio.size(), 400u * 24);
  // The contrast: transfer's result keeps the default scheduling, so the model speaks again.
  s.send_text("tool:transfer");
  ASSERT_TRUE(run_until([&] { return rec.tools.size() == 2; }));
  s.send_tool_response(rec.tools[1].id, "transfer", R"({"accepted":true})");
  ASSERT_TRUE(run_until([&] { return rec.turns == 2; }));
  EXPECT_FALSE(rec.error);
}

// A12: 1008 "Requested entity was not found." right after a toolResponse, in a live session,
// is a passing failure: the client resumes with its handle instead of reporting a bad model.
TEST_F(SimTest, EntityNotFoundAfterAToolResponseResumesTheSession) {
  config_.entity_not_found_after_tool_response = true;
  config_.first_handle_delay = 0ms;
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  run_for(100ms);  // the first handle
  s.send_text("tool:transfer");
  ASSERT_TRUE(run_until([&] { return rec.tools.size() == 1; }));
  s.send_tool_response(rec.tools[0].id, "transfer", R"({"accepted":true})");
  ASSERT_TRUE(run_until([&] { return rec.resumed == 1 || rec.error; }))
      << "neither resumed nor failed";
  ASSERT_FALSE(rec.error) << rec.error.message() << ": " << rec.error_reason;
  EXPECT_EQ(s.last_close_code(), 1008);
  EXPECT_EQ(s.last_close_reason(), "Requested entity was not found.");
  EXPECT_EQ(s.stats().resumptions, 1u);
  say_something(s);
  ASSERT_TRUE(run_until([&] { return rec.turns >= 1; }));
  sessions_.clear();
  ASSERT_TRUE(run_until([&] { return log_lines("session_end").size() == 2; }));
  auto starts = log_lines("session_start");
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_TRUE(starts[1].at("resumed").as_bool());
}

// No handle yet (the service gives the first one late): a transient close mid-call starts a
// fresh session whose system instruction carries the transcript so far, instead of failing.
TEST_F(SimTest, WithoutAHandleATransientCloseStartsAFreshSessionToldTheConversationSoFar) {
  config_.first_handle_delay = 60000ms;  // never within this test
  config_.internal_error_after_turns = 1;
  start_server();
  Recorder rec;
  auto c = client_config();
  c.system_instruction = "Be brief.";
  auto& s = open(rec, c);
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  say_something(s);
  ASSERT_TRUE(run_until([&] { return rec.resumed == 1 || rec.error; }))
      << "neither a fresh session nor a failure";
  ASSERT_FALSE(rec.error) << rec.error.message() << ": " << rec.error_reason;
  EXPECT_EQ(s.last_close_code(), 1011);
  EXPECT_EQ(s.stats().fresh_sessions, 1u);
  EXPECT_EQ(s.stats().connections, 2u);
  say_something(s);  // the new session answers
  ASSERT_TRUE(run_until([&] { return rec.turns >= 2; }));
  EXPECT_FALSE(rec.error);
  sessions_.clear();
  // (A later connection may have begun: each goAway or close makes one.)
  ASSERT_TRUE(run_until([&] { return log_lines("session_end").size() >= 2; }));
  auto starts = log_lines("session_start");
  ASSERT_GE(starts.size(), 2u);
  EXPECT_FALSE(starts[1].at("resumed").as_bool());
  EXPECT_NE(starts[1].at("conversation").as_int64(), starts[0].at("conversation").as_int64());
  EXPECT_EQ(starts[0].at("system_instruction").as_string(), "Be brief.");
  const std::string context(starts[1].at("system_instruction").as_string());
  const int hz = sim::tone_frequency_for_key(kKey);
  EXPECT_EQ(context.rfind("Be brief.", 0), 0u) << context;
  EXPECT_NE(context.find("caller: [speech "), std::string::npos) << context;
  EXPECT_NE(context.find("agent: [tone " + std::to_string(hz) + " Hz]\n"), std::string::npos)
      << context;
}

// A goAway that comes before the first handle: the client waits for the handle, then switches
// at once (not at the server's deadline close).
TEST_F(SimTest, AGoAwayBeforeTheFirstHandleSwitchesAsSoonAsAHandleComes) {
  config_.first_handle_delay = 400ms;
  config_.lifetime = 3000ms;
  config_.go_away_before = 2800ms;  // goAway 200 ms into the connection
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(run_until([&] { return rec.resumed == 1 || rec.error; }));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1500ms);
  EXPECT_FALSE(rec.error);
  EXPECT_EQ(rec.go_aways, 1);
  EXPECT_EQ(s.stats().fresh_sessions, 0u);
  sessions_.clear();
  ASSERT_TRUE(run_until([&] { return log_lines("session_end").size() >= 2; }));
  auto ends = log_lines("session_end");
  EXPECT_EQ(ends[0].at("closed_by").as_string(), "client");
  EXPECT_EQ(ends[0].at("close_code").as_int64(), 1000);
  EXPECT_TRUE(ends[1].at("resumed").as_bool());
}

// While the model generates the service sends resumable:false with an empty handle (A6): the
// client keeps its last good handle, so a switch in mid-reply still resumes the conversation.
TEST_F(SimTest, ResumableFalseUpdatesKeepTheLastGoodHandle) {
  config_.first_handle_delay = 0ms;
  config_.reply_length = 1500ms;
  config_.burst = 1.0;
  config_.lifetime = 1400ms;
  config_.go_away_before = 1000ms;  // goAway mid-reply, with no time to wait for its end
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  run_for(100ms);  // the first (good) handle
  say_something(s);
  ASSERT_TRUE(run_until([&] { return rec.resumed == 1 || rec.error; }));
  EXPECT_FALSE(rec.error);
  EXPECT_EQ(s.stats().fresh_sessions, 0u);
  sessions_.clear();
  // (A later connection may have begun: each goAway or close makes one.)
  ASSERT_TRUE(run_until([&] { return log_lines("session_end").size() >= 2; }));
  auto starts = log_lines("session_start");
  ASSERT_GE(starts.size(), 2u);
  EXPECT_TRUE(starts[1].at("resumed").as_bool());
  EXPECT_EQ(starts[1].at("conversation").as_int64(), starts[0].at("conversation").as_int64());
  auto ends = log_lines("session_end");
  EXPECT_GT(ends[0].at("not_resumable_updates").as_int64(), 0);  // the reply's, at its start
}

// The model's transcript comes in many small fragments interleaved with its audio (A6).
TEST_F(SimTest, OutputTranscriptArrivesInFragmentsInterleavedWithTheAudio) {
  start_server();
  Recorder rec;
  std::string order;  // a = audio part, t = transcript fragment
  auto events = rec.events();
  auto on_audio = events.on_audio;
  events.on_audio = [&, on_audio](media::AudioFrame f) {
    on_audio(std::move(f));
    order += 'a';
  };
  auto on_text = events.on_output_transcript;
  events.on_output_transcript = [&, on_text](std::string_view t, bool fin) {
    on_text(t, fin);
    order += 't';
  };
  auto& s = open(std::move(events), client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  say_something(s);
  ASSERT_TRUE(run_until([&] { return rec.turns >= 1; }));
  const int hz = sim::tone_frequency_for_key(kKey);
  EXPECT_EQ(rec.output_text, "[tone " + std::to_string(hz) + " Hz]");
  EXPECT_EQ(std::count(order.begin(), order.end(), 't'), 3) << order;
  EXPECT_EQ(order.front(), 't') << order;
  EXPECT_NE(order.find("ata"), std::string::npos) << order;  // a fragment between audio parts
}

TEST_F(SimTest, ToolArgumentsAndTheTextsTheClientSentAreLogged) {
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  s.send_text(R"(tool:send_dtmf:{"digits":"12#"})");
  ASSERT_TRUE(run_until([&] { return rec.tools.size() == 1; }));
  EXPECT_EQ(rec.tools[0].name, "send_dtmf");
  EXPECT_EQ(rec.tools[0].args_json, R"({"digits":"12#"})");
  s.send_text("The caller pressed the key 5 on the keypad.");
  ASSERT_TRUE(run_until([&] { return log_lines("text_in").size() == 2; }));
  const auto lines = log_lines("text_in");
  EXPECT_EQ(lines[0].at("text").as_string(), R"(tool:send_dtmf:{"digits":"12#"})");
  EXPECT_EQ(lines[1].at("text").as_string(), "The caller pressed the key 5 on the keypad.");
  EXPECT_EQ(lines[1].at("session"), lines[0].at("session"));
}

TEST_F(SimTest, TwoSessionsWithTwoKeysEachHearOnlyTheirOwnTone) {
  start_server();
  const std::string key_a = kKey;
  const std::string key_b = "test-key-bravo";
  const int hz_a = sim::tone_frequency_for_key(key_a);
  const int hz_b = sim::tone_frequency_for_key(key_b);
  ASSERT_NE(hz_a, hz_b);
  Recorder a, b;
  auto& sa = open(a, client_config(key_a));
  auto& sb = open(b, client_config(key_b));
  ASSERT_TRUE(run_until([&] { return a.ready && b.ready; }));
  say_something(sa);
  say_something(sb);
  ASSERT_TRUE(run_until([&] { return a.turns >= 1 && b.turns >= 1; }));
  EXPECT_GT(tone_amplitude(a.audio, 24000, hz_a), 5000);
  EXPECT_LT(tone_amplitude(a.audio, 24000, hz_b), 300);
  EXPECT_GT(tone_amplitude(b.audio, 24000, hz_b), 5000);
  EXPECT_LT(tone_amplitude(b.audio, 24000, hz_a), 300);
  sessions_.clear();
  ASSERT_TRUE(run_until([&] { return log_lines("session_end").size() == 2; }));
  EXPECT_EQ(ended_key_fingerprints(),
            (std::set<std::string>{core::key_fingerprint(key_a), core::key_fingerprint(key_b)}));
}

TEST_F(SimTest, EchoModeSendsTheCallersWordsBackAt24k) {
  config_.mode = sim::ReplyMode::Echo;
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  say_something(s, 440);
  ASSERT_TRUE(run_until([&] { return rec.turns >= 1; }));
  EXPECT_GT(tone_amplitude(rec.audio, 24000, 440), 2000);
}

TEST_F(SimTest, ScriptedModeSpeaksTheLineWithEspeak) {
  config_.mode = sim::ReplyMode::Scripted;
  config_.script = {"Thank you for calling."};
  start_server();
  Recorder rec;
  auto& s = open(rec, client_config());
  ASSERT_TRUE(run_until([&] { return rec.ready; }));
  say_something(s);
  ASSERT_TRUE(run_until([&] { return rec.turns >= 1; }));
  EXPECT_EQ(rec.output_text, "Thank you for calling.");
  EXPECT_GT(rec.audio.size(), 24000u / 2);  // at least half a second of speech
}

}  // namespace
}  // namespace va::ai::test
