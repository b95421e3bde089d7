// TranscriptJoiner: the AI's transcription fragments become one line per speaker's turn.
#include "call/transcript_joiner.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace va::call {
namespace {

using Lines = std::vector<std::pair<std::string, std::string>>;

class TranscriptJoinerTest : public ::testing::Test {
 protected:
  Lines lines_;
  TranscriptJoiner joiner_{
      [this](const std::string& who, const std::string& text) { lines_.emplace_back(who, text); }};
};

TEST_F(TranscriptJoinerTest, FragmentsOfOneTurnJoinIntoOneTrimmedLineAtFinished) {
  joiner_.add("caller", " Hello", false);
  joiner_.add("caller", " there, ", false);
  EXPECT_TRUE(lines_.empty());
  joiner_.add("caller", "friend. ", true);
  EXPECT_EQ(lines_, (Lines{{"caller", "Hello there, friend."}}));
}

TEST_F(TranscriptJoinerTest, TheOtherSpeakerTalkingClosesTheSegment) {
  joiner_.add("caller", "Is anyone", false);
  joiner_.add("caller", " there?", false);
  joiner_.add("agent", "Yes, ", false);
  EXPECT_EQ(lines_, (Lines{{"caller", "Is anyone there?"}}));
  joiner_.add("agent", "I am.", false);
  joiner_.close_all();  // the AI's turn ended without `finished`
  EXPECT_EQ(lines_, (Lines{{"caller", "Is anyone there?"}, {"agent", "Yes, I am."}}));
}

// The caller's transcription is not ordered with the model's output (A6): its last words can
// land inside the agent's turn, between the agent's many small fragments. They form a caller
// line of their own and do not cut the agent's line in pieces.
TEST_F(TranscriptJoinerTest, CallerFragmentsInsideTheAgentsTurnDoNotCutTheAgentsLine) {
  joiner_.add("caller", "I need", false);
  joiner_.add("caller", " help", false);
  joiner_.add("agent", "Sure", false);  // the agent's turn starts: the caller's line closes
  joiner_.add("caller", " please", false);
  joiner_.add("agent", ",", false);
  joiner_.add("agent", " one", false);
  joiner_.add("caller", " now", false);
  joiner_.add("agent", " moment.", false);
  EXPECT_EQ(lines_, (Lines{{"caller", "I need help"}}));
  joiner_.close_all();  // turnComplete
  EXPECT_EQ(
      lines_,
      (Lines{{"caller", "I need help"}, {"caller", "please now"}, {"agent", "Sure, one moment."}}));
  // The next agent turn starts a new line, and a caller segment begun after the turn end is
  // closed by it.
  joiner_.add("caller", "Thanks", false);
  joiner_.add("agent", "You're welcome.", false);
  joiner_.close_all();
  EXPECT_EQ(lines_.size(), 5u);
  EXPECT_EQ(lines_[3], (std::pair<std::string, std::string>{"caller", "Thanks"}));
  EXPECT_EQ(lines_[4], (std::pair<std::string, std::string>{"agent", "You're welcome."}));
}

TEST_F(TranscriptJoinerTest, BlankSegmentsAndEmptyFragmentsMakeNoLine) {
  joiner_.add("agent", "  \n", true);
  joiner_.add("caller", "", false);
  joiner_.add("agent", "", true);
  joiner_.close_all();
  EXPECT_TRUE(lines_.empty());
  // An empty fragment does not close the other speaker's open segment.
  joiner_.add("caller", "still talking", false);
  joiner_.add("agent", "", false);
  EXPECT_TRUE(lines_.empty());
  joiner_.close_all();
  EXPECT_EQ(lines_, (Lines{{"caller", "still talking"}}));
}

}  // namespace
}  // namespace va::call
