// The simulator's hot-path audio parser: whatever it accepts, the full parser accepts with the
// same rate and samples (differential), and every near miss falls back to the full parser.
#include <gtest/gtest.h>

#include <cstring>

#include "ai/gemini/client_message.h"
#include "sim/client_message_parser.h"

namespace va::sim {
namespace {

std::vector<std::int16_t> as_samples(const std::vector<std::uint8_t>& bytes) {
  std::vector<std::int16_t> out(bytes.size() / 2);
  std::memcpy(out.data(), bytes.data(), out.size() * 2);
  return out;
}

TEST(CompactAudio, DecodesWhatOurClientSendsExactlyAsTheFullParserDoes) {
  std::vector<std::int16_t> pcm(320);
  for (std::size_t i = 0; i < pcm.size(); ++i)
    pcm[i] = static_cast<std::int16_t>(i * 977 - 30000);
  for (int rate : {8000, 16000, 24000}) {
    std::string msg;
    ai::gemini::build_realtime_audio(pcm, rate, msg);
    std::vector<std::uint8_t> bytes;
    auto fast = parse_compact_audio(msg, bytes);
    ASSERT_TRUE(fast) << msg.substr(0, 80);
    EXPECT_EQ(*fast, rate);
    EXPECT_EQ(as_samples(bytes), pcm);
    auto full = parse_client_message(msg);
    ASSERT_TRUE(full);
    EXPECT_EQ(full->rate, rate);
    EXPECT_EQ(full->samples, pcm);
  }
}

TEST(CompactAudio, ReusesItsBufferBetweenMessages) {
  std::string a, b;
  ai::gemini::build_realtime_audio(std::vector<std::int16_t>(320, 5), 16000, a);
  ai::gemini::build_realtime_audio(std::vector<std::int16_t>(160, 9), 16000, b);
  std::vector<std::uint8_t> bytes;
  ASSERT_TRUE(parse_compact_audio(a, bytes));
  ASSERT_TRUE(parse_compact_audio(b, bytes));
  EXPECT_EQ(as_samples(bytes), std::vector<std::int16_t>(160, 9));
}

TEST(CompactAudio, NearMissesFallBackToTheFullParser) {
  const std::string good =
      R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":"AAAA"}}})";
  std::vector<std::uint8_t> bytes;
  ASSERT_TRUE(parse_compact_audio(good, bytes));
  const std::vector<std::string> misses = {
      R"({ "realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":"AAAA"}}})",
      R"({"realtime_input":{"audio":{"mimeType":"audio/pcm;rate=16000","data":"AAAA"}}})",
      R"({"realtimeInput":{"audio":{"data":"AAAA","mimeType":"audio/pcm;rate=16000"}}})",
      R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":"AAAA"},"text":"x"}})",
      R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":"AA\u0041A"}}})",
      R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=1\u00360","data":"AAAA"}}})",
      R"({"realtimeInput":{"audio":{"mimeType":"audio/opus","data":"AAAA"}}})",
      R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":"AA*A"}}})",
      R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":"AAAA"}}}})",
      R"({"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=16000","data":"AAAA)",
  };
  for (const auto& m : misses)
    EXPECT_FALSE(parse_compact_audio(m, bytes)) << m;
}

}  // namespace
}  // namespace va::sim
