#include "call/call_plan.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "ai/key_fingerprint.h"
#include "call/errc.h"

namespace va::call {
namespace {

class CallPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("va_call_plan_" + std::to_string(::getpid()) + "_" +
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
    owner_.username = "alice";
    owner_.role = crm::Role::Admin;
    owner_.id = store_->create_user(owner_).value();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  CallPlanner planner(std::string sim_url = "ws://127.0.0.1:9/sim") {
    return CallPlanner(*store_, *keys_, greetings_, settings_, std::move(sim_url));
  }

  std::filesystem::path dir_;
  std::unique_ptr<crm::Store> store_;
  std::unique_ptr<crm::KeyPool> keys_;
  ai::GreetingCache greetings_;
  CallSettings settings_;
  crm::User owner_;
};

TEST_F(CallPlanTest, OwnersKeyIsUsedAndOnlyItsFingerprintRecorded) {
  ASSERT_TRUE(keys_->set_user_key(owner_.id, "AIzaOwnerKey0001"));
  auto plan = planner().plan_outbound({owner_, "+4930 555", 0, 0, std::nullopt}).value();
  EXPECT_EQ(plan.ai.api_key, "AIzaOwnerKey0001");
  EXPECT_EQ(plan.key_fingerprint, ai::key_fingerprint("AIzaOwnerKey0001"));
  EXPECT_FALSE(plan.simulated_ai);
  EXPECT_EQ(plan.request_uri, "sip:+4930555@192.0.2.10:5060;transport=udp");
  auto rec = store_->get_call(plan.record.id).value();
  EXPECT_EQ(rec.key_fingerprint, plan.key_fingerprint);
  EXPECT_EQ(rec.status, "dialing");
  EXPECT_EQ(rec.owner_id, owner_.id);
  EXPECT_EQ(plan.recording_path,
            (dir_ / "rec" / (std::to_string(plan.record.id) + ".wav")).string());
}

TEST_F(CallPlanTest, WithoutAnyKeyTheSimulatorTakesTheCallOrItIsRefused) {
  auto simulated = planner().plan_outbound({owner_, "0123", 0, 0, std::nullopt}).value();
  EXPECT_TRUE(simulated.simulated_ai);
  EXPECT_EQ(simulated.ai.url, "ws://127.0.0.1:9/sim");
  settings_.simulator_fallback = false;
  EXPECT_EQ(planner().plan_outbound({owner_, "0123", 0, 0, std::nullopt}).error(), Errc::NoKey);
  settings_.default_key = "AIzaDefault";
  auto fallback = planner().plan_outbound({owner_, "0123", 0, 0, std::nullopt}).value();
  EXPECT_EQ(fallback.ai.api_key, "AIzaDefault");
}

TEST_F(CallPlanTest, TargetsAreCheckedBeforeAnyRecordIsWritten) {
  EXPECT_EQ(planner().plan_outbound({owner_, "call me", 0, 0, std::nullopt}).error(),
            Errc::InvalidTarget);
  EXPECT_EQ(planner().plan_outbound({owner_, "sip:bob@127.0.0.1", 0, 0, std::nullopt}).error(),
            Errc::InvalidTarget);
  settings_.allow_direct_uri = true;
  EXPECT_EQ(planner()
                .plan_outbound({owner_, "sip:bob@127.0.0.1", 0, 0, std::nullopt})
                .value()
                .request_uri,
            "sip:bob@127.0.0.1");
  settings_.trunk_uri.clear();
  EXPECT_EQ(planner().plan_outbound({owner_, "0123", 0, 0, std::nullopt}).error(), Errc::NoTrunk);
  EXPECT_EQ(store_->list_calls(std::nullopt, {}).value().total, 1);
}

TEST_F(CallPlanTest, TheGreetingPreviewIsWhatACallWouldPlayAndCreatesNoRecord) {
  crm::AgentConfig agent;
  agent.greeting = "Good morning, this is Ava.";
  auto preview = planner().preview_greeting(owner_, agent);
  ASSERT_TRUE(preview) << preview.error().message();
  ASSERT_TRUE(*preview);
  EXPECT_GT((*preview)->frames.size(), 25u);  // > 0.5 s of speech at 20 ms a frame
  // The same text, voice and language: the very greeting a call would start with.
  auto plan = planner().plan_outbound({owner_, "+4930 555", 0, 0, agent}).value();
  EXPECT_EQ(plan.greeting, *preview);
  EXPECT_EQ(store_->list_calls(std::nullopt, {}).value().total,
            1);  // the call's, not the preview's
}

TEST_F(CallPlanTest, CampaignAgentIsUsedAndGapsGetDefaults) {
  crm::Campaign c;
  c.owner_id = owner_.id;
  c.name = "spring";
  c.agent.system_prompt = "Sell flowers.";
  c.agent.language = "de-DE";
  c.id = store_->create_campaign(c).value();
  auto plan = planner().plan_outbound({owner_, "0123", 0, c.id, std::nullopt}).value();
  // The rendered greeting is played before the AI speaks: the AI is told it was said.
  ASSERT_TRUE(plan.greeting);
  EXPECT_EQ(plan.ai.system_instruction, "Sell flowers." + greeting_note(plan.agent.greeting));
  EXPECT_NE(plan.ai.system_instruction.find(plan.agent.greeting), std::string::npos);
  EXPECT_EQ(plan.ai.language, "de-DE");
  EXPECT_EQ(plan.ai.voice, settings_.ai_voice);
  EXPECT_EQ(plan.agent.greeting, settings_.default_greeting);
  ASSERT_TRUE(plan.greeting);  // rendered before the call (espeak-ng)
  EXPECT_GT(plan.greeting->frames.size(), 10u);
  EXPECT_EQ(plan.record.campaign_id, c.id);
}

TEST_F(CallPlanTest, InboundRouteGivesTheOwnerAndARingingRecord) {
  ASSERT_TRUE(keys_->set_user_key(owner_.id, "AIzaOwnerKey0002"));
  auto plan = planner()
                  .plan_inbound({"+4930100", owner_.id, 0, 0}, "sip:+4917@gw", "+4930100", "abc@gw")
                  .value();
  EXPECT_EQ(plan.owner.id, owner_.id);
  EXPECT_EQ(plan.ai.api_key, "AIzaOwnerKey0002");
  auto rec = store_->get_call(plan.record.id).value();
  EXPECT_EQ(rec.direction, "inbound");
  EXPECT_EQ(rec.status, "ringing");
  EXPECT_EQ(rec.sip_call_id, "abc@gw");
}

}  // namespace
}  // namespace va::call
