// Pre-encoded tone parts: each cached message is byte-identical to encoding the same part of the
// tone afresh, and the cache shares one copy per (frequency, part size).
#include "sim/tone_parts.h"

#include <gtest/gtest.h>

#include "sim/reply_source.h"

namespace va::sim {
namespace {

TEST(ToneParts, CachedPartsEqualFreshlyEncodedPartsAwayFromTheFades) {
  const std::size_t chunk = 480;  // 20 ms at 24 kHz
  ToneParts parts(740, chunk);
  EXPECT_EQ(parts.distinct(), 5u);  // 1200-sample period / gcd(480, 1200)
  ToneSource tone(740, 24000 * 10);
  std::vector<std::int16_t> pcm(chunk);
  for (std::size_t pos = chunk; pos < 24000 * 3; pos += chunk) {
    tone.fill(pos, pcm);
    std::string fresh;
    append_audio_part_message(pcm, fresh);
    ASSERT_TRUE(parts.at(pos));
    ASSERT_EQ(*parts.at(pos), fresh) << "part at " << pos;
  }
}

TEST(ToneParts, CacheSharesOneCopyAndSkipsPartSizesWithTooManyPhases) {
  ToneCache cache;
  auto a = cache.get(740, 960);
  auto b = cache.get(740, 960);
  ASSERT_TRUE(a);
  EXPECT_EQ(a.get(), b.get());
  EXPECT_NE(cache.get(760, 960).get(), a.get());
  EXPECT_EQ(cache.get(740, 7), nullptr);  // 1200 phases: not worth caching
  EXPECT_EQ(cache.get(740, 0), nullptr);
}

TEST(ToneParts, MessageIsThePrettyPrintedServerContentAudioPart) {
  std::string msg;
  append_audio_part_message(std::vector<std::int16_t>{0, 0, 0}, msg);
  EXPECT_NE(msg.find("\"mimeType\": \"audio/pcm;rate=24000\""), std::string::npos);
  EXPECT_NE(msg.find("\"data\": \"AAAAAAAA\""), std::string::npos);
  EXPECT_EQ(msg.back(), '\n');
}

}  // namespace
}  // namespace va::sim
