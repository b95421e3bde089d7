// Agent profiles (migration 12) on SQLite and PostgreSQL: every field round-trips, lists
// follow the owner scope, campaigns and calls keep the profile they name, and a delete is
// refused while an active or paused campaign uses the profile, else clears the references.
#include <gtest/gtest.h>

#include "crm/errc.h"
#include "crm/store.h"
#include "fresh_database.h"

namespace va::crm {
namespace {

class AgentProfileStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<va::testing::FreshDatabase>(GetParam());
    ASSERT_EQ(db_->error(), "");
    auto s = Store::create(db_->url(), 2);
    ASSERT_TRUE(s) << s.error().message();
    store_ = std::move(*s);
  }

  Id user(const std::string& name, Role role, Id parent = 0) {
    User u;
    u.username = name;
    u.role = role;
    u.parent_id = parent;
    u.password_hash = "x";
    auto id = store_->create_user(u);
    EXPECT_TRUE(id) << id.error().message();
    return id ? *id : 0;
  }

  Id profile(Id owner, const std::string& name) {
    AgentProfile p;
    p.owner_id = owner;
    p.name = name;
    auto id = store_->create_agent_profile(p);
    EXPECT_TRUE(id) << id.error().message();
    return id ? *id : 0;
  }

  Id campaign(Id owner, Id profile_id, const std::string& status = "draft") {
    Campaign c;
    c.owner_id = owner;
    c.name = "c";
    c.status = status;
    c.agent_profile_id = profile_id;
    auto id = store_->create_campaign(c);
    EXPECT_TRUE(id) << id.error().message();
    return id ? *id : 0;
  }

  std::unique_ptr<va::testing::FreshDatabase> db_;
  std::unique_ptr<Store> store_;
};

TEST_P(AgentProfileStoreTest, EveryFieldRoundTripsAndUpdates) {
  const Id admin = user("admin", Role::Admin);
  AgentProfile p;
  p.owner_id = admin;
  p.name = "Anna";
  p.company = "Solar GmbH";
  p.objective = "book a visit";
  p.offer = "20% off until Friday";
  p.objections = "too expensive: mention financing";
  p.voice = "Kore";
  p.language = "auto";
  p.greeting = "Guten Tag!";
  p.extraction_schema = R"([{"name":"email","type":"string","description":"e-mail"}])";
  p.provider = "gemini";
  const Id id = store_->create_agent_profile(p).value();
  auto got = store_->get_agent_profile(id).value();
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.owner_id, admin);
  EXPECT_EQ(got.name, "Anna");
  EXPECT_EQ(got.company, "Solar GmbH");
  EXPECT_EQ(got.objective, "book a visit");
  EXPECT_EQ(got.offer, "20% off until Friday");
  EXPECT_EQ(got.objections, "too expensive: mention financing");
  EXPECT_EQ(got.voice, "Kore");
  EXPECT_EQ(got.language, "auto");
  EXPECT_EQ(got.greeting, "Guten Tag!");
  EXPECT_EQ(got.extraction_schema, p.extraction_schema);
  EXPECT_EQ(got.provider, "gemini");
  EXPECT_GT(got.created_at, 0);

  got.name = "Anna B.";
  got.language = "de-DE";
  got.offer.clear();
  ASSERT_TRUE(store_->update_agent_profile(got));
  auto changed = store_->get_agent_profile(id).value();
  EXPECT_EQ(changed.name, "Anna B.");
  EXPECT_EQ(changed.language, "de-DE");
  EXPECT_EQ(changed.offer, "");
  EXPECT_EQ(changed.company, "Solar GmbH");
  EXPECT_GE(changed.updated_at, got.created_at);

  EXPECT_EQ(store_->get_agent_profile(id + 1000).error(), Errc::NotFound);
  AgentProfile missing = changed;
  missing.id = id + 1000;
  EXPECT_EQ(store_->update_agent_profile(missing).error(), Errc::NotFound);
}

TEST_P(AgentProfileStoreTest, ListFollowsTheOwnerScope) {
  const Id a = user("a", Role::Admin);
  const Id b = user("b", Role::Admin);
  const Id pa1 = profile(a, "a1");
  const Id pb = profile(b, "b1");
  const Id pa2 = profile(a, "a2");
  auto all = store_->list_agent_profiles(std::nullopt).value();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, pa1);
  EXPECT_EQ(all[1].id, pb);
  EXPECT_EQ(all[2].id, pa2);
  auto of_a = store_->list_agent_profiles(OwnerScope{std::vector<Id>{a}}).value();
  ASSERT_EQ(of_a.size(), 2u);
  EXPECT_EQ(of_a[0].name, "a1");
  EXPECT_EQ(of_a[1].name, "a2");
  EXPECT_TRUE(store_->list_agent_profiles(OwnerScope{std::vector<Id>{}}).value().empty());
}

TEST_P(AgentProfileStoreTest, CampaignsAndCallsKeepTheirProfile) {
  const Id admin = user("admin", Role::Admin);
  const Id p1 = profile(admin, "p1");
  const Id p2 = profile(admin, "p2");
  const Id c = campaign(admin, p1);
  EXPECT_EQ(store_->get_campaign(c).value().agent_profile_id, p1);
  auto changed = store_->get_campaign(c).value();
  changed.agent_profile_id = p2;
  ASSERT_TRUE(store_->update_campaign(changed));
  EXPECT_EQ(store_->get_campaign(c).value().agent_profile_id, p2);
  changed.agent_profile_id = 0;
  ASSERT_TRUE(store_->update_campaign(changed));
  EXPECT_EQ(store_->get_campaign(c).value().agent_profile_id, 0);
  EXPECT_EQ(campaign(admin, 0), c + 1);  // no profile: NULL, accepted by the foreign key

  Call call;
  call.owner_id = admin;
  const Id call_id = store_->create_call(call).value();
  EXPECT_EQ(store_->call_agent_profile(call_id).value(), 0);
  ASSERT_TRUE(store_->set_call_agent_profile(call_id, p1));
  EXPECT_EQ(store_->call_agent_profile(call_id).value(), p1);
  EXPECT_EQ(store_->call_agent_profile(call_id + 1000).error(), Errc::NotFound);
  // A profile that does not exist breaks the foreign key (both engines enforce it).
  EXPECT_FALSE(store_->set_call_agent_profile(call_id, p2 + 1000));
}

TEST_P(AgentProfileStoreTest, DeleteRefusedWhileARunningCampaignUsesIt) {
  const Id admin = user("admin", Role::Admin);
  const Id p = profile(admin, "p");
  const Id draft = campaign(admin, p, "draft");
  const Id active = campaign(admin, p, "active");
  Call call;
  call.owner_id = admin;
  const Id call_id = store_->create_call(call).value();
  ASSERT_TRUE(store_->set_call_agent_profile(call_id, p));

  EXPECT_EQ(store_->delete_agent_profile(p).error(), Errc::Conflict);
  ASSERT_TRUE(store_->set_campaign_status(active, "paused"));
  EXPECT_EQ(store_->delete_agent_profile(p).error(), Errc::Conflict);
  EXPECT_TRUE(store_->get_agent_profile(p));  // refused: nothing changed
  EXPECT_EQ(store_->get_campaign(draft).value().agent_profile_id, p);

  ASSERT_TRUE(store_->set_campaign_status(active, "stopped"));
  ASSERT_TRUE(store_->delete_agent_profile(p));
  EXPECT_EQ(store_->get_agent_profile(p).error(), Errc::NotFound);
  EXPECT_EQ(store_->get_campaign(draft).value().agent_profile_id, 0);
  EXPECT_EQ(store_->get_campaign(active).value().agent_profile_id, 0);
  EXPECT_EQ(store_->call_agent_profile(call_id).value(), 0);
  EXPECT_EQ(store_->delete_agent_profile(p).error(), Errc::NotFound);
}

TEST_P(AgentProfileStoreTest, DeletingTheOwnerDeletesTheProfiles) {
  // ON DELETE CASCADE from users: checked through the raw connection, as no API deletes users.
  const Id admin = user("admin", Role::Admin);
  const Id p = profile(admin, "p");
  auto conn = db_->connect();
  ASSERT_TRUE(conn);
  ASSERT_TRUE(conn->exec("DELETE FROM sessions"));
  ASSERT_TRUE(conn->exec("DELETE FROM users WHERE id = " + std::to_string(admin)));
  EXPECT_EQ(store_->get_agent_profile(p).error(), Errc::NotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, AgentProfileStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace va::crm
