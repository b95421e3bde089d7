// Client messages (A4, A5) as the simulator's strict parser sees them: build -> parse -> compare.
#include "ai/gemini/client_message.h"

#include <gtest/gtest.h>

#include "sim/client_message_parser.h"

namespace va::ai {
namespace {

TEST(ClientMessage, SetupPassesTheStrictParserWithEveryConfiguredField) {
  AiSessionConfig c;
  c.model = "gemini-3.1-flash-live-preview";
  c.voice = "Kore";
  c.language = "de-DE";
  c.system_instruction = "Be brief.";
  c.activity.start_sensitivity_high = false;
  c.activity.silence_duration_ms = 600;
  c.activity.prefix_padding_ms = 40;
  auto m = sim::parse_client_message(gemini::build_setup(c, "handle-1"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->reject_reason, "");
  EXPECT_EQ(m->kind, sim::ClientKind::Setup);
  EXPECT_EQ(m->setup.model, "gemini-3.1-flash-live-preview");
  EXPECT_EQ(m->setup.voice, "Kore");
  EXPECT_TRUE(m->setup.resumption);
  EXPECT_EQ(m->setup.handle, "handle-1");
  EXPECT_TRUE(m->setup.input_transcription);
  EXPECT_TRUE(m->setup.output_transcription);
  EXPECT_FALSE(m->setup.start_high);
  EXPECT_EQ(m->setup.silence_duration_ms, 600);
  EXPECT_EQ(m->setup.prefix_padding_ms, 40);
  EXPECT_TRUE(m->setup.interrupts);
}

TEST(ClientMessage, ModelGetsTheModelsPrefixOnce) {
  EXPECT_EQ(gemini::model_resource("gemini-3.8-live"), "models/gemini-3.8-live");
  EXPECT_EQ(gemini::model_resource("models/gemini-3.8-live"), "models/gemini-3.8-live");
}

TEST(ClientMessage, RealtimeAudioRoundTripsSamplesAndRate) {
  std::vector<std::int16_t> pcm = {0, 1, -1, 32767, -32768, 1234};
  std::string out;
  gemini::build_realtime_audio(pcm, 16000, out);
  auto m = sim::parse_client_message(out);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, sim::ClientKind::Audio);
  EXPECT_EQ(m->rate, 16000);
  EXPECT_EQ(m->samples, pcm);
}

TEST(ClientMessage, ToolResponseCarriesTheCallId) {
  auto m = sim::parse_client_message(
      gemini::build_tool_response("function-call-7", "end_call", R"({"ok":true})"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, sim::ClientKind::ToolResponse);
  EXPECT_EQ(m->response_ids, std::vector<std::string>{"function-call-7"});
}

TEST(ClientMessage, StrictParserRejectsUnknownSetupFieldsLikeTheService) {
  auto m = sim::parse_client_message(
      R"({"setup":{"model":"models/gemini-3.8-live","generationConfig":{"inputAudioTranscription":{}}}})");
  ASSERT_TRUE(m);
  EXPECT_NE(m->reject_reason.find("Unknown name \"inputAudioTranscription\""), std::string::npos);
}

TEST(ClientMessage, StrictParserAcceptsSnakeCaseNames) {
  auto m = sim::parse_client_message(
      R"({"realtime_input":{"audio":{"mime_type":"audio/pcm;rate=8000","data":"AQA="}}})");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->reject_reason, "");
  EXPECT_EQ(m->rate, 8000);
}

TEST(ClientMessage, StrictParserRejectsTwoTopLevelFields) {
  auto m = sim::parse_client_message(R"({"setup":{},"realtimeInput":{}})");
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->reject_reason.empty());
}

}  // namespace
}  // namespace va::ai
