// Gemini Live server messages (A2, A6): recorded shapes, several fields at once, damage.
#include "ai/gemini/server_message.h"

#include <gtest/gtest.h>

#include "ai/errc.h"

namespace va::ai::gemini {
namespace {

TEST(ServerMessage, ParsesThePrettyPrintedRecordedSetupComplete) {
  auto m = parse_server_message("{\n  \"setupComplete\": {}\n}\n");
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->setup_complete);
}

TEST(ServerMessage, ReadsAudioWithTheRateFromTheMimeTypeAndTranscriptInOneMessage) {
  // 2 samples: 1 and -2 as PCM16LE = 01 00 fe ff -> "AQD+/w=="
  auto m = parse_server_message(R"({"serverContent":{"modelTurn":{"parts":[
      {"inlineData":{"mimeType":"audio/pcm;rate=24000","data":"AQD+/w=="}},
      {"text":"thinking","thought":true}]},
      "outputTranscription":{"text":"Hi","finished":true}}})");
  ASSERT_TRUE(m);
  ASSERT_TRUE(m->content);
  ASSERT_EQ(m->content->audio.size(), 1u);
  EXPECT_EQ(m->content->audio[0].sample_rate, 24000);
  EXPECT_EQ(m->content->audio[0].samples, (std::vector<std::int16_t>{1, -2}));
  EXPECT_TRUE(m->content->text.empty());  // thoughts are never spoken
  ASSERT_TRUE(m->content->output_transcription);
  EXPECT_EQ(m->content->output_transcription->text, "Hi");
  EXPECT_TRUE(m->content->output_transcription->finished);
}

TEST(ServerMessage, DropsTheTrailingHalfSampleOfAnOddByteCountAndCountsIt) {
  // 01 00 fe -> one sample and a stray byte
  auto m = parse_server_message(
      R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm","data":"AQD+"}}]}}})");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->content->audio[0].samples, (std::vector<std::int16_t>{1}));
  EXPECT_EQ(m->content->odd_bytes, 1u);
}

TEST(ServerMessage, RejectsAudioDataThatIsNotBase64) {
  for (const char* data : {"AQD+/w!=", "AQD+/w=", "A"}) {
    auto m = parse_server_message(
        std::string(
            R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm","data":")") +
        data + R"("}}]}}})");
    EXPECT_EQ(m.error(), make_error_code(Errc::ProtocolError)) << data;
  }
}

TEST(ServerMessage, ReadsAudioLargerThanTheParsersStackArena) {
  // 1 s at 24 kHz: 64 KB of base64, four times the 16 KiB parsed without the heap.
  std::string data;
  for (int i = 0; i < 24000 * 2 / 3; ++i)
    data += "AQD+";  // 01 00 fe per quad: PCM16LE samples 1, 0x01fe, -512, 1, ...
  auto m = parse_server_message(
      R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm","data":")" +
      data + R"("}}]}}})");
  ASSERT_TRUE(m);
  ASSERT_EQ(m->content->audio[0].samples.size(), 24000u);
  EXPECT_EQ(m->content->audio[0].samples[0], 1);
  EXPECT_EQ(m->content->audio[0].samples[1], 0x01fe);
  EXPECT_EQ(m->content->audio[0].samples[2], -512);
  EXPECT_EQ(m->content->audio[0].samples[23999], -512);
}

TEST(ServerMessage, DefaultsTheRateTo24kWhenTheMimeTypeHasNone) {
  auto m = parse_server_message(
      R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm","data":"AAA="}}]}}})");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->content->audio[0].sample_rate, 24000);
}

TEST(ServerMessage, ReadsTurnCompleteWithItsSiblingUsageMetadataAsStringsOrNumbers) {
  auto m = parse_server_message(R"({"serverContent":{"turnComplete":true},
      "usageMetadata":{"promptTokenCount":515,"responseTokenCount":"38","totalTokenCount":553}})");
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->content->turn_complete);
  ASSERT_TRUE(m->usage);
  EXPECT_EQ(m->usage->prompt_tokens, 515);
  EXPECT_EQ(m->usage->response_tokens, 38);
  EXPECT_EQ(m->usage->total_tokens, 553);
}

TEST(ServerMessage, ReadsInterruptedToolCallsCancellationGoAwayAndResumption) {
  auto m = parse_server_message(R"({"serverContent":{"interrupted":true}})");
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->content->interrupted);
  m = parse_server_message(R"({"toolCall":{"functionCalls":[
      {"id":"function-call-1","name":"transfer","args":{"target":"sales"}}]}})");
  ASSERT_TRUE(m);
  ASSERT_EQ(m->tool_calls.size(), 1u);
  EXPECT_EQ(m->tool_calls[0].name, "transfer");
  EXPECT_EQ(m->tool_calls[0].args_json, R"({"target":"sales"})");
  m = parse_server_message(R"({"toolCallCancellation":{"ids":["a","b"]}})");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->tool_cancellations, (std::vector<std::string>{"a", "b"}));
  m = parse_server_message(R"({"goAway":{"timeLeft":"50s"}})");
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->go_away, std::chrono::milliseconds(50000));
  m = parse_server_message(R"({"sessionResumptionUpdate":{"newHandle":"h1","resumable":true}})");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->resumption->new_handle, "h1");
  EXPECT_TRUE(m->resumption->resumable);
}

TEST(ServerMessage, KeepsUnknownTopLevelFieldsAsNamesWithoutFailing) {
  auto m = parse_server_message(R"({"voiceActivity":{"x":1}})");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->unknown_fields, std::vector<std::string>{"voiceActivity"});
}

TEST(ServerMessage, RejectsTextThatIsNotJsonAsMalformedJson) {
  auto m = parse_server_message("{\"serverContent\": {not json");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error(), make_error_code(Errc::MalformedJson));
  EXPECT_EQ(parse_server_message("").error(), make_error_code(Errc::MalformedJson));
}

TEST(ServerMessage, RejectsKnownFieldsOfTheWrongTypeAsProtocolErrors) {
  for (
      const char* bad :
      {R"([1,2])", R"({"serverContent":[]})", R"({"serverContent":{"turnComplete":"yes"}})",
       R"({"goAway":{"timeLeft":"fifty"}})",
       R"({"serverContent":{"modelTurn":{"parts":[{"inlineData":{"mimeType":"audio/pcm","data":"!!"}}]}}})",
       R"({"toolCall":{"functionCalls":[{"id":5}]}})",
       R"({"usageMetadata":{"totalTokenCount":"x"}})"}) {
    auto m = parse_server_message(bad);
    ASSERT_FALSE(m) << bad;
    EXPECT_EQ(m.error(), make_error_code(Errc::ProtocolError)) << bad;
  }
}

TEST(Duration, ParsesProtobufDurationStrings) {
  EXPECT_EQ(*parse_duration("50s"), std::chrono::milliseconds(50000));
  EXPECT_EQ(*parse_duration("1.5s"), std::chrono::milliseconds(1500));
  EXPECT_EQ(*parse_duration("0.250s"), std::chrono::milliseconds(250));
  EXPECT_FALSE(parse_duration("50"));
  EXPECT_FALSE(parse_duration("-1s"));
  EXPECT_FALSE(parse_duration("s"));
  EXPECT_FALSE(parse_duration("1.s"));
}

TEST(PcmRate, ComesFromTheMimeTypeParameter) {
  EXPECT_EQ(pcm_rate_from_mime("audio/pcm;rate=16000"), 16000);
  EXPECT_EQ(pcm_rate_from_mime("audio/pcm"), 24000);
  EXPECT_EQ(pcm_rate_from_mime("image/png"), std::nullopt);
  EXPECT_EQ(pcm_rate_from_mime("audio/pcm;rate=abc"), std::nullopt);
}

TEST(ServerMessage, ReadsTheAudioPartOfUsageFromTheModalityDetails) {
  auto m = parse_server_message(R"({"serverContent":{"turnComplete":true},
      "usageMetadata":{"promptTokenCount":515,"responseTokenCount":38,"totalTokenCount":553,
      "promptTokensDetails":[{"modality":"TEXT","tokenCount":115},{"modality":"AUDIO","tokenCount":400}],
      "responseTokensDetails":[{"modality":"AUDIO","tokenCount":"30"}]}})");
  ASSERT_TRUE(m) << m.error().message();
  ASSERT_TRUE(m->usage);
  EXPECT_EQ(m->usage->prompt_audio_tokens, 400);
  EXPECT_EQ(m->usage->response_audio_tokens, 30);
}

TEST(ServerMessage, RejectsMalformedUsageDetails) {
  for (const char* bad : {
           R"({"usageMetadata":{"promptTokenCount":1,"promptTokensDetails":{}}})",
           R"({"usageMetadata":{"promptTokenCount":1,"promptTokensDetails":[3]}})",
           R"({"usageMetadata":{"responseTokensDetails":[{"modality":7,"tokenCount":1}]}})",
           R"({"usageMetadata":{"responseTokensDetails":[{"modality":"AUDIO","tokenCount":-4}]}})",
       }) {
    EXPECT_FALSE(parse_server_message(bad)) << bad;
  }
}

}  // namespace
}  // namespace va::ai::gemini
