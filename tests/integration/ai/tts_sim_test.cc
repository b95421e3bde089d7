// Gemini TTS client and the greeting cache against the simulator's REST endpoint on loopback
// (ai-live-protocols.md B): audio in both answer formats, the service's REST errors as typed
// errors, TLS never skipped, and the cache falling back to espeak-ng when TTS fails.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>

#include "ai/errc.h"
#include "ai/gemini/tts_client.h"
#include "ai/greeting_cache.h"
#include "integration/ai/sim_fixture.h"
#include "sim/sim_config.h"

namespace va::ai::test {
namespace {
using namespace std::chrono_literals;

constexpr const char* kGood = "tts-key-good";
constexpr const char* kQuotaKey = "tts-key-quota";

// The simulator on one SimPool thread of SimTest: the TTS client blocks the test thread.
class TtsSimTest : public SimTest {
 protected:
  void SetUp() override {
    SimTest::SetUp();
    sim_threads_ = 1;
    config_.keys = {kGood};
    config_.quota_keys = {kQuotaKey};
  }

  gemini::TtsConfig tts(const std::string& key,
                        const std::string& model = "gemini-2.5-flash-preview-tts") {
    gemini::TtsConfig c;
    c.base_url = server_->rest_base_url();
    c.model = model;
    c.api_key = key;
    c.timeout = 5000ms;
    return c;
  }
};

TEST_F(TtsSimTest, RendersTheKeysToneAsHeaderlessL16At24k) {
  start_server();
  gemini::RestError failure;
  auto pcm = gemini::synthesize_speech(tts(kGood), "Hello, you have reached Acme Dental.", "Kore",
                                       &failure);
  ASSERT_TRUE(pcm) << pcm.error().message() << " " << failure.message;
  EXPECT_EQ(pcm->sample_rate, 24000);
  // 36 characters at 60 ms each: 2.16 s of the key's tone.
  EXPECT_EQ(pcm->samples.size(), 2160u * 24);
  const int hz = sim::tone_frequency_for_key(kGood);
  EXPECT_GT(tone_amplitude(pcm->samples, 24000, hz), 7000);
  EXPECT_LT(tone_amplitude(pcm->samples, 24000, sim::tone_frequency_for_key("other")), 300);
  EXPECT_EQ(server_->counters().tts_requests, 1u);
}

TEST_F(TtsSimTest, ReadsTheWavAnswerOfA38Model) {
  start_server();
  auto pcm = gemini::synthesize_speech(tts(kGood, "gemini-3.8-flash-tts"), "Good morning.", "Puck");
  ASSERT_TRUE(pcm) << pcm.error().message();
  EXPECT_EQ(pcm->sample_rate, 24000);
  EXPECT_EQ(pcm->samples.size(), 780u * 24);  // 13 characters
  EXPECT_GT(tone_amplitude(pcm->samples, 24000, sim::tone_frequency_for_key(kGood)), 7000);
}

TEST_F(TtsSimTest, ServiceErrorsBecomeTypedErrorsWithTheirMessages) {
  start_server();
  gemini::RestError f;
  EXPECT_EQ(gemini::synthesize_speech(tts("wrong-key"), "Hi", "Kore", &f).error(),
            make_error_code(Errc::BadKey));
  EXPECT_EQ(f.http_status, 400);
  EXPECT_EQ(f.status, "INVALID_ARGUMENT");
  EXPECT_EQ(f.message, "API key not valid. Please pass a valid API key.");
  EXPECT_EQ(gemini::synthesize_speech(tts(""), "Hi", "Kore", &f).error(),
            make_error_code(Errc::BadKey));
  EXPECT_EQ(f.http_status, 403);
  EXPECT_EQ(f.status, "PERMISSION_DENIED");
  EXPECT_EQ(gemini::synthesize_speech(tts(kQuotaKey), "Hi", "Kore", &f).error(),
            make_error_code(Errc::Quota));
  EXPECT_EQ(f.http_status, 429);
  EXPECT_EQ(f.status, "RESOURCE_EXHAUSTED");
  EXPECT_EQ(gemini::synthesize_speech(tts(kGood, "gemini-9-tts"), "Hi", "Kore", &f).error(),
            make_error_code(Errc::BadModel));
  EXPECT_EQ(f.http_status, 404);
  EXPECT_NE(f.message.find("models/gemini-9-tts is not found"), std::string::npos);
  EXPECT_EQ(gemini::synthesize_speech(tts(kGood), "Hi", "Bob", &f).error(),
            make_error_code(Errc::BadVoice));
  EXPECT_EQ(gemini::synthesize_speech(tts(kGood), "", "Kore", &f).error(),
            make_error_code(Errc::InvalidArgument));
  EXPECT_EQ(server_->counters().tts_requests, 6u);
}

TEST_F(TtsSimTest, ConnectionFailuresAndUnsafeUrlsFailWithoutHanging) {
  start_server();
  gemini::TtsConfig c = tts(kGood);
  // TLS to the plain simulator: the handshake fails; TLS is never silently skipped.
  c.base_url = "https://127.0.0.1:" + std::to_string(server_->port()) + "/v1beta";
  EXPECT_EQ(gemini::synthesize_speech(c, "Hi", "Kore").error(),
            make_error_code(Errc::ConnectFailed));
  // Plain HTTP off loopback is refused before connecting (the key would cross in the clear).
  c.base_url = "http://192.0.2.1/v1beta";
  EXPECT_EQ(gemini::synthesize_speech(c, "Hi", "Kore").error(), make_error_code(Errc::InsecureUrl));
  // A closed port.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor probe(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const auto closed = probe.local_endpoint().port();
  probe.close();
  c.base_url = "http://127.0.0.1:" + std::to_string(closed) + "/v1beta";
  EXPECT_EQ(gemini::synthesize_speech(c, "Hi", "Kore").error(),
            make_error_code(Errc::ConnectFailed));
  EXPECT_EQ(server_->counters().tts_requests, 0u);
}

TEST_F(TtsSimTest, ScriptedModeSpeaksTheTextWithEspeak) {
  config_.mode = sim::ReplyMode::Scripted;
  start_server();
  auto pcm = gemini::synthesize_speech(tts(kGood), "Hello, this is a test.", "Kore");
  ASSERT_TRUE(pcm) << pcm.error().message();
  EXPECT_EQ(pcm->sample_rate, 24000);
  EXPECT_GT(pcm->samples.size(), 24000u / 2);  // speech: more than half a second
  std::int64_t energy = 0;
  for (auto s : pcm->samples)
    energy += static_cast<std::int64_t>(s) * s;
  EXPECT_GT(energy / static_cast<std::int64_t>(pcm->samples.size()), 10000);
  // Speech, not the key's tone.
  EXPECT_LT(tone_amplitude(pcm->samples, 24000, sim::tone_frequency_for_key(kGood)), 2000);
}

TEST_F(TtsSimTest, GreetingCacheRendersWithGeminiTtsUnderTheOwnersKey) {
  start_server();
  GreetingTtsConfig tts_config;
  tts_config.base_url = server_->rest_base_url();
  tts_config.model = "gemini-2.5-flash-preview-tts";
  GreetingCache cache("espeak-ng", tts_config);
  GreetingKey key{"Thanks for calling.", "Kore", "en-US"};
  auto g = cache.get(key, kGood);
  ASSERT_TRUE(g) << g.error().message();
  EXPECT_EQ((*g)->renderer, GreetingRenderer::GeminiTts);
  EXPECT_NEAR(static_cast<double>((*g)->frames.size()), 1140.0 / 20, 1);  // 19 chars x 60 ms
  std::vector<std::int16_t> flat;
  for (const auto& f : (*g)->frames)
    flat.insert(flat.end(), f.begin(), f.end());
  const int hz = sim::tone_frequency_for_key(kGood);
  ASSERT_LT(hz, 4000);
  EXPECT_GT(tone_amplitude(flat, 8000, hz), 6000);  // the tone survived 24k -> 8k
  // Cached: no second request.
  ASSERT_TRUE(cache.get(key, kGood));
  EXPECT_EQ(server_->counters().tts_requests, 1u);
  EXPECT_EQ(cache.tts_failures(), 0u);
}

TEST_F(TtsSimTest, GreetingCacheFallsBackToEspeakWhenTtsFailsOrThereIsNoKey) {
  start_server();
  GreetingTtsConfig tts_config;
  tts_config.base_url = server_->rest_base_url();
  tts_config.model = "gemini-2.5-flash-preview-tts";
  GreetingCache cache("espeak-ng", tts_config);
  auto bad = cache.get({"Hello there.", "Kore", "en-US"}, "wrong-key");
  ASSERT_TRUE(bad) << bad.error().message();
  EXPECT_EQ((*bad)->renderer, GreetingRenderer::Espeak);
  EXPECT_EQ(cache.tts_failures(), 1u);
  EXPECT_EQ(server_->counters().tts_requests, 1u);
  // No key at all: espeak-ng without asking the service.
  auto offline = cache.get({"Goodbye.", "Kore", "en-US"});
  ASSERT_TRUE(offline);
  EXPECT_EQ((*offline)->renderer, GreetingRenderer::Espeak);
  EXPECT_EQ(server_->counters().tts_requests, 1u);
  EXPECT_EQ(cache.tts_failures(), 1u);
}

TEST_F(TtsSimTest, TheRestBaseUrlIsTheLiveSocketsOwnLoopbackPort) {
  start_server();
  EXPECT_EQ(server_->rest_base_url(),
            "http://127.0.0.1:" + std::to_string(server_->port()) + "/v1beta");
  EXPECT_EQ(server_->url().substr(0, server_->url().find("/ws/")),
            "ws://127.0.0.1:" + std::to_string(server_->port()));
}

}  // namespace
}  // namespace va::ai::test
