// Post-call analyses in the store (migration 7), on SQLite and PostgreSQL: the pending rows as
// a queue, what a disposition does to the lead and its campaign row, conversions by scope,
// and the extraction schema's checks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "crm/errc.h"
#include "crm/extraction_schema.h"
#include "crm/store.h"
#include "pg_throwaway.h"

namespace va::crm {
namespace {

std::string unique(const std::string& stem) {
  static int n = 0;
  return stem + std::to_string(::getpid()) + "a" + std::to_string(++n);
}

class AnalysisStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() / unique("va-analysis-");
      url = "sqlite:" + (dir_ / "test.db").string();
    } else {
      std::string error;
      auto& pg = va::testing::PgThrowaway::shared(&error);
      ASSERT_EQ(error, "") << "the PostgreSQL half needs a throwaway cluster";
      url = pg.url();
    }
    auto s = Store::create(url, 3);
    ASSERT_TRUE(s) << s.error().message();
    store_ = std::move(*s);
    owner_ = user(Role::Admin);
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  Id user(Role role, Id parent = 0) {
    User u;
    u.username = unique("u");
    u.role = role;
    u.parent_id = parent;
    u.password_hash = "x";
    return store_->create_user(u).value();
  }
  Id lead(Id owner) {
    Lead l;
    l.owner_id = owner;
    l.name = unique("lead");
    l.phone = "+35928000000";
    return store_->create_lead(l).value();
  }
  Id call(Id owner, Id lead_id = 0, Id campaign = 0) {
    Call c;
    c.owner_id = owner;
    c.lead_id = lead_id;
    c.campaign_id = campaign;
    c.status = CallStatus::Ended;
    c.answered_at = 1000;
    return store_->create_call(c).value();
  }
  void finish(Id call_id, const std::string& disposition, std::int64_t callback_at = 0) {
    auto a = store_->get_analysis(call_id).value();
    a.status = "done";
    a.disposition = disposition;
    a.summary = "summary of " + std::to_string(call_id);
    a.callback_at = callback_at;
    a.fields = R"({"email":"x@y.example"})";
    ASSERT_TRUE(store_->save_analysis(a));
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  Id owner_ = 0;
};

TEST_P(AnalysisStoreTest, PendingRowsAreTheQueueOldestFirst) {
  const Id a = call(owner_), b = call(owner_), c = call(owner_);
  ASSERT_TRUE(store_->queue_analysis(b, 200, false));
  ASSERT_TRUE(store_->queue_analysis(a, 100, false));
  ASSERT_TRUE(store_->queue_analysis(c, 900, false));
  auto due = store_->due_analyses(500, 10).value();
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].call_id, a);
  EXPECT_EQ(due[1].call_id, b);
  EXPECT_EQ(due[0].owner_id, owner_);
  EXPECT_EQ(store_->count_analyses("pending").value(), 3);
  // Queued twice without restart: left as it is; with restart: pending again, attempts 0.
  finish(a, "interested");
  ASSERT_TRUE(store_->queue_analysis(a, 600, false));
  EXPECT_EQ(store_->get_analysis(a)->status, "done");
  ASSERT_TRUE(store_->queue_analysis(a, 600, true));
  auto again = store_->get_analysis(a).value();
  EXPECT_EQ(again.status, "pending");
  EXPECT_EQ(again.attempts, 0);
  EXPECT_EQ(again.next_try_at, 600);
  EXPECT_EQ(store_->get_analysis(call(owner_)).error(), make_error_code(Errc::NotFound));
}

TEST_P(AnalysisStoreTest, DispositionSetsLeadStatusAndDoNotCallSticks) {
  const Id l = lead(owner_);
  const Id c1 = call(owner_, l), c2 = call(owner_, l), c3 = call(owner_, l);
  ASSERT_TRUE(store_->apply_disposition({l, c1, 0, "interested", 0}));
  EXPECT_EQ(store_->get_lead(l)->status, "qualified");
  EXPECT_EQ(store_->get_lead(l)->disposition, "interested");
  ASSERT_TRUE(store_->apply_disposition({l, c3, 0, "do_not_call", 0}));
  EXPECT_EQ(store_->get_lead(l)->status, "do_not_call");
  // An older call analysed later does not overwrite the last one.
  ASSERT_TRUE(store_->apply_disposition({l, c2, 0, "interested", 0}));
  EXPECT_EQ(store_->get_lead(l)->disposition, "do_not_call");
  EXPECT_EQ(store_->get_lead(l)->disposition_call_id, c3);
  const Id c4 = call(owner_, l);
  ASSERT_TRUE(store_->apply_disposition({l, c4, 0, "interested", 0}));
  EXPECT_EQ(store_->get_lead(l)->disposition, "interested");
  EXPECT_EQ(store_->get_lead(l)->status, "do_not_call");  // only a person lifts it
}

TEST_P(AnalysisStoreTest, CallbackSchedulesTheLeadsNextAttemptOnceTheDialerFinished) {
  Campaign camp;
  camp.owner_id = owner_;
  camp.name = "c";
  const Id cid = store_->create_campaign(camp).value();
  const Id l = lead(owner_);
  ASSERT_TRUE(store_->set_campaign_leads(cid, {l}));
  auto claimed = store_->claim_next_lead(cid, now_ms(), "n", 10, [](const ClaimedLead&) {
    return ClaimDecision{ClaimDecision::Verdict::Dial, 0, "", ""};
  });
  ASSERT_TRUE(claimed && *claimed);
  const Id c = call(owner_, l, cid);
  // Still `calling`: the dialer has not written the end yet.
  EXPECT_EQ(store_->apply_disposition({l, c, cid, "callback", 5'000'000}).error(),
            make_error_code(Errc::Conflict));
  AttemptResult done;
  done.campaign_id = cid;
  done.lead_id = l;
  done.state = "done";
  done.last_outcome = "answered";
  ASSERT_TRUE(store_->finish_attempt(done));
  ASSERT_TRUE(store_->apply_disposition({l, c, cid, "callback", 5'000'000}));
  auto entry = store_->get_campaign_lead(cid, l).value();
  EXPECT_EQ(entry.state, "retry_wait");
  EXPECT_EQ(entry.next_attempt_at, 5'000'000);
  EXPECT_EQ(store_->get_lead(l)->status, "contacted");
}

TEST_P(AnalysisStoreTest, ConversionsAreInterestedOrCallbackLeadsInScope) {
  const Id other = user(Role::Admin);
  const Id l1 = lead(owner_), l2 = lead(owner_), l3 = lead(owner_), l4 = lead(other);
  const Id c1 = call(owner_, l1), c2 = call(owner_, l2), c3 = call(owner_, l3),
           c4 = call(other, l4);
  for (Id c : {c1, c2, c3, c4})
    ASSERT_TRUE(store_->queue_analysis(c, 1, false));
  finish(c1, "interested");
  finish(c2, "callback", 777);
  finish(c3, "not_interested");
  finish(c4, "interested");
  ASSERT_TRUE(store_->apply_disposition({l1, c1, 0, "interested", 0}));
  ASSERT_TRUE(store_->apply_disposition({l2, c2, 0, "callback", 777}));
  ASSERT_TRUE(store_->apply_disposition({l3, c3, 0, "not_interested", 0}));
  ASSERT_TRUE(store_->apply_disposition({l4, c4, 0, "interested", 0}));
  auto mine = store_->list_conversions(OwnerScope{std::vector<Id>{owner_}}, 100).value();
  ASSERT_EQ(mine.size(), 2u);
  std::set<Id> leads;
  for (const auto& c : mine) {
    leads.insert(c.lead_id);
    EXPECT_EQ(c.fields, R"({"email":"x@y.example"})");
    if (c.lead_id == l2) {
      EXPECT_EQ(c.disposition, "callback");
      EXPECT_EQ(c.callback_at, 777);
      EXPECT_EQ(c.call_id, c2);
    }
  }
  EXPECT_EQ(leads, (std::set<Id>{l1, l2}));
  EXPECT_EQ(store_->list_conversions(OwnerScope{std::vector<Id>{owner_, other}}, 100)->size(), 3u);
}

TEST_P(AnalysisStoreTest, CampaignKeepsItsExtractionSchema) {
  Campaign camp;
  camp.owner_id = owner_;
  camp.name = "with schema";
  camp.extraction_schema = R"([{"name":"email","type":"string","description":""}])";
  const Id id = store_->create_campaign(camp).value();
  EXPECT_EQ(store_->get_campaign(id)->extraction_schema, camp.extraction_schema);
  auto c = store_->get_campaign(id).value();
  c.extraction_schema = "";
  ASSERT_TRUE(store_->update_campaign(c));
  EXPECT_EQ(store_->get_campaign(id)->extraction_schema, "");
}

INSTANTIATE_TEST_SUITE_P(Backends, AnalysisStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(ExtractionSchema, AcceptsTheFourTypesAndNamesTheBadPart) {
  auto ok = parse_extraction_schema(
      R"([{"name":"email","type":"string","description":"e-mail"},{"name":"budget","type":"number"},)"
      R"({"name":"has_car","type":"boolean"},{"name":"visit_day","type":"date"}])");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), 4u);
  EXPECT_EQ(parse_extraction_schema(extraction_schema_json(*ok)).value().size(), 4u);
  EXPECT_TRUE(parse_extraction_schema("")->empty());
  EXPECT_TRUE(parse_extraction_schema("[]")->empty());
  struct Case {
    const char* json;
    const char* error;
  };
  for (const Case& c : std::vector<Case>{
           {R"([{"name":"a","type":"integer"}])",
            "extraction_schema[0].type must be one of string, number, boolean, date"},
           {R"([{"name":"a","type":"string"},{"name":"1a","type":"string"}])",
            "extraction_schema[1].name must be"},
           {R"([{"name":"a","type":"string"},{"name":"a","type":"date"}])",
            "extraction_schema[1].name 'a' repeats"},
           {R"([{"name":"a","type":"string","format":"x"}])",
            "extraction_schema[0].format is not a field"},
           {R"([{"name":"a","type":7}])", "extraction_schema[0].type must be a string"},
           {R"({"name":"a"})", "extraction_schema must be an array"},
           {R"([1])", "extraction_schema[0] must be an object"},
           {"[", "extraction_schema is not JSON"},
       }) {
    std::string error;
    EXPECT_FALSE(parse_extraction_schema(c.json, &error)) << c.json;
    EXPECT_EQ(error.rfind(c.error, 0), 0u) << c.json << " -> " << error;
  }
}

}  // namespace
}  // namespace va::crm
