// The system instruction composed from an agent profile (call/agent_instruction.h) and what
// the planner makes of a profile: the request's and campaign's fields over the profile's, the
// free text appended, language "auto" from the callee's number, the profile noted on the call.
#include "call/agent_instruction.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "call/call_plan.h"
#include "core/config.h"
#include "crm/errc.h"

namespace va::call {
namespace {

crm::AgentProfile sample() {
  crm::AgentProfile p;
  p.name = "Anna";
  p.company = "Solar GmbH";
  p.objective = "Book an on-site visit.";
  p.offer = "Free installation this month.";
  p.objections = "Too expensive: mention the financing plan.";
  return p;
}

TEST(AgentInstructionTest, EveryFieldInItsOwnParagraphInOrder) {
  const auto text =
      compose_agent_instruction(sample(), {"de-DE", "German", "Sie"}, "Never promise a discount.");
  const auto at = [&](const std::string& s) { return text.find(s); };
  ASSERT_NE(at("You are Anna, a phone agent calling on behalf of Solar GmbH."), std::string::npos)
      << text;
  EXPECT_NE(at("Your objective on this call: Book an on-site visit."), std::string::npos);
  EXPECT_NE(at("The benefits and the offer to mention:\nFree installation this month."),
            std::string::npos);
  EXPECT_NE(at("How to handle objections:\nToo expensive: mention the financing plan."),
            std::string::npos);
  EXPECT_NE(at("Speak German throughout the call. Address the other person formally (Sie)."),
            std::string::npos);
  EXPECT_NE(at("Further instructions:\nNever promise a discount."), std::string::npos);
  EXPECT_LT(at("You are Anna"), at("Your objective"));
  EXPECT_LT(at("Your objective"), at("The benefits"));
  EXPECT_LT(at("The benefits"), at("How to handle"));
  EXPECT_LT(at("How to handle"), at("Speak German"));
  EXPECT_LT(at("Speak German"), at("Further instructions"));
  EXPECT_EQ(text.back(), '.');
}

TEST(AgentInstructionTest, EmptyFieldsLeaveTheirSectionOut) {
  crm::AgentProfile p;
  p.name = "Max";
  const auto text = compose_agent_instruction(p, {}, "  \n");
  EXPECT_EQ(text.rfind("You are Max, a phone agent.", 0), 0u) << text;
  for (const char* absent : {"behalf", "objective", "offer", "objections", "Speak", "Further"})
    EXPECT_EQ(text.find(absent), std::string::npos) << absent << " in " << text;
  EXPECT_NE(text.find("live phone call"), std::string::npos);
  // A language without a polite form: only the language sentence.
  EXPECT_EQ(language_instruction({"en-GB", "English", ""}), "Speak English throughout the call.");
  EXPECT_EQ(language_instruction({}), "");
}

TEST(AgentInstructionTest, BracesInTheFieldsAreKeptAsWritten) {
  auto p = sample();
  p.objective = "Say {company} literally";
  const auto text = compose_agent_instruction(p, {}, "{extra}");
  EXPECT_NE(text.find("Your objective on this call: Say {company} literally"), std::string::npos);
  EXPECT_NE(text.find("Further instructions:\n{extra}"), std::string::npos);
}

class ProfilePlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("va_profile_plan_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = crm::Store::create("sqlite:" + (dir_ / "db.sqlite").string()).value();
    crm::KeyVault::MasterKey master{};
    master.fill(7);
    keys_ = std::make_unique<crm::KeyPool>(*store_, crm::KeyVault(master));
    settings_ = CallSettings::from(core::Config{});
    settings_.trunk_uri = "sip:192.0.2.10:5060;transport=udp";
    settings_.recordings_dir = (dir_ / "rec").string();
    settings_.ai_language = "en-US";
    owner_.username = "alice";
    owner_.role = crm::Role::Admin;
    owner_.id = store_->create_user(owner_).value();
    auto p = sample();
    p.owner_id = owner_.id;
    p.voice = "Kore";
    p.language = "auto";
    p.greeting = "Hallo, hier ist Anna.";
    profile_ = store_->create_agent_profile(p).value();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  CallPlan plan(OutboundRequest r) {
    CallPlanner planner(*store_, *keys_, greetings_, settings_, "ws://127.0.0.1:9/sim");
    auto p = planner.plan_outbound(r);
    EXPECT_TRUE(p) << p.error().message();
    return p ? std::move(*p) : CallPlan{};
  }

  std::filesystem::path dir_;
  std::unique_ptr<crm::Store> store_;
  std::unique_ptr<crm::KeyPool> keys_;
  ai::GreetingCache greetings_;
  CallSettings settings_;
  crm::User owner_;
  crm::Id profile_ = 0;
};

TEST_F(ProfilePlanTest, ASingleCallSpeaksAsItsProfileWithItsOwnTextAppended) {
  crm::AgentConfig own;
  own.system_prompt = "Mention the reference number 42.";
  auto p = plan({owner_, "+4930123456", 0, 0, own, profile_});
  const auto& si = p.ai.system_instruction;
  EXPECT_EQ(si.rfind("You are Anna, a phone agent calling on behalf of Solar GmbH.", 0), 0u) << si;
  EXPECT_NE(si.find("Speak German throughout the call. Address the other person formally (Sie)."),
            std::string::npos)
      << si;
  EXPECT_NE(si.find("Further instructions:\nMention the reference number 42."), std::string::npos);
  EXPECT_EQ(p.ai.language, "de-DE");
  EXPECT_EQ(p.ai.voice, "Kore");
  EXPECT_EQ(p.agent.greeting, "Hallo, hier ist Anna.");
  EXPECT_EQ(p.agent_profile_id, profile_);
  EXPECT_EQ(store_->call_agent_profile(p.record.id).value(), profile_);
}

TEST_F(ProfilePlanTest, TheCallsOwnVoiceAndLanguageWinOverTheProfiles) {
  crm::AgentConfig own;
  own.voice = "Puck";
  own.language = "it-IT";
  auto p = plan({owner_, "+4930123456", 0, 0, own, profile_});
  EXPECT_EQ(p.ai.voice, "Puck");
  EXPECT_EQ(p.ai.language, "it-IT");
  EXPECT_EQ(p.ai.system_instruction.find("Speak German"), std::string::npos);
}

TEST_F(ProfilePlanTest, ACampaignsProfileAndAutoLanguageFromTheLeadsNumber) {
  crm::Campaign c;
  c.owner_id = owner_.id;
  c.name = "fr";
  c.agent.system_prompt = "Campaign note.";
  c.agent_profile_id = profile_;
  const auto campaign = store_->create_campaign(c).value();
  auto p = plan({owner_, "+33142685300", 0, campaign, std::nullopt});
  EXPECT_EQ(p.ai.language, "fr-FR");
  EXPECT_NE(p.ai.system_instruction.find("Speak French throughout the call. Address the other "
                                         "person formally (vous)."),
            std::string::npos)
      << p.ai.system_instruction;
  EXPECT_NE(p.ai.system_instruction.find("Further instructions:\nCampaign note."),
            std::string::npos);
  EXPECT_EQ(store_->call_agent_profile(p.record.id).value(), profile_);
}

TEST_F(ProfilePlanTest, AutoWithoutACountryFallsBackToTheDefaultLanguage) {
  auto p = plan({owner_, "030123456", 0, 0, std::nullopt, profile_});
  EXPECT_EQ(p.ai.language, "en-US");
  EXPECT_EQ(p.ai.system_instruction.find("Speak "), std::string::npos);
  // Without a profile, "auto" on the call itself works the same way.
  crm::AgentConfig own;
  own.system_prompt = "Be brief.";
  own.language = "auto";
  auto q = plan({owner_, "+390612345678", 0, 0, own});
  EXPECT_EQ(q.ai.language, "it-IT");
  EXPECT_EQ(q.ai.system_instruction.rfind("Be brief.\n\nSpeak Italian", 0), 0u)
      << q.ai.system_instruction;
  EXPECT_EQ(q.agent_profile_id, 0);
  EXPECT_EQ(store_->call_agent_profile(q.record.id).value(), 0);
}

TEST_F(ProfilePlanTest, AMissingProfileRefusesTheCall) {
  CallPlanner planner(*store_, *keys_, greetings_, settings_, "ws://127.0.0.1:9/sim");
  auto p = planner.plan_outbound({owner_, "+4930123456", 0, 0, std::nullopt, profile_ + 99});
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error(), crm::Errc::NotFound);
}

}  // namespace
}  // namespace va::call
