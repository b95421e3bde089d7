// The OpenAI simulator's strict session.update (D2.4): what the service accepts, and the
// error it gives for an unknown field, a wrong type or value, a missing type, a voice change
// after audio.
#include "sim/openai_session_config.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace va::sim {
namespace {

std::optional<OpenAiError> apply(const char* session, OpenAiSessionConfig& c, bool locked = false) {
  return apply_session_update(boost::json::parse(session), c, locked);
}

TEST(OpenAiSessionConfig, AcceptsTheGaShapeAndEchoesIt) {
  OpenAiSessionConfig c;
  auto e = apply(R"({"type":"realtime","model":"gpt-realtime","instructions":"hi",
    "output_modalities":["audio"],
    "audio":{"input":{"format":{"type":"audio/pcmu"},
                      "transcription":{"model":"gpt-4o-mini-transcribe","language":"en"},
                      "turn_detection":{"type":"server_vad","threshold":0.6,
                        "silence_duration_ms":300,"create_response":true,"interrupt_response":true}},
             "output":{"format":{"type":"audio/pcm","rate":24000},"voice":"cedar"}},
    "tools":[{"type":"function","name":"end_call","description":"d",
              "parameters":{"type":"object","properties":{}}}],"tool_choice":"auto"})",
                 c);
  ASSERT_FALSE(e) << e->message;
  EXPECT_EQ(c.input_format, OpenAiFormat::Pcmu);
  EXPECT_EQ(c.output_format, OpenAiFormat::Pcm24k);
  EXPECT_EQ(c.voice, "cedar");
  EXPECT_TRUE(c.transcription);
  EXPECT_EQ(c.silence_duration_ms, 300);
  EXPECT_DOUBLE_EQ(c.threshold, 0.6);
  EXPECT_EQ(c.tools, std::vector<std::string>{"end_call"});
  auto j = session_json(c);
  EXPECT_EQ(j.at("audio").at("input").at("format").at("type").as_string(), "audio/pcmu");
  EXPECT_EQ(j.at("audio").at("output").at("voice").as_string(), "cedar");
}

TEST(OpenAiSessionConfig, RefusesWhatTheServiceRefuses) {
  OpenAiSessionConfig c;
  auto e = apply(R"({"type":"realtime","temperature":0.8})", c);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "unknown_parameter");
  EXPECT_EQ(e->param, "session.temperature");
  e = apply(R"({"type":"realtime","audio":{"input":{"vad":{}}}})", c);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->param, "session.audio.input.vad");
  e = apply(R"({"instructions":"x"})", c);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "missing_required_parameter");
  e = apply(R"({"type":"realtime","audio":{"input":{"format":{"type":"audio/pcm","rate":16000}}}})",
            c);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->param, "session.audio.input.format.rate");
  e = apply(R"({"type":"realtime","audio":{"output":{"voice":"Puck"}}})", c);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->param, "session.audio.output.voice");
  e = apply(
      R"({"type":"realtime","audio":{"input":{"transcription":{"model":"whisper-1","language":"en-US"}}}})",
      c);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->param, "session.audio.input.transcription.language");
  e = apply(
      R"({"type":"realtime","audio":{"input":{"turn_detection":{"type":"server_vad","threshold":"x"}}}})",
      c);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "invalid_type");
  e = apply(R"({"type":"realtime","instructions":5})", c);
  ASSERT_TRUE(e);
  EXPECT_EQ(c.instructions, OpenAiSessionConfig{}.instructions);  // unchanged on refusal
  e = apply(R"({"type":"realtime","audio":{"output":{"voice":"ash"}}})", c, true);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "cannot_update_voice");
  EXPECT_FALSE(apply(R"({"type":"realtime","audio":{"input":{"turn_detection":null}}})", c));
  EXPECT_FALSE(c.vad);
}

}  // namespace
}  // namespace va::sim
