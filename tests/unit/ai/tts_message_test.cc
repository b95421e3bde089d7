// Gemini TTS messages (ai-live-protocols.md B): request shape, the three audio answers
// (audio/L16, audio/pcm, audio/wav), damaged answers, and REST errors mapped to typed errors.
#include "ai/gemini/tts_message.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "ai/base64.h"
#include "ai/errc.h"

namespace va::ai::gemini {
namespace {
namespace json = boost::json;

std::string b64(const std::string& bytes) {
  std::string out;
  base64_encode({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, out);
  return out;
}

std::string pcm_bytes(std::initializer_list<std::int16_t> samples) {
  std::string out;
  for (auto s : samples) {
    out.push_back(static_cast<char>(s & 0xff));
    out.push_back(static_cast<char>((s >> 8) & 0xff));
  }
  return out;
}

std::string answer(const std::string& mime, const std::string& data) {
  return json::serialize(json::object{
      {"candidates", json::array{json::object{
                         {"content",
                          {{"parts", json::array{json::object{
                                         {"inlineData", {{"mimeType", mime}, {"data", data}}}}}},
                           {"role", "model"}}},
                         {"finishReason", "STOP"}}}}});
}

TEST(TtsMessage, RequestAsksForAudioInTheNamedPrebuiltVoice) {
  auto v = json::parse(build_tts_request("Hello \"there\"", "Kore"));
  EXPECT_EQ(v.at_pointer("/contents/0/parts/0/text").as_string(), "Hello \"there\"");
  EXPECT_EQ(v.at_pointer("/generationConfig/responseModalities/0").as_string(), "AUDIO");
  EXPECT_EQ(v.at_pointer("/generationConfig/speechConfig/voiceConfig/prebuiltVoiceConfig/voiceName")
                .as_string(),
            "Kore");
}

TEST(TtsMessage, HeaderlessL16AnswerDecodesAtTheRateInTheMimeType) {
  auto pcm = parse_tts_response(
      answer("audio/L16;codec=pcm;rate=24000", b64(pcm_bytes({1, -2, 300, -32768}))));
  ASSERT_TRUE(pcm) << pcm.error().message();
  EXPECT_EQ(pcm->sample_rate, 24000);
  EXPECT_EQ(pcm->samples, (std::vector<std::int16_t>{1, -2, 300, -32768}));
  auto pcm16 = parse_tts_response(answer("audio/pcm;rate=16000", b64(pcm_bytes({7}))));
  ASSERT_TRUE(pcm16);
  EXPECT_EQ(pcm16->sample_rate, 16000);
}

TEST(TtsMessage, WavAnswerIsReadThroughItsRiffHeader) {
  std::string wav = "RIFF";
  auto put32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
      wav.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  const std::string data = pcm_bytes({5, 6, 7});
  put32(36 + static_cast<std::uint32_t>(data.size()));
  wav += "WAVEfmt ";
  put32(16);
  wav += std::string("\x01\x00\x01\x00", 4);
  put32(22050);
  put32(44100);
  wav += std::string("\x02\x00\x10\x00", 4);
  wav += "data";
  put32(static_cast<std::uint32_t>(data.size()));
  wav += data;
  auto pcm = parse_tts_response(answer("audio/wav", b64(wav)));
  ASSERT_TRUE(pcm) << pcm.error().message();
  EXPECT_EQ(pcm->sample_rate, 22050);
  EXPECT_EQ(pcm->samples, (std::vector<std::int16_t>{5, 6, 7}));
}

// A WAV answer with the WAVE_FORMAT_EXTENSIBLE header (40-byte fmt, PCM subformat GUID).
TEST(TtsMessage, WavAnswerWithTheExtensibleHeaderIsRead) {
  std::string wav = "RIFF";
  auto put32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
      wav.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  const std::string data = pcm_bytes({5, 6, 7});
  put32(60 + static_cast<std::uint32_t>(data.size()));
  wav += "WAVEfmt ";
  put32(40);
  wav += std::string("\xfe\xff\x01\x00", 4);  // WAVE_FORMAT_EXTENSIBLE, mono
  put32(24000);
  put32(48000);
  wav += std::string("\x02\x00\x10\x00", 4);  // block align 2, 16 bits
  wav += std::string("\x16\x00\x10\x00", 4);  // cbSize 22, 16 valid bits
  put32(4);                                   // channel mask: front centre
  wav += std::string("\x01\x00\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71", 16);
  wav += "data";
  put32(static_cast<std::uint32_t>(data.size()));
  wav += data;
  auto pcm = parse_tts_response(answer("audio/wav", b64(wav)));
  ASSERT_TRUE(pcm) << pcm.error().message();
  EXPECT_EQ(pcm->sample_rate, 24000);
  EXPECT_EQ(pcm->samples, (std::vector<std::int16_t>{5, 6, 7}));
}

TEST(TtsMessage, DamagedAnswersAreTypedErrors) {
  EXPECT_EQ(parse_tts_response("{not json").error(), make_error_code(Errc::MalformedJson));
  EXPECT_EQ(parse_tts_response("{}").error(), make_error_code(Errc::ProtocolError));
  EXPECT_EQ(parse_tts_response(R"({"candidates":[]})").error(),
            make_error_code(Errc::ProtocolError));
  EXPECT_EQ(parse_tts_response(answer("audio/L16;rate=24000", "@@@@")).error(),
            make_error_code(Errc::ProtocolError));
  EXPECT_EQ(parse_tts_response(answer("image/png", b64("xx"))).error(),
            make_error_code(Errc::ProtocolError));
  EXPECT_EQ(parse_tts_response(answer("audio/wav", b64("RIFFnope"))).error(),
            make_error_code(Errc::ProtocolError));
  // A text-only answer (no audio part) is not a greeting.
  EXPECT_EQ(parse_tts_response(R"({"candidates":[{"content":{"parts":[{"text":"hi"}]}}]})").error(),
            make_error_code(Errc::ProtocolError));
}

TEST(TtsMessage, RestErrorsMapToTypedErrorsWithTheServiceMessage) {
  auto bad_key = parse_rest_error(
      400,
      R"({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",)"
      R"("status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",)"
      R"("reason":"API_KEY_INVALID","domain":"googleapis.com"}]}})");
  EXPECT_EQ(bad_key.code, make_error_code(Errc::BadKey));
  EXPECT_EQ(bad_key.status, "INVALID_ARGUMENT");
  EXPECT_EQ(bad_key.message, "API key not valid. Please pass a valid API key.");
  EXPECT_EQ(parse_rest_error(403, R"({"error":{"code":403,"status":"PERMISSION_DENIED"}})").code,
            make_error_code(Errc::BadKey));
  EXPECT_EQ(parse_rest_error(401, "").code, make_error_code(Errc::BadKey));
  EXPECT_EQ(parse_rest_error(429, "{}").code, make_error_code(Errc::Quota));
  EXPECT_EQ(parse_rest_error(404, "{}").code, make_error_code(Errc::BadModel));
  EXPECT_EQ(
      parse_rest_error(400, R"({"error":{"message":"Voice name Bob is not supported."}})").code,
      make_error_code(Errc::BadVoice));
  EXPECT_EQ(parse_rest_error(400, R"({"error":{"message":"contents is not specified"}})").code,
            make_error_code(Errc::InvalidArgument));
  auto gone = parse_rest_error(503, "<html>busy</html>");
  EXPECT_EQ(gone.code, make_error_code(Errc::ServerGone));
  EXPECT_EQ(gone.message, "HTTP 503");
}

}  // namespace
}  // namespace va::ai::gemini
