// The simulator's energy VAD (D1.8): prefix and silence durations decide start and end.
#include "sim/energy_vad.h"

#include <gtest/gtest.h>

namespace va::sim {
namespace {

std::vector<EnergyVad::Event> feed(EnergyVad& vad, std::int16_t level, int ms) {
  std::vector<std::int16_t> pcm(static_cast<std::size_t>(ms) * 16);
  for (std::size_t i = 0; i < pcm.size(); ++i)
    pcm[i] = (i % 2) ? level : static_cast<std::int16_t>(-level);
  std::vector<EnergyVad::Event> events;
  vad.feed(pcm, 16000, [&](EnergyVad::Event e) { events.push_back(e); });
  return events;
}

TEST(EnergyVad, StartsAfterThePrefixAndEndsAfterTheSilenceDuration) {
  EnergyVad vad(500, 40, 300);
  EXPECT_TRUE(feed(vad, 3000, 30).empty());
  EXPECT_EQ(feed(vad, 3000, 10), std::vector{EnergyVad::Event::SpeechStarted});
  EXPECT_TRUE(vad.in_speech());
  EXPECT_TRUE(feed(vad, 0, 290).empty());
  EXPECT_EQ(feed(vad, 0, 10), std::vector{EnergyVad::Event::SpeechEnded});
  EXPECT_EQ(vad.utterance().size(), 340u * 16);
}

TEST(EnergyVad, IgnoresQuietNoiseAndShortClicks) {
  EnergyVad vad(500, 40, 300);
  EXPECT_TRUE(feed(vad, 200, 1000).empty());
  EXPECT_TRUE(feed(vad, 5000, 20).empty());
  EXPECT_TRUE(feed(vad, 0, 100).empty());
  EXPECT_FALSE(vad.in_speech());
}

}  // namespace
}  // namespace va::sim
