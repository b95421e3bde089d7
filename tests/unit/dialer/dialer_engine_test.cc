// DialerEngine on a real SQLite store with a fake CallPlacer and trunk: the trunk-down wait
// and its end, max_concurrent, line capacity, refusals by the call layer, call ends becoming
// the lead's next state, and recovery of leads a crash left calling.
#include "dialer/dialer_engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "call/errc.h"

namespace va::dialer {
namespace {

struct FakePlacer : CallPlacer {
  core::Result<crm::Id> place(const DialRequest& r) override {
    placed.push_back(r);
    if (refuse) return *refuse;
    return next_id++;
  }
  std::vector<DialRequest> placed;
  std::optional<std::error_code> refuse;
  crm::Id next_id = 1000;
};

class DialerEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("va-dialer-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    store_ = crm::Store::create("sqlite:" + (dir_ / "t.db").string(), 2).value();
    crm::User u;
    u.username = "owner";
    u.role = crm::Role::Admin;
    u.password_hash = "x";
    owner_ = store_->create_user(u).value();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  crm::Id campaign(int leads, std::int64_t max_concurrent) {
    crm::Campaign c;
    c.owner_id = owner_;
    c.name = "c";
    c.status = "active";
    c.dialing.max_concurrent = max_concurrent;
    c.dialing.calls_per_minute = 1000;
    c.dialing.hours_from_min = 0;
    c.dialing.hours_to_min = 24 * 60;
    c.dialing.days = 0b11111110;
    const auto id = store_->create_campaign(c).value();
    std::vector<crm::Id> ids;
    for (int i = 0; i < leads; ++i) {
      crm::Lead l;
      l.owner_id = owner_;
      l.name = "l";
      l.phone = "+49301000" + std::to_string(100 + i);
      ids.push_back(store_->create_lead(l).value());
    }
    EXPECT_TRUE(store_->set_campaign_leads(id, ids));
    return id;
  }

  DialerEngine engine(std::vector<core::TrunkLine> lines = {}) {
    DialerConfig config;
    config.node = "node-a";
    config.lines = std::move(lines);
    return DialerEngine({*store_, placer_, [this] { return trunk_; }, nullptr}, config);
  }

  std::string reason(crm::Id c) { return store_->get_campaign(c)->waiting_reason; }

  std::filesystem::path dir_;
  std::unique_ptr<crm::Store> store_;
  crm::Id owner_ = 0;
  FakePlacer placer_;
  TrunkState trunk_;
};

TEST_F(DialerEngineTest, WaitsWhileTheTrunkIsDownAndGoesOnWhenItIsBack) {
  const auto c = campaign(5, 3);
  auto e = engine();
  trunk_ = {false, 1'700'000'000'000, "403 Forbidden"};  // 2023-11-14 22:13:20 UTC
  e.tick();
  EXPECT_TRUE(placer_.placed.empty());
  EXPECT_EQ(reason(c), "trunk not registered since 22:13 UTC (403 Forbidden)");
  trunk_ = {};
  e.tick();
  EXPECT_EQ(placer_.placed.size(), 3u);  // max_concurrent
  EXPECT_EQ(reason(c), "");
  EXPECT_EQ(e.in_flight(), 3u);
}

TEST_F(DialerEngineTest, NeverMoreThanALinesCapacityAndPrefixesTheNumber) {
  const auto c = campaign(6, 10);
  auto e = engine({{"gsm1", "91", 2}});
  e.tick();
  ASSERT_EQ(placer_.placed.size(), 2u);
  EXPECT_EQ(placer_.placed[0].to.substr(0, 6), "914930");
  EXPECT_EQ(placer_.placed[0].campaign_id, c);
  EXPECT_EQ(reason(c), "all lines busy");
  e.on_call_ended(1000, "busy", "busy");
  e.tick();
  EXPECT_EQ(placer_.placed.size(), 3u);
}

// A campaign without lines of its own dials on its owner's lines; its own lines win.
TEST_F(DialerEngineTest, ACampaignUsesItsLinesElseItsOwnersElseAny) {
  const auto c = campaign(6, 10);
  auto owner = store_->get_user(owner_).value();
  owner.lines = {"gsm2"};
  ASSERT_TRUE(store_->update_user(owner));
  ASSERT_EQ(store_->get_user(owner_)->lines, std::vector<std::string>{"gsm2"});
  auto e = engine({{"gsm1", "91", 5}, {"gsm2", "92", 2}});
  e.tick();
  ASSERT_EQ(placer_.placed.size(), 2u);  // gsm2's capacity; gsm1 is not the owner's
  for (const auto& p : placer_.placed)
    EXPECT_EQ(p.to.substr(0, 2), "92");
  EXPECT_EQ(reason(c), "all lines busy");
  auto camp = store_->get_campaign(c).value();
  camp.dialing.lines = {"gsm1"};
  ASSERT_TRUE(store_->update_campaign(camp));
  e.tick();
  ASSERT_EQ(placer_.placed.size(), 6u);  // 4 more, on the campaign's own gsm1
  for (std::size_t i = 2; i < 6; ++i)
    EXPECT_EQ(placer_.placed[i].to.substr(0, 2), "91");
  owner.lines = {};
  ASSERT_TRUE(store_->update_user(owner));
  EXPECT_TRUE(store_->get_user(owner_)->lines.empty());
}

// Two nodes sharing one gateway: a line's capacity holds for both together (the claim
// counts the line's calls up in the database), not once per node.
TEST_F(DialerEngineTest, TwoEnginesOnOneDatabaseTogetherStayWithinALinesCapacity) {
  const auto c = campaign(8, 10);
  const std::vector<core::TrunkLine> lines{{"gsm1", "91", 3}};
  auto a = engine(lines);
  DialerConfig config_b;
  config_b.node = "node-b";
  config_b.lines = lines;
  DialerEngine b({*store_, placer_, [this] { return trunk_; }, nullptr}, config_b);
  a.tick();
  b.tick();
  EXPECT_EQ(placer_.placed.size(), 3u);
  EXPECT_EQ(a.in_flight(), 3u);
  EXPECT_EQ(b.in_flight(), 0u);
  EXPECT_EQ(reason(c), "all lines busy");
  a.on_call_ended(1000, "busy", "busy");
  b.tick();  // one slot free on the shared line: b takes it
  EXPECT_EQ(b.in_flight(), 1u);
  a.tick();
  EXPECT_EQ(placer_.placed.size(), 4u);
  EXPECT_EQ(store_->calling_leads("")->size(), 3u);
}

// Two nodes (engines) on one database share the campaign's max_concurrent.
TEST_F(DialerEngineTest, TwoEnginesOnOneDatabaseTogetherStayWithinMaxConcurrent) {
  const auto c = campaign(6, 2);
  auto a = engine();
  DialerConfig config_b;
  config_b.node = "node-b";
  DialerEngine b({*store_, placer_, [this] { return trunk_; }, nullptr}, config_b);
  a.tick();
  b.tick();
  EXPECT_EQ(placer_.placed.size(), 2u);
  EXPECT_EQ(a.in_flight() + b.in_flight(), 2u);
  EXPECT_EQ(store_->calling_leads("")->size(), 2u);
  a.on_call_ended(1000, "busy", "busy");
  b.tick();  // a's call ended: b may take its place
  EXPECT_EQ(b.in_flight(), 1u);
  EXPECT_EQ(store_->get_campaign(c)->status, "active");
}

// calls_per_minute's window is in the database: a restarted engine does not start over.
TEST_F(DialerEngineTest, ARestartKeepsTheCallsPerMinuteWindow) {
  const auto c = campaign(8, 10);
  auto d = store_->get_campaign(c).value();
  d.dialing.calls_per_minute = 3;
  ASSERT_TRUE(store_->update_campaign(d));
  {
    auto before = engine();
    before.tick();
    ASSERT_EQ(placer_.placed.size(), 3u);
    for (crm::Id id = 1000; id < 1003; ++id)
      before.on_call_ended(id, "answered", "answered");
  }
  auto after = engine();  // the node restarted
  after.recover();
  after.tick();
  EXPECT_EQ(placer_.placed.size(), 3u);
}

TEST_F(DialerEngineTest, CallEndsBecomeTheLeadsNextState) {
  const auto c = campaign(2, 2);
  auto e = engine();
  e.tick();
  ASSERT_EQ(placer_.placed.size(), 2u);
  const auto busy_lead = placer_.placed[0].lead_id;
  const auto congested_lead = placer_.placed[1].lead_id;
  e.on_call_ended(1000, "busy", "busy");
  e.on_call_ended(1001, "congestion", "rejected");
  auto busy = store_->get_campaign_lead(c, busy_lead).value();
  EXPECT_EQ(busy.state, "retry_wait");
  EXPECT_EQ(busy.attempts, 1);
  EXPECT_EQ(busy.call_ids, std::vector<crm::Id>({1000}));
  auto congested = store_->get_campaign_lead(c, congested_lead).value();
  EXPECT_EQ(congested.state, "pending");  // the line's fault: no attempt counted
  EXPECT_EQ(congested.attempts, 0);
  EXPECT_TRUE(congested.call_ids.empty());
  e.on_call_ended(4242, "busy", "busy");  // not ours: ignored
}

TEST_F(DialerEngineTest, ARefusedCallIsNoAttemptAndTheCampaignSaysWhy) {
  const auto c = campaign(2, 2);
  placer_.refuse = call::Errc::OwnerLimit;
  auto e = engine();
  e.tick();
  EXPECT_EQ(reason(c), "the owner is at their limit of concurrent calls");
  auto tally = store_->campaign_tally(c).value();
  EXPECT_EQ(tally.attempts, 0);
  EXPECT_EQ(store_->calling_leads("")->size(), 0u);
  placer_.refuse = call::Errc::InvalidTarget;
  e.tick();
  EXPECT_EQ(store_->campaign_tally(c)->by_state.back().first, "skipped");
}

TEST_F(DialerEngineTest, LeadsACrashLeftCallingAreInterruptedAndRetried) {
  const auto c = campaign(2, 2);
  {
    auto before = engine();
    before.tick();  // two calls placed, then the process "dies"
  }
  auto after = engine();
  after.recover();
  for (const auto& d : placer_.placed) {
    auto lead = store_->get_campaign_lead(c, d.lead_id).value();
    EXPECT_EQ(lead.state, "retry_wait");
    EXPECT_EQ(lead.last_outcome, "interrupted");
    EXPECT_EQ(lead.attempts, 1);
  }
  EXPECT_TRUE(store_->calling_leads("node-a")->empty());
}

// Several nodes (issue 18): node-a dies with calls up; node-b, the survivor that declared it
// dead, finishes node-a's attempts as interrupted (retried by policy) and leaves its own.
TEST_F(DialerEngineTest, ASurvivorInterruptsTheLeadsOfADeadNodeOnly) {
  const auto c = campaign(4, 4);
  DialerConfig config_b;
  config_b.node = "node-b";
  DialerEngine b({*store_, placer_, [this] { return trunk_; }, nullptr}, config_b);
  {
    auto a = engine();
    a.tick();  // node-a claims and places, then "dies"
  }
  ASSERT_EQ(store_->calling_leads("node-a")->size(), 4u);
  b.recover_node("node-a");
  EXPECT_TRUE(store_->calling_leads("node-a")->empty());
  for (const auto& d : placer_.placed) {
    auto lead = store_->get_campaign_lead(c, d.lead_id).value();
    EXPECT_EQ(lead.state, "retry_wait");
    EXPECT_EQ(lead.last_outcome, "interrupted");
    EXPECT_EQ(lead.attempts, 1);
  }
  b.recover_node("");  // never "every node"
  EXPECT_EQ(store_->get_campaign_lead(c, placer_.placed[0].lead_id)->state, "retry_wait");
}

// A crash after the claim and before record_dial (the INVITE may have left): the attempt was
// counted by the claim, so the restart takes it as interrupted and retries it by policy
// (here after failed's delay), never dialling it again at once for the same attempt.
TEST_F(DialerEngineTest, ACrashBetweenClaimAndRecordIsAnInterruptedAttempt) {
  const auto c = campaign(1, 1);
  auto claimed = store_->claim_next_lead(c, 1000, "node-a", 10, [](const crm::ClaimedLead&) {
    crm::ClaimDecision d;
    d.verdict = crm::ClaimDecision::Verdict::Dial;
    return d;
  });
  ASSERT_TRUE(claimed && *claimed);
  const auto lead = (*claimed)->lead.id;
  EXPECT_EQ(store_->get_campaign_lead(c, lead)->attempts, 1);
  auto after = engine();  // the node "died" before record_dial
  after.recover();
  auto e = store_->get_campaign_lead(c, lead).value();
  EXPECT_EQ(e.state, "retry_wait");
  EXPECT_EQ(e.last_outcome, "interrupted");
  EXPECT_EQ(e.attempts, 1);
  EXPECT_GT(e.next_attempt_at, 1000 + 60'000);
  after.tick();
  EXPECT_TRUE(placer_.placed.empty());
}

struct RecordingSink : CampaignEventSink {
  void publish_campaign(const CampaignEvent& e) override { events.push_back(e); }
  std::size_t count(const std::string& kind) const {
    return static_cast<std::size_t>(std::count_if(
        events.begin(), events.end(), [&](const CampaignEvent& e) { return e.kind == kind; }));
  }
  std::vector<CampaignEvent> events;
};

// A campaign that turns active without this node's API knowing (the CLI, another node) is
// announced by a campaign.status when the engine first finds it active, and once only.
TEST_F(DialerEngineTest, ACampaignFoundActiveIsAnnouncedOnce) {
  const auto c = campaign(4, 1);
  RecordingSink sink;
  DialerConfig config;
  config.node = "node-a";
  DialerEngine e({*store_, placer_, [this] { return trunk_; }, &sink}, config);
  e.tick();
  e.tick();
  ASSERT_EQ(sink.count("status"), 1u);
  EXPECT_EQ(sink.events.front().kind, "progress");  // the pass dials first
  EXPECT_EQ(sink.count("progress"), 1u);
  ASSERT_TRUE(store_->set_campaign_status(c, "paused"));
  e.tick();
  ASSERT_TRUE(store_->set_campaign_status(c, "active"));
  e.tick();
  EXPECT_EQ(sink.count("status"), 2u);
  for (const auto& ev : sink.events) {
    if (ev.kind == "status") {
      EXPECT_EQ(ev.status, "active");
    }
    EXPECT_EQ(ev.campaign_id, c);
  }
}

TEST_F(DialerEngineTest, AnAllFinishedCampaignTurnsDone) {
  const auto c = campaign(1, 1);
  auto e = engine();
  e.tick();
  e.on_call_ended(1000, "remote_hangup", "answered");
  e.tick();
  EXPECT_EQ(store_->get_campaign(c)->status, "done");
}

// Found by the benchmark: with its calls_per_minute window full, a campaign whose leads were
// all finished stayed active until the window slid (the done check never ran).
TEST_F(DialerEngineTest, TurnsDoneEvenWithItsRateWindowFull) {
  const auto c = campaign(2, 2);
  crm::Campaign changed = store_->get_campaign(c).value();
  changed.dialing.calls_per_minute = 2;
  ASSERT_TRUE(store_->update_campaign(changed));
  auto e = engine();
  e.tick();
  ASSERT_EQ(placer_.placed.size(), 2u);
  e.on_call_ended(1000, "remote_hangup", "answered");
  e.on_call_ended(1001, "remote_hangup", "answered");
  e.tick();
  EXPECT_EQ(store_->get_campaign(c)->status, "done");
}

}  // namespace
}  // namespace va::dialer
