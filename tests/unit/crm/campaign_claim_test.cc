// The dialer's store half on both backends: the atomic claim (do_not_call never claimed, a
// lead in two campaigns never claimed twice, racing claimers never share a lead), attempts
// and call ids, congestion refunds, crash leftovers, and lead lists that keep their state.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "crm/store.h"
#include "fresh_database.h"

namespace va::crm {
namespace {

using Verdict = ClaimDecision::Verdict;

ClaimDecision dial(const ClaimedLead&) {
  ClaimDecision d;
  d.verdict = Verdict::Dial;
  d.line = "gsm1";
  return d;
}

class CampaignClaimTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<va::testing::FreshDatabase>(GetParam());
    if (!db_->error().empty()) GTEST_SKIP() << db_->error();
    auto s = Store::create(db_->url(), 4);
    ASSERT_TRUE(s) << s.error().message();
    store_ = std::move(*s);
    User u;
    u.username = "owner";
    u.role = Role::Admin;
    u.password_hash = "x";
    owner_ = store_->create_user(u).value();
  }

  Id lead(const std::string& phone, const std::string& status = "new") {
    Lead l;
    l.owner_id = owner_;
    l.name = "lead " + phone;
    l.phone = phone;
    l.status = status;
    return store_->create_lead(l).value();
  }

  Id campaign(const std::vector<Id>& leads) {
    Campaign c;
    c.owner_id = owner_;
    c.name = "c";
    c.status = "active";
    const Id id = store_->create_campaign(c).value();
    EXPECT_TRUE(store_->set_campaign_leads(id, leads));
    return id;
  }

  std::optional<ClaimedLead> claim(Id campaign, std::int64_t now = 1000) {
    auto r = store_->claim_next_lead(campaign, now, "node-a", 50, dial);
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : std::nullopt;
  }

  std::unique_ptr<va::testing::FreshDatabase> db_;
  std::unique_ptr<Store> store_;
  Id owner_ = 0;
};

TEST_P(CampaignClaimTest, ClaimsDueLeadsOnceAndSkipsDoNotCall) {
  const Id a = lead("+4930000001");
  const Id dnc = lead("+4930000002", "do_not_call");
  const Id c = campaign({a, dnc});
  auto first = claim(c);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->lead.id, a);
  EXPECT_EQ(first->entry.state, "calling");
  EXPECT_FALSE(claim(c));  // a is calling, dnc is skipped
  auto skipped = store_->get_campaign_lead(c, dnc).value();
  EXPECT_EQ(skipped.state, "skipped");
  EXPECT_EQ(skipped.skip_reason, "do_not_call");
  EXPECT_EQ(store_->get_campaign_lead(c, a)->node, "node-a");
}

TEST_P(CampaignClaimTest, ALeadCallingInOneCampaignIsNotClaimedInAnother) {
  const Id shared = lead("+4930000003");
  const Id c1 = campaign({shared});
  const Id c2 = campaign({shared});
  ASSERT_TRUE(claim(c1));
  EXPECT_FALSE(claim(c2));
  ASSERT_TRUE(store_->release_claim(c1, shared, 0));
  EXPECT_TRUE(claim(c2));
}

TEST_P(CampaignClaimTest, DeferAndSkipVerdictsAreStored) {
  const Id later = lead("+4930000004");
  const Id bad = lead("+4930000005");
  const Id c = campaign({later, bad});
  auto r = store_->claim_next_lead(c, 1000, "n", 50, [&](const ClaimedLead& x) {
    ClaimDecision d;
    d.verdict = x.lead.id == later ? Verdict::Defer : Verdict::Skip;
    d.defer_until = 90'000;
    d.skip_reason = "invalid_number";
    return d;
  });
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r);
  EXPECT_EQ(store_->get_campaign_lead(c, later)->state, "pending");
  EXPECT_EQ(store_->get_campaign_lead(c, later)->next_attempt_at, 90'000);
  EXPECT_EQ(store_->get_campaign_lead(c, bad)->skip_reason, "invalid_number");
  EXPECT_FALSE(claim(c, 89'999));
  EXPECT_TRUE(claim(c, 90'000));
}

TEST_P(CampaignClaimTest, AttemptsCallIdsAndCongestionRefunds) {
  const Id l = lead("+4930000006");
  const Id c = campaign({l});
  auto first = claim(c);
  ASSERT_TRUE(first);
  // The claim itself counts the attempt (before any INVITE); record_dial adds the call id.
  EXPECT_EQ(first->entry.attempts, 1);
  EXPECT_EQ(store_->get_campaign_lead(c, l)->attempts, 1);
  ASSERT_TRUE(store_->record_dial(c, l, 41));
  EXPECT_EQ(store_->get_campaign_lead(c, l)->attempts, 1);
  ASSERT_TRUE(store_->finish_attempt({c, l, "retry_wait", "", "busy", 2000, 0}));
  ASSERT_TRUE(claim(c, 2000));
  ASSERT_TRUE(store_->record_dial(c, l, 42));
  ASSERT_TRUE(store_->finish_attempt({c, l, "retry_wait", "", "", 2000, 42}));  // congestion
  auto e = store_->get_campaign_lead(c, l).value();
  EXPECT_EQ(e.attempts, 1);
  EXPECT_EQ(e.call_ids, std::vector<Id>({41}));
  EXPECT_EQ(e.last_outcome, "busy");
  auto tally = store_->campaign_tally(c).value();
  EXPECT_EQ(tally.total, 1);
  EXPECT_EQ(tally.attempts, 1);
}

TEST_P(CampaignClaimTest, AReleasedClaimGivesItsAttemptBack) {
  const Id l = lead("+4930000014");
  const Id c = campaign({l});
  ASSERT_TRUE(claim(c));
  ASSERT_TRUE(store_->release_claim(c, l, 0));  // the call layer refused: never placed
  auto e = store_->get_campaign_lead(c, l).value();
  EXPECT_EQ(e.state, "pending");
  EXPECT_EQ(e.attempts, 0);
  ASSERT_TRUE(claim(c));
  ASSERT_TRUE(store_->record_dial(c, l, 51));
  ASSERT_TRUE(store_->finish_attempt({c, l, "retry_wait", "", "busy", 1000, 0}));
  ASSERT_TRUE(claim(c));
  ASSERT_TRUE(store_->release_claim(c, l, 0));
  e = store_->get_campaign_lead(c, l).value();
  EXPECT_EQ(e.state, "retry_wait");
  EXPECT_EQ(e.attempts, 1);
}

// A line's capacity over every campaign and node: leads `calling` on it are counted by the
// database inside the claim, the line with the most room is taken, none: Limit::Lines.
TEST_P(CampaignClaimTest, LineCapacityCountsEveryCampaignAndNode) {
  std::vector<Id> leads;
  for (int i = 0; i < 8; ++i)
    leads.push_back(lead("+49301003" + std::to_string(10 + i)));
  const Id c1 = campaign({leads[0], leads[1], leads[2], leads[3]});
  const Id c2 = campaign({leads[4], leads[5], leads[6], leads[7]});
  ClaimLimits limits;
  limits.lines = {{"gsm1", 1}, {"gsm2", 2}};
  std::map<std::string, int> on;
  for (const auto& [c, node] : {std::pair{c1, "node-a"}, {c2, "node-b"}, {c1, "node-b"}}) {
    auto r = store_->claim_next_lead(c, 1000, node, 50, limits, dial).value();
    ASSERT_TRUE(r.lead);
    ++on[r.lead->entry.line];
    EXPECT_EQ(store_->get_campaign_lead(c, r.lead->lead.id)->line, r.lead->entry.line);
  }
  EXPECT_EQ(on, (std::map<std::string, int>{{"gsm1", 1}, {"gsm2", 2}}));
  auto full = store_->claim_next_lead(c2, 1000, "node-a", 50, limits, dial).value();
  EXPECT_FALSE(full.lead);
  EXPECT_EQ(full.limited, ClaimResult::Limit::Lines);
  // A call on gsm1 ends: that line has room again, for either campaign.
  auto gsm1 = std::find_if(leads.begin(), leads.end(), [&](Id l) {
    for (Id c : {c1, c2}) {
      auto e = store_->get_campaign_lead(c, l);
      if (e && e->state == "calling" && e->line == "gsm1") return true;
    }
    return false;
  });
  ASSERT_NE(gsm1, leads.end());
  const Id gsm1_campaign = store_->get_campaign_lead(c1, *gsm1) ? c1 : c2;
  ASSERT_TRUE(store_->finish_attempt({gsm1_campaign, *gsm1, "done", "", "answered", 0, 0}));
  auto next = store_->claim_next_lead(c2, 1000, "node-a", 50, limits, dial).value();
  ASSERT_TRUE(next.lead);
  EXPECT_EQ(next.lead->entry.line, "gsm1");
  // Without line limits the decision's line is stored as it is.
  auto free = store_->claim_next_lead(c2, 1000, "node-a", 50, ClaimLimits{}, dial).value();
  ASSERT_TRUE(free.lead);
  EXPECT_EQ(free.lead->entry.line, "gsm1");
}

TEST_P(CampaignClaimTest, RacingClaimersOfTwoCampaignsStayWithinALinesCapacity) {
  std::vector<Id> leads;
  for (int i = 0; i < 40; ++i)
    leads.push_back(lead("+49301004" + std::to_string(10 + i)));
  const Id c1 = campaign(std::vector<Id>(leads.begin(), leads.begin() + 20));
  const Id c2 = campaign(std::vector<Id>(leads.begin() + 20, leads.end()));
  ClaimLimits limits;
  limits.lines = {{"gsm1", 3}};
  std::atomic<int> claimed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        auto r = store_->claim_next_lead(t % 2 ? c1 : c2, 1000, "n" + std::to_string(t), 10, limits,
                                         dial);
        if (r && r->lead) ++claimed;
      }
    });
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(claimed.load(), 3);
  EXPECT_EQ(store_->calling_leads("")->size(), 3u);
}

TEST_P(CampaignClaimTest, CallingLeadsAreWhatACrashLeaves) {
  const Id l1 = lead("+4930000007");
  const Id l2 = lead("+4930000008");
  const Id c = campaign({l1, l2});
  ASSERT_TRUE(claim(c));
  ASSERT_TRUE(store_->claim_next_lead(c, 1000, "node-b", 50, dial).value());
  EXPECT_EQ(store_->calling_leads("node-a")->size(), 1u);
  EXPECT_EQ(store_->calling_leads("")->size(), 2u);
}

TEST_P(CampaignClaimTest, ReplacingTheLeadListKeepsStates) {
  const Id l1 = lead("+4930000009");
  const Id l2 = lead("+4930000010");
  const Id c = campaign({l1});
  ASSERT_TRUE(claim(c));
  ASSERT_TRUE(store_->set_campaign_leads(c, {l2}));  // l1 is calling: it stays until it ends
  EXPECT_EQ(store_->get_campaign_lead(c, l1)->state, "calling");
  EXPECT_EQ(store_->get_campaign_lead(c, l2)->state, "pending");
  EXPECT_EQ(store_->campaign_tally(c)->total, 2);
}

TEST_P(CampaignClaimTest, RacingClaimersNeverShareALead) {
  std::vector<Id> leads;
  for (int i = 0; i < 60; ++i)
    leads.push_back(lead("+49301000" + std::to_string(100 + i)));
  const Id c1 = campaign(leads);
  const Id c2 = campaign(leads);  // the same leads in a second campaign
  std::mutex mu;
  std::multiset<Id> got;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        auto r = store_->claim_next_lead(t % 2 ? c1 : c2, 1000, "n" + std::to_string(t), 10, dial);
        if (r && *r) {
          std::lock_guard lock(mu);
          got.insert((*r)->lead.id);
        }
      }
    });
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(got.size(), 60u);  // every lead once, in one campaign or the other
  for (Id id : leads)
    EXPECT_EQ(got.count(id), 1u) << id;
}

// Pacing across nodes: two claimers (nodes) of one campaign share max_concurrent, counted
// from the database, and a released claim gives its calls_per_minute slot back.
TEST_P(CampaignClaimTest, MaxConcurrentCountsEveryNodesCallingLeads) {
  const Id c = campaign({lead("+4930000011"), lead("+4930000012"), lead("+4930000013")});
  const ClaimLimits limits{2, 0};
  auto a = store_->claim_next_lead(c, 1000, "node-a", 50, limits, dial).value();
  auto b = store_->claim_next_lead(c, 1000, "node-b", 50, limits, dial).value();
  ASSERT_TRUE(a.lead && b.lead);
  auto third = store_->claim_next_lead(c, 1000, "node-b", 50, limits, dial).value();
  EXPECT_FALSE(third.lead);
  EXPECT_EQ(third.limited, ClaimResult::Limit::Concurrent);
  ASSERT_TRUE(store_->release_claim(c, a.lead->lead.id, 0));
  EXPECT_TRUE(store_->claim_next_lead(c, 1000, "node-b", 50, limits, dial)->lead);
}

TEST_P(CampaignClaimTest, CallsPerMinuteIsASliding60sWindowInTheDatabase) {
  std::vector<Id> leads;
  for (int i = 0; i < 4; ++i)
    leads.push_back(lead("+49301001" + std::to_string(10 + i)));
  const Id c = campaign(leads);
  const ClaimLimits limits{0, 2};
  auto first = store_->claim_next_lead(c, 1000, "node-a", 50, limits, dial).value();
  ASSERT_TRUE(first.lead);
  ASSERT_TRUE(store_->claim_next_lead(c, 30'000, "node-b", 50, limits, dial)->lead);
  auto full = store_->claim_next_lead(c, 60'999, "node-a", 50, limits, dial).value();
  EXPECT_FALSE(full.lead);
  EXPECT_EQ(full.limited, ClaimResult::Limit::Rate);
  // 60 s after the first dial its slot is free again (the second still counts).
  EXPECT_TRUE(store_->claim_next_lead(c, 61'000, "node-a", 50, limits, dial)->lead);
  EXPECT_EQ(store_->claim_next_lead(c, 61'000, "node-b", 50, limits, dial)->limited,
            ClaimResult::Limit::Rate);
  // A claim whose call was never placed is no dial: its slot comes back.
  auto calling = store_->calling_leads("node-a").value();
  ASSERT_FALSE(calling.empty());
  ASSERT_TRUE(store_->release_claim(c, calling.back().lead_id, 61'000));
  EXPECT_TRUE(store_->claim_next_lead(c, 61'000, "node-b", 50, limits, dial)->lead);
}

TEST_P(CampaignClaimTest, RacingClaimersTogetherStayWithinMaxConcurrent) {
  std::vector<Id> leads;
  for (int i = 0; i < 30; ++i)
    leads.push_back(lead("+49301002" + std::to_string(10 + i)));
  const Id c = campaign(leads);
  std::atomic<int> claimed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        auto r = store_->claim_next_lead(c, 1000, "n" + std::to_string(t), 10, {5, 0}, dial);
        if (r && r->lead) ++claimed;
      }
    });
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(claimed.load(), 5);
  EXPECT_EQ(store_->calling_leads("")->size(), 5u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CampaignClaimTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace va::crm
