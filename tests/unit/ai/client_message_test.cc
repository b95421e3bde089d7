// Client messages (A4, A5) as the simulator's strict parser sees them: build -> parse -> compare.
#include "ai/gemini/client_message.h"

#include <gtest/gtest.h>

#include <map>

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

// The native-audio models pick the language themselves and may reject speechConfig.languageCode
// (A4): it is sent only when the config opts in.
TEST(ClientMessage, LanguageCodeIsOmittedUnlessTheConfigOptsIn) {
  AiSessionConfig c;
  c.language = "de-DE";
  EXPECT_EQ(gemini::build_setup(c, "").find("languageCode"), std::string::npos);
  c.send_language_code = true;
  EXPECT_NE(gemini::build_setup(c, "").find(R"("languageCode":"de-DE")"), std::string::npos);
  c.language.clear();
  EXPECT_EQ(gemini::build_setup(c, "").find("languageCode"), std::string::npos);
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

// After its goodbye the model must not speak again: end_call's result is SILENT (A5); other
// results keep the service's default (the model speaks about them when idle).
TEST(ClientMessage, EndCallsResponseIsSilentAndOthersKeepTheDefaultScheduling) {
  EXPECT_EQ(gemini::scheduling_for("end_call"), gemini::ToolScheduling::Silent);
  EXPECT_EQ(gemini::scheduling_for("transfer"), gemini::ToolScheduling::Unspecified);
  const auto silent = gemini::build_tool_response("function-call-7", "end_call", "{}",
                                                  gemini::ToolScheduling::Silent);
  EXPECT_NE(silent.find(R"("scheduling":"SILENT")"), std::string::npos) << silent;
  auto m = sim::parse_client_message(silent);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->reject_reason, "");
  EXPECT_EQ(m->response_scheduling, std::vector<std::string>{"SILENT"});
  const auto plain = gemini::build_tool_response("function-call-8", "transfer", "{}");
  EXPECT_EQ(plain.find("scheduling"), std::string::npos) << plain;
}

TEST(ClientMessage, StrictParserRejectsAnUnknownSchedulingValue) {
  auto m = sim::parse_client_message(
      R"({"toolResponse":{"functionResponses":[{"id":"f-1","response":{},"scheduling":"LATER"}]}})");
  ASSERT_TRUE(m);
  EXPECT_NE(m->reject_reason.find("Invalid value at 'tool_response.function_responses[0]"),
            std::string::npos)
      << m->reject_reason;
}

TEST(ClientMessage, StrictParserRejectsUnknownSetupFieldsAtEveryDepth) {
  struct Case {
    const char* setup;
    const char* name;
    const char* path;
  };
  const Case cases[] = {
      {R"({"model":"models/m","bogus":1})", "bogus", "setup"},
      {R"({"model":"models/m","generationConfig":{"speechConfig":{"voice":"Kore"}}})", "voice",
       "setup.generation_config.speech_config"},
      {R"({"model":"models/m","generationConfig":{"speechConfig":{"voiceConfig":{"prebuiltVoiceConfig":{"name":"Kore"}}}}})",
       "name", "setup.generation_config.speech_config.voice_config.prebuilt_voice_config"},
      {R"({"model":"models/m","systemInstruction":{"parts":[{"text":"a"},{"txt":"b"}]}})", "txt",
       "setup.system_instruction.parts[1]"},
      {R"({"model":"models/m","tools":[{"functionDeclarations":[{"name":"f","behaviour":"NON_BLOCKING"}]}]})",
       "behaviour", "setup.tools[0].function_declarations[0]"},
      {R"({"model":"models/m","tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"OBJECT","properties":{"a":{"type":"STRING"},"b":{"type":"STRING","additionalProperties":false}}}}]}]})",
       "additionalProperties",
       "setup.tools[0].function_declarations[0].parameters.properties[1].value"},
      {R"({"model":"models/m","sessionResumption":{"handel":"h"}})", "handel",
       "setup.session_resumption"},
      {R"({"model":"models/m","contextWindowCompression":{"slidingWindow":{"tokens":1}}})",
       "tokens", "setup.context_window_compression.sliding_window"},
      {R"({"model":"models/m","input_audio_transcription":{"language":"en"}})", "language",
       "setup.input_audio_transcription"},
      {R"({"model":"models/m","realtimeInputConfig":{"automaticActivityDetection":{"silenceMs":1}}})",
       "silenceMs", "setup.realtime_input_config.automatic_activity_detection"},
  };
  for (const auto& c : cases) {
    auto m = sim::parse_client_message(std::string(R"({"setup":)") + c.setup + "}");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->reject_reason, std::string("Invalid JSON payload received. Unknown name \"") +
                                    c.name + "\" at '" + c.path + "': Cannot find field.")
        << c.setup;
  }
}

TEST(ClientMessage, StrictParserAcceptsEveryKnownSetupFieldInEitherSpelling) {
  auto m = sim::parse_client_message(
      R"({"setup":{"model":"models/gemini-3.8-live","generation_config":{"response_modalities":["AUDIO"],)"
      R"("speech_config":{"voice_config":{"prebuilt_voice_config":{"voice_name":"Kore"}},"language_code":"en-US"},)"
      R"("thinking_config":{"thinking_budget":0}},"system_instruction":{"parts":[{"text":"Be "},{"text":"brief."}],"role":"user"},)"
      R"("tools":[{"function_declarations":[{"name":"end_call","description":"d","behavior":"BLOCKING",)"
      R"("parameters":{"type":"OBJECT","properties":{"why":{"type":"STRING","enum":["a"]}},"required":["why"]}}]}],)"
      R"("session_resumption":{"handle":"h","transparent":false},"context_window_compression":{"sliding_window":{"target_tokens":"1000"},"trigger_tokens":"2000"},)"
      R"("proactivity":{"proactive_audio":true}}})");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->reject_reason, "");
  EXPECT_EQ(m->setup.voice, "Kore");
  EXPECT_EQ(m->setup.system_instruction, "Be brief.");
  EXPECT_EQ(m->setup.non_blocking, (std::map<std::string, bool>{{"end_call", false}}));
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
