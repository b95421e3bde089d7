// OpenAI Realtime GA messages (issue 16): the builders' shapes, and the parser's answers to
// good, malformed and wrongly shaped server events.
#include "ai/openai/realtime_message.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "ai/errc.h"
#include "ai/openai/realtime_session.h"

namespace va::ai::openai {
namespace {
namespace json = boost::json;
using Kind = RealtimeEvent::Kind;

json::object parse(const std::string& s) {
  return json::parse(s).as_object();
}

Errc error_of(std::string_view text) {
  auto r = parse_realtime_event(text);
  EXPECT_FALSE(r) << text;
  return r ? Errc::Ok : Errc(r.error().value());
}

TEST(RealtimeMessage, SessionUpdateIsTheGaShapeWithToolsVadAndIso639Language) {
  AiSessionConfig c;
  c.model = "gpt-realtime";
  c.voice = "marin";
  c.language = "en-US";
  c.system_instruction = "Be brief.";
  c.activity.silence_duration_ms = 400;
  auto m = parse(build_session_update(c));
  EXPECT_EQ(m.at("type").as_string(), "session.update");
  const auto& s = m.at("session").as_object();
  EXPECT_EQ(s.at("type").as_string(), "realtime");
  EXPECT_EQ(s.at("instructions").as_string(), "Be brief.");
  const auto& in = s.at("audio").at("input").as_object();
  EXPECT_EQ(in.at("format").at("type").as_string(), "audio/pcm");
  EXPECT_EQ(in.at("format").at("rate").as_int64(), 24000);
  EXPECT_EQ(in.at("transcription").at("language").as_string(), "en");
  EXPECT_EQ(in.at("turn_detection").at("type").as_string(), "server_vad");
  EXPECT_EQ(in.at("turn_detection").at("silence_duration_ms").as_int64(), 400);
  EXPECT_EQ(s.at("audio").at("output").at("voice").as_string(), "marin");
  std::vector<std::string> names;
  for (const auto& t : s.at("tools").as_array()) {
    EXPECT_EQ(t.at("type").as_string(), "function");
    names.emplace_back(t.at("name").as_string());
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"end_call", "transfer_call", "send_dtmf", "send_sms"}));
  c.semantic_vad = true;
  c.tool_transfer = false;
  auto m2 = parse(build_session_update(c));
  EXPECT_EQ(m2.at("session").at("audio").at("input").at("turn_detection").at("type").as_string(),
            "semantic_vad");
  EXPECT_EQ(m2.at("session").at("tools").as_array().size(), 3u);
}

TEST(RealtimeMessage, ClientEventsHaveTheirShapes) {
  std::string out;
  build_audio_append(std::vector<std::int16_t>{1, -1}, out);
  auto a = parse(out);
  EXPECT_EQ(a.at("type").as_string(), "input_audio_buffer.append");
  EXPECT_EQ(a.at("audio").as_string(), "AQD//w==");
  auto t = parse(build_user_text("pressed 5"));
  EXPECT_EQ(t.at("item").at("role").as_string(), "user");
  EXPECT_EQ(t.at("item").at("content").at(0).at("type").as_string(), "input_text");
  EXPECT_EQ(t.at("item").at("content").at(0).at("text").as_string(), "pressed 5");
  auto f = parse(build_function_output("call_1", R"({"ok":true})"));
  EXPECT_EQ(f.at("item").at("type").as_string(), "function_call_output");
  EXPECT_EQ(f.at("item").at("output").as_string(), R"({"ok":true})");
  auto tr = parse(build_truncate("item_A", 1234));
  EXPECT_EQ(tr.at("type").as_string(), "conversation.item.truncate");
  EXPECT_EQ(tr.at("audio_end_ms").as_int64(), 1234);
  EXPECT_EQ(tr.at("content_index").as_int64(), 0);
  EXPECT_EQ(parse(build_response_create()).at("type").as_string(), "response.create");
}

TEST(RealtimeMessage, ParsesTheEventsTheClientActsOn) {
  auto a = parse_realtime_event(
      R"({"type":"response.output_audio.delta","item_id":"i1","response_id":"r1","delta":"AQD//w=="})");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->kind, Kind::AudioDelta);
  EXPECT_EQ(a->item_id, "i1");
  EXPECT_EQ(a->audio.sample_rate, 24000);
  EXPECT_EQ(a->audio.samples, (std::vector<std::int16_t>{1, -1}));
  auto beta = parse_realtime_event(R"({"type":"response.audio.delta","delta":""})");
  ASSERT_TRUE(beta);
  EXPECT_EQ(beta->kind, Kind::AudioDelta);
  auto sp = parse_realtime_event(
      R"({"type":"input_audio_buffer.speech_started","audio_start_ms":1500,"item_id":"u"})");
  ASSERT_TRUE(sp);
  EXPECT_EQ(sp->kind, Kind::SpeechStarted);
  EXPECT_EQ(sp->audio_ms, 1500);
  auto fc = parse_realtime_event(
      R"({"type":"response.function_call_arguments.done","call_id":"c","name":"end_call","arguments":"{}"})");
  ASSERT_TRUE(fc);
  EXPECT_EQ(fc->call.id, "c");
  EXPECT_EQ(fc->call.name, "end_call");
  auto done = parse_realtime_event(
      R"({"type":"response.done","response":{"id":"r","status":"cancelled","status_details":{"type":"cancelled","reason":"turn_detected"},"usage":{"input_tokens":5,"output_tokens":7,"total_tokens":12}}})");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, "cancelled");
  EXPECT_EQ(done->reason, "turn_detected");
  EXPECT_TRUE(done->has_usage);
  EXPECT_EQ(done->usage.total_tokens, 12);
  auto err = parse_realtime_event(
      R"({"type":"error","error":{"type":"invalid_request_error","code":"invalid_api_key","message":"m","param":null}})");
  ASSERT_TRUE(err);
  EXPECT_EQ(err->error.code, "invalid_api_key");
  auto rl = parse_realtime_event(
      R"({"type":"rate_limits.updated","rate_limits":[{"name":"tokens","limit":10,"remaining":0,"reset_seconds":1.5}]})");
  ASSERT_TRUE(rl);
  ASSERT_EQ(rl->rate_limits.size(), 1u);
  EXPECT_EQ(rl->rate_limits[0].remaining, 0);
  EXPECT_DOUBLE_EQ(rl->rate_limits[0].reset_seconds, 1.5);
  auto other = parse_realtime_event(R"({"type":"conversation.item.added","item":{}})");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->kind, Kind::Other);
}

TEST(RealtimeMessage, MalformedInputGetsAClearError) {
  EXPECT_EQ(error_of(""), Errc::MalformedJson);
  EXPECT_EQ(error_of("{\"type\":"), Errc::MalformedJson);
  EXPECT_EQ(error_of("not json"), Errc::MalformedJson);
  EXPECT_EQ(error_of("[]"), Errc::ProtocolError);
  EXPECT_EQ(error_of("{}"), Errc::ProtocolError);
  EXPECT_EQ(error_of(R"({"type":5})"), Errc::ProtocolError);
  EXPECT_EQ(error_of(R"({"type":""})"), Errc::ProtocolError);
  EXPECT_EQ(error_of(R"({"type":"response.output_audio.delta","delta":5})"), Errc::ProtocolError);
  EXPECT_EQ(error_of(R"({"type":"response.output_audio.delta","delta":"AAAA"})"),
            Errc::ProtocolError);  // odd byte count
  EXPECT_EQ(error_of(R"({"type":"response.output_audio.delta","delta":"!!!!"})"),
            Errc::ProtocolError);  // not base64
  EXPECT_EQ(error_of(R"({"type":"input_audio_buffer.speech_started","audio_start_ms":"x"})"),
            Errc::ProtocolError);
  EXPECT_EQ(error_of(R"({"type":"response.function_call_arguments.done","call_id":"c"})"),
            Errc::ProtocolError);  // no name
  EXPECT_EQ(error_of(R"({"type":"response.done","response":[]})"), Errc::ProtocolError);
  EXPECT_EQ(error_of(R"({"type":"error"})"), Errc::ProtocolError);
  EXPECT_EQ(error_of(R"({"type":"error","error":{"code":7}})"), Errc::ProtocolError);
  EXPECT_EQ(error_of(R"({"type":"rate_limits.updated","rate_limits":{}})"), Errc::ProtocolError);
  EXPECT_EQ(error_of(R"({"type":"x","item_id":3})"), Errc::ProtocolError);
}

TEST(RealtimeSession, ErrorsAndClosesMapToTypedErrors) {
  EXPECT_EQ(fatal_error_for("invalid_api_key"), Errc::BadKey);
  EXPECT_EQ(fatal_error_for("insufficient_quota"), Errc::Quota);
  EXPECT_EQ(fatal_error_for("model_not_found"), Errc::BadModel);
  EXPECT_EQ(fatal_error_for("input_audio_buffer_commit_empty"), Errc::Ok);
  EXPECT_EQ(error_for_close(3000, "invalid_request_error.invalid_api_key"), Errc::BadKey);
  EXPECT_EQ(error_for_close(3000, "insufficient_quota.insufficient_quota"), Errc::Quota);
  EXPECT_EQ(error_for_close(1001, "Your session hit the maximum duration of 60 minutes."),
            Errc::ServerGone);
  EXPECT_EQ(error_for_close(1006, ""), Errc::ServerGone);
  EXPECT_EQ(target_with_model("/v1/realtime", "gpt-realtime"), "/v1/realtime?model=gpt-realtime");
  EXPECT_EQ(target_with_model("/v1/realtime?x=1", "a b"), "/v1/realtime?x=1&model=a%20b");
}

}  // namespace
}  // namespace va::ai::openai
