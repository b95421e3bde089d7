// The warm transfer's briefing text (call/warm_briefing.h).
#include "call/warm_briefing.h"

#include <gtest/gtest.h>

namespace va::call {
namespace {

TEST(WarmBriefing, SaysTheReasonTheCallerAndTheirLastWords) {
  BriefingFacts f;
  f.reason = "the caller wants to change an order.";
  f.caller = "+4930123";
  f.recent = {{"caller", "Hi there"},
              {"agent", "Hello, how can I help?"},
              {"caller", "I ordered the wrong size"},
              {"agent", "Let me transfer you"},
              {"caller", "Thank you"}};
  const auto text = compose_briefing(f);
  EXPECT_NE(text.find("from + 4 9 3 0 1 2 3"), std::string::npos) << text;
  EXPECT_NE(text.find("Reason: the caller wants to change an order."), std::string::npos) << text;
  // The caller's last two lines, oldest first; the AI's own lines are not quoted.
  EXPECT_NE(text.find("The caller said: I ordered the wrong size. Thank you."), std::string::npos)
      << text;
  EXPECT_EQ(text.find("Hi there"), std::string::npos);
  EXPECT_EQ(text.find("Let me transfer you"), std::string::npos);
  EXPECT_TRUE(text.ends_with("Connecting you now."));
}

TEST(WarmBriefing, LeavesOutWhatIsNotKnownAndStaysShort) {
  BriefingFacts f;
  f.caller = "sip:alice@192.0.2.1";  // not a number: not read out
  auto text = compose_briefing(f);
  EXPECT_EQ(text,
            "Hello, this is the voice assistant with a transferred call. Connecting you now.");
  f.reason = std::string(2000, 'a');
  f.recent = {{"caller", std::string(2000, 'b')}};
  text = compose_briefing(f);
  EXPECT_LE(text.size(), kBriefingMaxChars + std::string(" Connecting you now.").size());
}

}  // namespace
}  // namespace va::call
