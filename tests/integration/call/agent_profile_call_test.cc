// A call made with an agent profile (issue 14): what reaches the AI. The simulator's session
// log shows each session's setup (its systemInstruction text and languageCode), so the test
// reads exactly what our Gemini client sent: the instruction composed from the profile, the
// call's own text appended, and with language "auto" the callee's language and form of
// address, taken from the dialled number's country.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <string>

#include "call_stack_fixture.h"

namespace va::call {
namespace {

using namespace std::chrono_literals;

class AgentProfileCallTest : public CallStackTest {
 protected:
  void SetUp() override {
    log_path_ = std::filesystem::temp_directory_path() /
                ("va_profile_call_" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".jsonl");
    std::filesystem::remove(log_path_);
    sim::SimConfig sim;
    sim.mode = sim::ReplyMode::Tone;
    sim.keys = {kKeyA, kKeyB};
    sim.log_path = log_path_.string();
    start({.name = "va_profile_call",
           .lines = {{"+4930555001", 440, false, 0, 300}, {"+33142685300", 440, false, 0, 300}},
           .sim = std::move(sim),
           .port_min = 51000,
           // The language goes into the instruction always, and into the setup's
           // speechConfig.languageCode only with this (off by default: native-audio models
           // may refuse it); the test reads both from the simulator's log.
           .send_language_code = true});
    crm::AgentProfile p;
    p.owner_id = alice_.id;
    p.name = "Anna";
    p.company = "Solar GmbH";
    p.objective = "Book an on-site visit.";
    p.offer = "Free installation this month.";
    p.objections = "Too expensive: mention the financing plan.";
    p.language = "auto";
    p.voice = "Kore";
    profile_ = store_->create_agent_profile(p).value();
  }
  void TearDown() override {
    CallStackTest::TearDown();
    std::filesystem::remove(log_path_);
  }

  // The first session_start in the simulator's log (bounded wait), as JSON.
  boost::json::object first_session_start() const {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      std::ifstream in(log_path_);
      for (std::string line; std::getline(in, line);) {
        if (line.find("\"session_start\"") != std::string::npos)
          return boost::json::parse(line).as_object();
      }
      std::this_thread::sleep_for(20ms);
    }
    ADD_FAILURE() << "no AI session set up within 10 s";
    return {};
  }

  std::filesystem::path log_path_;
  crm::Id profile_ = 0;
};

TEST_F(AgentProfileCallTest, TheComposedInstructionReachesTheAiInTheCalleesLanguage) {
  crm::AgentConfig own;
  own.system_prompt = "Mention the reference number 42.";
  const auto id = manager_->place_call({alice_, "+4930555001", 0, 0, own, profile_}).value();
  const auto start = first_session_start();
  ASSERT_FALSE(start.empty());
  const std::string si(start.at("system_instruction").as_string());
  EXPECT_EQ(si.rfind("You are Anna, a phone agent calling on behalf of Solar GmbH.", 0), 0u) << si;
  for (const char* part :
       {"Your objective on this call: Book an on-site visit.",
        "The benefits and the offer to mention:\nFree installation this month.",
        "How to handle objections:\nToo expensive: mention the financing plan.",
        "Speak German throughout the call. Address the other person formally (Sie).",
        "Further instructions:\nMention the reference number 42."}) {
    EXPECT_NE(si.find(part), std::string::npos) << part << "\nnot in:\n" << si;
  }
  EXPECT_EQ(start.at("language").as_string(), "de-DE");
  EXPECT_EQ(start.at("voice").as_string(), "Kore");
  ASSERT_FALSE(manager_->hangup(id));
  wait_status(id, "ended");
  EXPECT_EQ(store_->call_agent_profile(id).value(), profile_);
}

TEST_F(AgentProfileCallTest, ACampaignsProfileSpeaksFrenchToAFrenchNumber) {
  crm::Campaign c;
  c.owner_id = bob_.id;
  c.name = "fr";
  c.agent_profile_id = profile_;
  const auto campaign = store_->create_campaign(c).value();
  const auto id = manager_->place_call({bob_, "+33142685300", 0, campaign, std::nullopt}).value();
  const auto start = first_session_start();
  ASSERT_FALSE(start.empty());
  const std::string si(start.at("system_instruction").as_string());
  EXPECT_NE(si.find("Speak French throughout the call. Address the other person formally (vous)."),
            std::string::npos)
      << si;
  EXPECT_EQ(si.find("Further instructions"), std::string::npos) << si;  // no own text
  EXPECT_EQ(start.at("language").as_string(), "fr-FR");
  ASSERT_FALSE(manager_->hangup(id));
  wait_status(id, "ended");
}

}  // namespace
}  // namespace va::call
