#include "call/call_plan.h"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <cmath>
#include <filesystem>
#include <future>

#include "call/errc.h"
#include "core/key_fingerprint.h"
#include "sim/sim_config.h"
#include "sim/sim_pool.h"
#include "sim/sim_server.h"

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
  ASSERT_TRUE(keys_->set_user_key(nullptr, owner_.id, "AIzaOwnerKey0001"));
  auto plan = planner().plan_outbound({owner_, "+4930 555", 0, 0, std::nullopt}).value();
  EXPECT_EQ(plan.ai.api_key, "AIzaOwnerKey0001");
  EXPECT_EQ(plan.key_fingerprint, core::key_fingerprint("AIzaOwnerKey0001"));
  EXPECT_FALSE(plan.simulated_ai);
  EXPECT_EQ(plan.request_uri, "sip:+4930555@192.0.2.10:5060;transport=udp");
  auto rec = store_->get_call(plan.record.id).value();
  EXPECT_EQ(rec.key_fingerprint, plan.key_fingerprint);
  EXPECT_EQ(rec.status, crm::CallStatus::Dialing);
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

// The simulator's TTS on one thread of its own (the TTS client blocks the planning thread):
// in tone mode it renders any text as the requesting key's tone (sim_config.h).
class TtsSimulator {
 public:
  TtsSimulator() : server_(pool_.executors(), config_) {
    server_.start();
    pool_.start();
  }
  ~TtsSimulator() {
    std::promise<void> done;
    boost::asio::post(pool_.context(0), [&] {
      server_.stop();
      done.set_value();
    });
    done.get_future().wait_for(std::chrono::seconds(5));
    pool_.stop();
    pool_.join();
  }
  std::string url() const { return server_.rest_base_url(); }
  std::uint64_t tts_requests() const { return server_.counters().tts_requests; }

 private:
  sim::SimPool pool_{1};
  const sim::SimConfig config_;  // named: GCC 12 -O2 misreads a temporary's map
  sim::SimServer server_;
};

// Amplitude of the `hz` component of a greeting (single-bin DFT over all its frames).
double tone_amplitude(const ai::Greeting& g, double hz) {
  double re = 0, im = 0;
  std::size_t n = 0;
  for (const auto& frame : g.frames) {
    for (auto s : frame) {
      const double ph = 2 * M_PI * hz * static_cast<double>(n++) / ai::Greeting::kRate;
      re += s * std::cos(ph);
      im += s * std::sin(ph);
    }
  }
  return n == 0 ? 0 : 2 * std::hypot(re, im) / static_cast<double>(n);
}

// Issue 20: the same greeting words, voice and language for two tenants with two keys. Each
// call's greeting is rendered by TTS under its own owner's key (the simulator renders the
// key's tone), and tenant B's call and preview never get the audio rendered under A's key.
TEST_F(CallPlanTest, EachOwnersGreetingIsRenderedUnderItsOwnKeyNeverAnothers) {
  const std::string key_a = "AIzaTenantA-key-0001", key_b = "AIzaTenantB-key-0002";
  const int hz_a = sim::tone_frequency_for_key(key_a);
  const int hz_b = sim::tone_frequency_for_key(key_b);
  ASSERT_GT(std::abs(hz_a - hz_b), 300);
  TtsSimulator sim;
  ai::GreetingCache greetings("espeak-ng", ai::GreetingTtsConfig{sim.url(), ai::gemini::kTtsModel,
                                                                 "", std::chrono::seconds(5)});
  crm::User bob;
  bob.username = "bob";
  bob.role = crm::Role::Admin;
  bob.id = store_->create_user(bob).value();
  ASSERT_TRUE(keys_->set_user_key(nullptr, owner_.id, key_a));
  ASSERT_TRUE(keys_->set_user_key(nullptr, bob.id, key_b));
  CallPlanner planner(*store_, *keys_, greetings, settings_, "");
  crm::AgentConfig agent;
  agent.greeting = "Hello from the same campaign text.";

  auto a = planner.plan_outbound({owner_, "+4930 1", 0, 0, agent}).value();
  auto b = planner.plan_outbound({bob, "+4930 2", 0, 0, agent}).value();
  ASSERT_TRUE(a.greeting && b.greeting);
  EXPECT_NE(a.greeting, b.greeting);
  EXPECT_EQ(greetings.renders(), 2u);
  EXPECT_EQ(sim.tts_requests(), 2u);  // B's greeting was requested under B's key
  EXPECT_EQ(a.greeting->renderer, ai::GreetingRenderer::GeminiTts);
  EXPECT_EQ(b.greeting->renderer, ai::GreetingRenderer::GeminiTts);
  EXPECT_GT(tone_amplitude(*a.greeting, hz_a), 5000);
  EXPECT_LT(tone_amplitude(*a.greeting, hz_b), 500);
  EXPECT_GT(tone_amplitude(*b.greeting, hz_b), 5000);
  EXPECT_LT(tone_amplitude(*b.greeting, hz_a), 500) << "tenant B's call got A's rendering";
  // The preview follows the same rule: B hears B's rendering, from the cache.
  auto preview = planner.preview_greeting(bob, agent).value();
  EXPECT_EQ(preview, b.greeting);
  // A second call of A reuses A's rendering: one TTS request per key and text.
  EXPECT_EQ(planner.plan_outbound({owner_, "+4930 3", 0, 0, agent}).value().greeting, a.greeting);
  EXPECT_EQ(sim.tts_requests(), 2u);
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

TEST_F(CallPlanTest, ACampaignsVoicemailActionAndMessageWinOverTheServers) {
  settings_.voicemail_action = "off";
  settings_.voicemail_message = "The server's message.";
  auto plain = planner().plan_outbound({owner_, "0123", 0, 0, std::nullopt}).value();
  EXPECT_EQ(plain.voicemail_action, "off");
  EXPECT_FALSE(plain.voicemail_message);  // nothing to leave: not rendered
  crm::Campaign c;
  c.owner_id = owner_.id;
  c.name = "voicemail";
  c.voicemail_action = "message";
  c.id = store_->create_campaign(c).value();
  auto plan = planner().plan_outbound({owner_, "0123", 0, c.id, std::nullopt}).value();
  EXPECT_EQ(plan.voicemail_action, "message");
  EXPECT_EQ(plan.voicemail_text, "The server's message.");  // its own is empty
  ASSERT_TRUE(plan.voicemail_message);                      // rendered before the call
  EXPECT_GT(plan.voicemail_message->frames.size(), 10u);
  c.voicemail_message = "The campaign's own message.";
  ASSERT_TRUE(store_->update_campaign(c));
  plan = planner().plan_outbound({owner_, "0123", 0, c.id, std::nullopt}).value();
  EXPECT_EQ(plan.voicemail_text, "The campaign's own message.");
  settings_.voicemail_action = "hangup";
  c.voicemail_action = "";  // the server's again
  ASSERT_TRUE(store_->update_campaign(c));
  plan = planner().plan_outbound({owner_, "0123", 0, c.id, std::nullopt}).value();
  EXPECT_EQ(plan.voicemail_action, "hangup");
  EXPECT_FALSE(plan.voicemail_message);
}

TEST_F(CallPlanTest, InboundRouteGivesTheOwnerAndARingingRecord) {
  ASSERT_TRUE(keys_->set_user_key(nullptr, owner_.id, "AIzaOwnerKey0002"));
  auto plan = planner()
                  .plan_inbound({"+4930100", owner_.id, 0, 0}, "sip:+4917@gw", "+4930100", "abc@gw")
                  .value();
  EXPECT_EQ(plan.owner.id, owner_.id);
  EXPECT_EQ(plan.ai.api_key, "AIzaOwnerKey0002");
  auto rec = store_->get_call(plan.record.id).value();
  EXPECT_EQ(rec.direction, "inbound");
  EXPECT_EQ(rec.status, crm::CallStatus::Ringing);
  EXPECT_EQ(rec.sip_call_id, "abc@gw");
}

}  // namespace
}  // namespace va::call
