// VoicemailDetector and BeepDetector tests on synthetic audio: noise bursts stand in for speech
// (loud, not a tone), sines for beeps and music. The recorded-voice measurement is
// tests/bench/media/voicemail_detection_bench.
#include "media/voicemail_detector.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "tone.h"

namespace va::media {
namespace {

constexpr int kRate = 8000;

std::size_t samples(int ms) {
  return static_cast<std::size_t>(ms) * kRate / 1000;
}

struct Audio {
  std::vector<std::int16_t> pcm;
  std::mt19937 rng{7};
  Audio& silence(int ms) {
    pcm.insert(pcm.end(), samples(ms), 0);
    return *this;
  }
  Audio& speech(int ms) {  // noise at about -15 dBFS: loud and spread over the band
    std::normal_distribution<double> n(0, 6000);
    for (std::size_t i = 0; i < samples(ms); ++i)
      pcm.push_back(static_cast<std::int16_t>(std::clamp(n(rng), -32000.0, 32000.0)));
    return *this;
  }
  Audio& tone(double hz, int ms) {
    const auto s = test::sine(hz, kRate, samples(ms));
    pcm.insert(pcm.end(), s.begin(), s.end());
    return *this;
  }
};

std::optional<AmdResult> run(const std::vector<std::int16_t>& pcm, VoicemailDetector& d,
                             std::size_t chunk = 160) {
  for (std::size_t i = 0; i < pcm.size(); i += chunk)
    d.feed(std::span(pcm).subspan(i, std::min(chunk, pcm.size() - i)));
  return d.result();
}

TEST(VoicemailDetector, AShortHelloThenSilenceIsAHuman) {
  Audio a;
  a.silence(400).speech(600).silence(3000);
  VoicemailDetector d(kRate);
  const auto r = run(a.pcm, d);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->verdict, AmdVerdict::Human);
  EXPECT_EQ(r->cause, "short_greeting");
  EXPECT_NEAR(r->at_ms, 400 + 600 + 800, 60);
}

TEST(VoicemailDetector, ALongGreetingWithShortPausesIsVoicemail) {
  Audio a;
  a.silence(300);
  for (int i = 0; i < 6; ++i)
    a.speech(500).silence(300);
  a.silence(3000);
  VoicemailDetector d(kRate);
  const auto r = run(a.pcm, d);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->verdict, AmdVerdict::Voicemail);
  EXPECT_EQ(r->cause, "long_greeting");
  EXPECT_NEAR(r->at_ms, 300 + 2600, 60);
  // No beep: the cue to leave a message is the greeting's end (1.5 s of silence after it).
  ASSERT_TRUE(d.message_cue());
  EXPECT_NEAR(*d.message_cue(), 300 + 6 * 800 - 300 + 1500, 60);
  EXPECT_FALSE(d.beep_heard());
}

TEST(VoicemailDetector, ABeepFollowedByQuietIsVoicemailAndTheCue) {
  for (const double hz : {850.0, 1000.0, 1400.0}) {
    Audio a;
    a.silence(500).tone(hz, 400).silence(1000);
    VoicemailDetector d(kRate);
    const auto r = run(a.pcm, d);
    ASSERT_TRUE(r) << hz;
    EXPECT_EQ(r->verdict, AmdVerdict::Voicemail) << hz;
    EXPECT_EQ(r->cause, "beep") << hz;
    EXPECT_NEAR(r->at_ms, 500 + 400 + 200, 60) << hz;
    EXPECT_EQ(d.message_cue(), r->at_ms) << hz;
  }
}

TEST(VoicemailDetector, ABeepAfterAShortGreetingTurnsHumanIntoVoicemail) {
  Audio a;
  a.silence(300).speech(900).silence(1000).tone(1000, 500).silence(1000);
  VoicemailDetector d(kRate);
  std::vector<AmdVerdict> reported;
  for (std::size_t i = 0; i < a.pcm.size(); i += 160) {
    if (auto r = d.feed(std::span(a.pcm).subspan(i, std::min<std::size_t>(160, a.pcm.size() - i))))
      reported.push_back(r->verdict);
  }
  ASSERT_EQ(reported.size(), 2u);
  EXPECT_EQ(reported[0], AmdVerdict::Human);
  EXPECT_EQ(reported[1], AmdVerdict::Voicemail);
  EXPECT_EQ(d.result()->cause, "beep");
}

TEST(VoicemailDetector, MusicOnHoldAndSilenceAreUnknown) {
  Audio music;
  const double notes[] = {262, 330, 392, 523, 440, 349, 294, 659};
  for (int i = 0; i < 16; ++i)
    music.tone(notes[i % 8], 400);  // note after note, no quiet: never a beep
  VoicemailDetector dm(kRate);
  auto r = run(music.pcm, dm);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->verdict, AmdVerdict::Unknown);
  EXPECT_EQ(r->cause, "no_speech");
  EXPECT_FALSE(dm.beep_heard());

  Audio quiet;
  quiet.silence(7000);
  VoicemailDetector ds(kRate);
  r = run(quiet.pcm, ds);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->verdict, AmdVerdict::Unknown);
  EXPECT_EQ(r->at_ms, 4000);
}

TEST(VoicemailDetector, ATonePastTwoSecondsOrFollowedBySpeechIsNoBeep) {
  Audio long_tone;
  long_tone.silence(200).tone(1000, 2500).silence(1000);
  VoicemailDetector d1(kRate);
  run(long_tone.pcm, d1);
  EXPECT_FALSE(d1.beep_heard());
  Audio tone_then_talk;
  tone_then_talk.silence(200).tone(1000, 400).speech(400).silence(2000);
  VoicemailDetector d2(kRate);
  run(tone_then_talk.pcm, d2);
  EXPECT_FALSE(d2.beep_heard());
}

TEST(VoicemailDetector, OddChunksAndSixteenKilohertzGiveTheSameVerdict) {
  Audio a;
  a.silence(300).speech(3000).silence(1000);
  VoicemailDetector whole(kRate), odd(kRate);
  const auto r1 = run(a.pcm, whole, 160);
  const auto r2 = run(a.pcm, odd, 37);
  ASSERT_TRUE(r1 && r2);
  EXPECT_EQ(r1->verdict, r2->verdict);
  EXPECT_EQ(r1->at_ms, r2->at_ms);

  Audio b;  // the call feeds the uplink's 16 kHz: the same beep at twice the rate
  b.silence(500);
  const auto beep = test::sine(1000, 16000, 16000 * 4 / 10);
  b.pcm.resize(16000 / 2, 0);
  b.pcm.insert(b.pcm.end(), beep.begin(), beep.end());
  b.pcm.insert(b.pcm.end(), 16000, 0);
  VoicemailDetector d16(16000);
  const auto r3 = run(b.pcm, d16, 320);
  ASSERT_TRUE(r3);
  EXPECT_EQ(r3->cause, "beep");
}

TEST(BeepDetector, FrameAnalysisFindsThePeakOfAPureTone) {
  const auto s = test::sine(1000, kRate, 160);
  const auto t = analyse_frame(s, kRate);
  EXPECT_EQ(t.peak_hz, 1000);
  EXPECT_GT(t.peak_share, 0.95);
  EXPECT_NEAR(t.level_dbfs, -13.3, 0.5);  // amplitude 10000: RMS 7071 = -13.3 dBFS
  const std::vector<std::int16_t> zeros(160, 0);
  EXPECT_LT(analyse_frame(zeros, kRate).level_dbfs, -150);
  EXPECT_LT(analyse_frame({}, kRate).level_dbfs, -150);
}

}  // namespace
}  // namespace va::media
