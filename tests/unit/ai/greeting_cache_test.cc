// Greeting cache: espeak-ng renders real speech into 8 kHz 20 ms frames, cached per words,
// voice, language and the API key that renders them.
#include "ai/greeting_cache.h"

#include <gtest/gtest.h>

#include "core/key_fingerprint.h"

namespace va::ai {
namespace {

TEST(GreetingCache, RendersWithEspeakIntoTwentyMillisecondFramesAt8k) {
  GreetingCache cache;
  auto g = cache.get({"Hello, you have reached Acme Dental.", "Kore", "en-US"});
  ASSERT_TRUE(g) << g.error().message();
  // A short sentence lasts one to five seconds: 50 to 250 frames of 160 samples.
  EXPECT_GT((*g)->frames.size(), 50u);
  EXPECT_LT((*g)->frames.size(), 250u);
  std::int64_t energy = 0;
  for (const auto& f : (*g)->frames) {
    for (auto s : f)
      energy += static_cast<std::int64_t>(s) * s;
  }
  EXPECT_GT(energy / static_cast<std::int64_t>((*g)->frames.size() * 160), 10000);  // speech
}

TEST(GreetingCache, RendersEachTextVoiceLanguageOnce) {
  GreetingCache cache;
  GreetingKey a{"Good morning.", "Kore", "en-US"};
  GreetingKey b{"Good morning.", "Puck", "en-US"};
  EXPECT_EQ(cache.find(a, ""), nullptr);
  auto first = cache.get(a);
  auto again = cache.get(a);
  ASSERT_TRUE(first && again);
  EXPECT_EQ(first->get(), again->get());
  EXPECT_EQ(cache.renders(), 1u);
  ASSERT_TRUE(cache.get(b));
  EXPECT_EQ(cache.renders(), 2u);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.find(a, "").get(), first->get());
}

// Issue 20: a greeting rendered under tenant A's key played in tenant B's call. Every key
// gets its own rendering of the same words (espeak-ng here: no TTS URL, yet still per key).
TEST(GreetingCache, RendersTheSameWordsOncePerKeyAndNeverServesAnotherKeysRendering) {
  GreetingCache cache;
  const GreetingKey words{"Good afternoon.", "Kore", "en-US"};
  auto a = cache.get(words, "AIzaTenantA-key-0001");
  auto a_again = cache.get(words, "AIzaTenantA-key-0001");
  ASSERT_TRUE(a && a_again);
  EXPECT_EQ(a->get(), a_again->get());
  EXPECT_EQ(cache.renders(), 1u);
  EXPECT_EQ(cache.find(words, "AIzaTenantB-key-0002"), nullptr);
  auto b = cache.get(words, "AIzaTenantB-key-0002");
  ASSERT_TRUE(b);
  EXPECT_NE(b->get(), a->get());
  EXPECT_EQ(cache.renders(), 2u);
  auto none = cache.get(words, "");  // no key: the espeak-ng entry, shared by keyless calls
  ASSERT_TRUE(none);
  EXPECT_NE(none->get(), a->get());
  EXPECT_NE(none->get(), b->get());
  EXPECT_EQ(cache.renders(), 3u);
  EXPECT_EQ(cache.find(words, "AIzaTenantA-key-0001").get(), a->get());
  EXPECT_EQ(cache.cache_key(words, "AIzaTenantA-key-0001").source,
            core::key_fingerprint("AIzaTenantA-key-0001"));
  EXPECT_EQ(cache.cache_key(words, "").source, GreetingCacheKey::kNoKey);
}

TEST(GreetingCache, TheCacheKeyNamesTheTtsModelWhenTtsRenders) {
  GreetingTtsConfig tts;
  tts.base_url = "http://127.0.0.1:9/v1beta";
  tts.model = "model-one";
  GreetingCache one("espeak-ng", tts);
  tts.model = "model-two";
  GreetingCache two("espeak-ng", tts);
  const GreetingKey words{"Hi.", "Kore", "en-US"};
  EXPECT_EQ(one.cache_key(words, "AIzaKey-00000001").model, "model-one");
  EXPECT_NE(one.cache_key(words, "AIzaKey-00000001"), two.cache_key(words, "AIzaKey-00000001"));
  EXPECT_EQ(GreetingCache().cache_key(words, "AIzaKey-00000001").model, "");  // espeak-ng only
}

TEST(GreetingCache, KeepsAtMostItsLimitAndDropsTheLeastRecentlyUsed) {
  GreetingCache cache;
  cache.set_max_entries(2);
  const GreetingKey a{"One.", "Puck", "en-US"}, b{"Two.", "Puck", "en-US"},
      c{"Three.", "Puck", "en-US"};
  ASSERT_TRUE(cache.get(a));
  ASSERT_TRUE(cache.get(b));
  ASSERT_TRUE(cache.find(a, ""));  // a is now more recent than b
  ASSERT_TRUE(cache.get(c));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_TRUE(cache.find(a, ""));
  EXPECT_FALSE(cache.find(b, ""));
  EXPECT_TRUE(cache.find(c, ""));
  EXPECT_EQ(cache.renders(), 3u);
}

TEST(GreetingCache, ReportsAMissingSpeechEngineAsAnError) {
  GreetingCache cache("/nonexistent/espeak-ng");
  EXPECT_FALSE(cache.get({"Hi", "Kore", "en-US"}));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(GreetingCache, FramesPadTheLastFrameWithSilence) {
  media::AudioFrame pcm{8000, std::vector<std::int16_t>(170, 1000)};
  auto g = frame_greeting(pcm);
  ASSERT_EQ(g.frames.size(), 2u);
  EXPECT_EQ(g.frames[1][9], 1000);
  EXPECT_EQ(g.frames[1][10], 0);
  EXPECT_EQ(g.frames[1][159], 0);
}

TEST(GreetingCache, MapsLanguageTagsToEspeakVoices) {
  EXPECT_EQ(espeak_voice_for("en-US"), "en-us");
  EXPECT_EQ(espeak_voice_for(""), "en");
}

}  // namespace
}  // namespace va::ai
