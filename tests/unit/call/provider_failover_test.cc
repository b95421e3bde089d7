// Provider failover (issue 16): which failures switch, at most once, with the conversation so
// far; and the planner's choice of the other provider's key per owner and tenant.
#include "call/provider_failover.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "ai/errc.h"
#include "call/call_plan.h"
#include "core/key_fingerprint.h"

namespace va::call {
namespace {

FailoverTarget openai_target() {
  FailoverTarget t;
  t.ai.provider = "openai";
  t.ai.api_key = "sk-tenant-a";
  t.ai.system_instruction = "You are Ava.";
  t.key_fingerprint = core::key_fingerprint("sk-tenant-a");
  return t;
}

TEST(ProviderFailover, EveryProviderFailureHasAReasonAndOtherErrorsNone) {
  EXPECT_EQ(ProviderFailover::reason_for(ai::Errc::BadKey), "bad_key");
  EXPECT_EQ(ProviderFailover::reason_for(ai::Errc::Quota), "quota");
  EXPECT_EQ(ProviderFailover::reason_for(ai::Errc::ConnectFailed), "unreachable");
  EXPECT_EQ(ProviderFailover::reason_for(ai::Errc::UpgradeRejected), "unreachable");
  EXPECT_EQ(ProviderFailover::reason_for(ai::Errc::SetupTimeout), "setup_timeout");
  EXPECT_EQ(ProviderFailover::reason_for(ai::Errc::BadModel), "setup_rejected");
  EXPECT_EQ(ProviderFailover::reason_for(ai::Errc::ServerGone), "closed");
  EXPECT_EQ(ProviderFailover::reason_for(ai::Errc::ResumeRejected), "closed");
  EXPECT_EQ(ProviderFailover::reason_for(ai::Errc::MalformedJson), "protocol");
  // Not the provider's word: no switch.
  EXPECT_EQ(ProviderFailover::reason_for(ai::Errc::Ok), "");
  EXPECT_EQ(ProviderFailover::reason_for(std::make_error_code(std::errc::io_error)), "");
  EXPECT_EQ(ProviderFailover::reason_for({}), "");
}

TEST(ProviderFailover, SwitchesOnceAndNeverBack) {
  ProviderFailover f(true, openai_target());
  EXPECT_TRUE(f.can_switch("closed"));
  EXPECT_FALSE(f.can_switch(""));
  auto first = f.take("closed", true);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->ai.provider, "openai");
  EXPECT_EQ(first->key_fingerprint, core::key_fingerprint("sk-tenant-a"));
  EXPECT_TRUE(f.switched());
  // The second provider failing too ends the call as before: no ping-pong.
  EXPECT_FALSE(f.can_switch("closed"));
  EXPECT_FALSE(f.take("closed", true));
  EXPECT_FALSE(f.take(ProviderFailover::kStalled, true));
}

TEST(ProviderFailover, OffOrWithoutATargetNothingSwitches) {
  ProviderFailover off(false, openai_target());
  EXPECT_FALSE(off.can_switch("bad_key"));
  EXPECT_FALSE(off.take("bad_key", false));
  ProviderFailover no_target(true, std::nullopt);
  EXPECT_FALSE(no_target.take("quota", false));
  ProviderFailover defaulted;
  EXPECT_FALSE(defaulted.take("quota", false));
}

TEST(ProviderFailover, TheNewSessionIsToldThePromptAndTheConversationSoFar) {
  ProviderFailover f(true, openai_target());
  f.remember("agent", "Hello, this is Ava.");
  f.remember("caller", "I would like to book a table for two.");
  f.remember("system", "failover: gemini -> openai: closed");  // not conversation
  f.remember("dtmf", "5");
  auto t = f.take("closed", true);
  ASSERT_TRUE(t);
  const auto& text = t->ai.system_instruction;
  EXPECT_EQ(text.rfind("You are Ava.", 0), 0u) << text;
  const auto agent = text.find("agent: Hello, this is Ava.\n");
  const auto caller = text.find("caller: I would like to book a table for two.\n");
  ASSERT_NE(agent, std::string::npos) << text;
  ASSERT_NE(caller, std::string::npos) << text;
  EXPECT_LT(agent, caller);
  EXPECT_EQ(text.find("failover:"), std::string::npos);
  EXPECT_NE(text.find("do not greet the caller again"), std::string::npos);
}

TEST(ProviderFailover, AtSetupTheNewSessionGetsThePromptAsIs) {
  ProviderFailover f(true, openai_target());
  f.remember("agent", "Hello, this is Ava.");
  auto t = f.take("bad_key", false);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->ai.system_instruction, "You are Ava.");
}

TEST(ProviderFailover, TheContextKeepsTheLatestLinesWithinItsBound) {
  ProviderFailover f(true, openai_target());
  const std::string line(1000, 'x');
  for (int i = 0; i < 20; ++i)
    f.remember(i % 2 ? "caller" : "agent", std::to_string(i) + line);
  f.remember("caller", "the last words");
  const auto text = f.context_instruction("");
  EXPECT_LT(text.size(), ProviderFailover::kMaxContextChars + 1000);
  EXPECT_NE(text.find("caller: the last words"), std::string::npos);
  EXPECT_EQ(text.find("agent: 0x"), std::string::npos);  // the oldest went first
}

TEST(ProviderFailover, TheTranscriptLineNamesBothProvidersAndTheReason) {
  EXPECT_EQ(failover_line("gemini", "openai", "closed"), "failover: gemini -> openai: closed");
}

// The planner decides the second session with the first (on the DB pool), by the same key
// rules: the owner's key of the other provider, never another tenant's; the simulator when the
// owner has none and ai.simulator = auto; nothing when neither.
class FailoverPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("va_failover_plan_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = crm::Store::create("sqlite:" + (dir_ / "db.sqlite").string()).value();
    crm::KeyVault::MasterKey master{};
    master.fill(9);
    keys_ = std::make_unique<crm::KeyPool>(*store_, crm::KeyVault(master));
    settings_ = CallSettings::from(core::Config{});
    settings_.trunk_uri = "sip:192.0.2.10:5060;transport=udp";
    settings_.record = false;
    settings_.openai_url = "wss://api.openai.example/v1/realtime";
    alice_ = make_admin("alice");
    bob_ = make_admin("bob");
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  crm::User make_admin(const std::string& name) {
    crm::User u;
    u.username = name;
    u.role = crm::Role::Admin;
    u.id = store_->create_user(u).value();
    return u;
  }
  CallPlan plan(const crm::User& owner, const std::string& provider = "",
                std::string sim_url = "ws://127.0.0.1:9/sim") {
    CallPlanner planner(*store_, *keys_, greetings_, settings_, std::move(sim_url));
    crm::AgentConfig agent;
    agent.provider = provider;
    agent.system_prompt = "You are Ava.";
    auto p = planner.plan_outbound({owner, "+4930 555", 0, 0, agent});
    EXPECT_TRUE(p) << p.error().message();
    return p ? std::move(*p) : CallPlan{};
  }

  std::filesystem::path dir_;
  std::unique_ptr<crm::Store> store_;
  std::unique_ptr<crm::KeyPool> keys_;
  ai::GreetingCache greetings_;
  CallSettings settings_;
  crm::User alice_, bob_;
};

TEST_F(FailoverPlanTest, TheOtherProviderUnderTheOwnersOwnKeyOfIt) {
  ASSERT_TRUE(keys_->set_user_key(nullptr, alice_.id, "AIzaAliceGemini1", "gemini"));
  ASSERT_TRUE(keys_->set_user_key(nullptr, alice_.id, "sk-alice-openai-1", "openai"));
  auto p = plan(alice_);
  EXPECT_EQ(p.ai.provider, "gemini");
  ASSERT_TRUE(p.failover);
  EXPECT_EQ(p.failover->ai.provider, "openai");
  EXPECT_EQ(p.failover->ai.api_key, "sk-alice-openai-1");
  EXPECT_EQ(p.failover->key_fingerprint, core::key_fingerprint("sk-alice-openai-1"));
  EXPECT_EQ(p.failover->ai.url, settings_.openai_url);
  EXPECT_EQ(p.failover->ai.model, settings_.openai_model);
  EXPECT_EQ(p.failover->ai.voice, settings_.openai_voice);  // a voice is a provider's own
  EXPECT_FALSE(p.failover->simulated);
  // The prompt carries over (the conversation is added when it is used).
  EXPECT_EQ(p.failover->ai.system_instruction, p.ai.system_instruction);
  ASSERT_TRUE(p.failover_prompt);  // "One moment, please." rendered before the call
  EXPECT_GT(p.failover_prompt->frames.size(), 10u);

  // And the other way round: an OpenAI call falls back to the owner's Gemini key.
  auto back = plan(alice_, "openai");
  EXPECT_EQ(back.ai.api_key, "sk-alice-openai-1");
  ASSERT_TRUE(back.failover);
  EXPECT_EQ(back.failover->ai.provider, "gemini");
  EXPECT_EQ(back.failover->ai.api_key, "AIzaAliceGemini1");
  EXPECT_EQ(back.failover->ai.url, settings_.ai_url);
}

TEST_F(FailoverPlanTest, AnotherTenantsKeyNeverServesTheFailover) {
  ASSERT_TRUE(keys_->set_user_key(nullptr, alice_.id, "sk-alice-openai-2", "openai"));
  ASSERT_TRUE(keys_->set_user_key(nullptr, bob_.id, "AIzaBobGemini2", "gemini"));
  // Bob has no OpenAI key: the simulator (ai.simulator = auto), never Alice's key.
  auto p = plan(bob_);
  EXPECT_EQ(p.ai.api_key, "AIzaBobGemini2");
  ASSERT_TRUE(p.failover);
  EXPECT_NE(p.failover->ai.api_key, "sk-alice-openai-2");
  EXPECT_TRUE(p.failover->simulated);
  EXPECT_EQ(p.failover->ai.url, "ws://127.0.0.1:9/v1/realtime");
  // Without a simulator Bob's call has no failover at all.
  settings_.simulator_fallback = false;
  auto none = plan(bob_);
  EXPECT_FALSE(none.failover);
  EXPECT_FALSE(none.failover_prompt);
}

TEST_F(FailoverPlanTest, TheDefaultKeyIsAGeminiKeyOnly) {
  settings_.simulator_fallback = false;
  settings_.default_key = "AIzaServerDefault";
  ASSERT_TRUE(keys_->set_user_key(nullptr, alice_.id, "sk-alice-openai-3", "openai"));
  auto to_gemini = plan(alice_, "openai");
  ASSERT_TRUE(to_gemini.failover);
  EXPECT_EQ(to_gemini.failover->ai.api_key, "AIzaServerDefault");
  auto to_openai = plan(bob_);  // Bob: the default Gemini key, and no OpenAI key of his own
  EXPECT_EQ(to_openai.ai.api_key, "AIzaServerDefault");
  EXPECT_FALSE(to_openai.failover);
}

TEST_F(FailoverPlanTest, OffNoSecondSessionIsPlanned) {
  settings_.failover = false;
  ASSERT_TRUE(keys_->set_user_key(nullptr, alice_.id, "sk-alice-openai-4", "openai"));
  auto p = plan(alice_);
  EXPECT_FALSE(p.failover);
  EXPECT_FALSE(p.failover_prompt);
}

}  // namespace
}  // namespace va::call
