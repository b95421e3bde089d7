// The Store suite, run unchanged against SQLite and PostgreSQL (parameterized): migrations,
// users, sessions, keys, leads (search, pagination, atomic import), campaigns, calls.
#include "crm/store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

#include "crm/errc.h"
#include "crm/sql/migrations.h"
#include "pg_throwaway.h"

namespace va::crm {
namespace {

std::string unique_name(const std::string& stem) {
  static int n = 0;
  return stem + std::to_string(::getpid()) + "x" + std::to_string(++n);
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() / unique_name("va-store-");
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
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  Id make_user(Role role, Id parent = 0) {
    User u;
    u.username = unique_name("u");
    u.role = role;
    u.parent_id = parent;
    u.password_hash = "x";
    auto id = store_->create_user(u);
    EXPECT_TRUE(id) << id.error().message();
    return id ? *id : 0;
  }

  Lead lead(Id owner, const std::string& name, const std::string& phone) {
    Lead l;
    l.owner_id = owner;
    l.name = name;
    l.phone = phone;
    return l;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, MigrationsReachTheLatestVersionAndRerunIsANoOp) {
  ASSERT_EQ(store_->schema_version().value(), sql::latest_schema_version());
  EXPECT_EQ(store_->backend(), GetParam() == "sqlite" ? "sqlite" : "postgresql");
}

TEST_P(StoreTest, UsersRoundTripAndUsernamesAreUnique) {
  User u;
  u.username = unique_name("alice");
  u.display_name = "Alice O'Brien";
  u.email = "alice@example.com";
  u.role = Role::Admin;
  u.password_hash = "$argon2id$stub";
  u.max_concurrent_calls = 3;
  auto id = store_->create_user(u);
  ASSERT_TRUE(id);
  auto got = store_->get_user(*id).value();
  EXPECT_EQ(got.username, u.username);
  EXPECT_EQ(got.display_name, "Alice O'Brien");
  EXPECT_EQ(got.role, Role::Admin);
  EXPECT_EQ(got.max_concurrent_calls, 3);
  EXPECT_TRUE(got.active);
  EXPECT_GT(got.created_at, 0);
  EXPECT_EQ(store_->create_user(u).error(), Errc::Conflict);
  EXPECT_EQ(store_->get_user_by_name(u.username).value().id, *id);
  EXPECT_EQ(store_->get_user(999999).error(), Errc::NotFound);
}

TEST_P(StoreTest, AgentsBelongToTheirAdminAndScopesLimitListing) {
  const Id admin = make_user(Role::Admin);
  const Id a1 = make_user(Role::Agent, admin);
  const Id a2 = make_user(Role::Agent, admin);
  const Id other = make_user(Role::Admin);
  EXPECT_EQ(store_->agents_of(admin).value(), (std::vector<Id>{a1, a2}));
  auto scoped = store_->list_users(OwnerScope{std::vector<Id>{admin, a1}}).value();
  ASSERT_EQ(scoped.size(), 2u);
  EXPECT_EQ(store_->list_users(OwnerScope{std::vector<Id>{}}).value().size(), 0u);
  auto all = store_->list_users(std::nullopt).value();
  EXPECT_GE(all.size(), 4u);
  (void)other;
}

TEST_P(StoreTest, UpdateUserChangesProfileAndMissingUserIsNotFound) {
  const Id id = make_user(Role::Agent, make_user(Role::Admin));
  auto u = store_->get_user(id).value();
  u.display_name = "Renamed";
  u.active = false;
  u.transfer_targets = {"+4930555", "sip:desk@192.0.2.1:5060"};
  ASSERT_TRUE(store_->update_user(u));
  auto got = store_->get_user(id).value();
  EXPECT_EQ(got.display_name, "Renamed");
  EXPECT_FALSE(got.active);
  EXPECT_EQ(got.transfer_targets, u.transfer_targets);  // migration 14
  u.id = 987654;
  EXPECT_EQ(store_->update_user(u).error(), Errc::NotFound);
  ASSERT_TRUE(store_->set_password_hash(id, "newhash"));
  EXPECT_EQ(store_->get_user(id).value().password_hash, "newhash");
}

TEST_P(StoreTest, SessionsAreFoundByHashAndDeletedPerUser) {
  const Id id = make_user(Role::Admin);
  ASSERT_TRUE(store_->create_session({"h1" + unique_name(""), id, 1, 2}));
  const std::string h = "h2" + unique_name("");
  ASSERT_TRUE(store_->create_session({h, id, 1, 99}));
  EXPECT_EQ(store_->get_session(h).value().expires_at, 99);
  ASSERT_TRUE(store_->delete_user_sessions(id));
  EXPECT_EQ(store_->get_session(h).error(), Errc::NotFound);
}

TEST_P(StoreTest, LeastUsedActiveKeyBalancesAssignments) {
  ApiKey k1{.fingerprint = unique_name("fp"), .label = "one", .sealed = "s1"};
  ApiKey k2{.fingerprint = unique_name("fp"), .label = "two", .sealed = "s2"};
  ApiKey off{.fingerprint = unique_name("fp"), .status = "disabled", .sealed = "s3"};
  const Id id1 = store_->add_key(k1).value();
  const Id id2 = store_->add_key(k2).value();
  (void)store_->add_key(off).value();
  EXPECT_EQ(store_->add_key(k1).error(), Errc::Conflict);
  const Id u1 = make_user(Role::Admin);
  const Id u2 = make_user(Role::Admin);
  const Id before = store_->least_used_active_key().value().id;
  ASSERT_TRUE(store_->set_user_key(u1, before));
  const Id next = store_->least_used_active_key().value().id;
  EXPECT_NE(next, before);
  EXPECT_TRUE(next == id1 || next == id2);
  ASSERT_TRUE(store_->set_user_key(u2, next));
  EXPECT_EQ(store_->get_key(before).value().users, 1);
  EXPECT_EQ(store_->get_user(u1).value().key_fingerprint,
            store_->get_key(before).value().fingerprint);
  auto without = store_->users_without_key().value();
  EXPECT_EQ(std::count(without.begin(), without.end(), u1), 0);
}

TEST_P(StoreTest, LeadsSearchFilterAndPaginate) {
  const Id owner = make_user(Role::Agent, make_user(Role::Admin));
  const Id other = make_user(Role::Admin);
  for (int i = 0; i < 25; ++i) {
    auto l = lead(owner, "Lead " + std::to_string(i), "+4930123" + std::to_string(1000 + i));
    l.company = i % 5 == 0 ? "ACME_Corp" : "Other";
    l.status = i % 2 ? "contacted" : "new";
    ASSERT_TRUE(store_->create_lead(l));
  }
  ASSERT_TRUE(store_->create_lead(lead(other, "Foreign", "+15550000000")));
  LeadQuery q;
  q.owners = std::vector<Id>{owner};
  q.page = {2, 10};
  auto page = store_->list_leads(q).value();
  EXPECT_EQ(page.total, 25);
  ASSERT_EQ(page.items.size(), 10u);
  EXPECT_EQ(page.items.front().name, "Lead 10");
  q.page = {1, 50};
  q.q = "acme_";
  EXPECT_EQ(store_->list_leads(q).value().total, 5);
  q.q = "%";  // a literal percent: matches nothing rather than everything
  EXPECT_EQ(store_->list_leads(q).value().total, 0);
  q.q = "";
  q.status = "contacted";
  EXPECT_EQ(store_->list_leads(q).value().total, 12);
  q.status = "";
  q.q = "'; DROP TABLE leads; --";
  EXPECT_EQ(store_->list_leads(q).value().total, 0);
  LeadQuery both;
  both.owners = std::vector<Id>{owner, other};
  EXPECT_EQ(store_->list_leads(both).value().total, 26);
  EXPECT_GE(store_->list_leads(LeadQuery{}).value().total, 26);
}

TEST_P(StoreTest, LeadUpdateDeleteAndSqlLookingTextIsStoredVerbatim) {
  const Id owner = make_user(Role::Admin);
  auto l = lead(owner, "Robert'); DROP TABLE leads;--", "+4915112345678");
  const Id id = store_->create_lead(l).value();
  auto got = store_->get_lead(id).value();
  EXPECT_EQ(got.name, l.name);
  got.notes = "called twice";
  got.status = "qualified";
  ASSERT_TRUE(store_->update_lead(got));
  EXPECT_EQ(store_->get_lead(id).value().status, "qualified");
  ASSERT_TRUE(store_->delete_lead(id));
  EXPECT_EQ(store_->get_lead(id).error(), Errc::NotFound);
  EXPECT_EQ(store_->delete_lead(id).error(), Errc::NotFound);
}

TEST_P(StoreTest, ImportIsAllOrNothing) {
  const Id owner = make_user(Role::Admin);
  std::vector<Lead> good = {lead(owner, "A", "+111"), lead(owner, "B", "+222")};
  auto ids = store_->import_leads(good).value();
  EXPECT_EQ(ids.size(), 2u);
  std::vector<Lead> bad = {lead(owner, "C", "+333"), lead(424242, "D", "+444")};  // no owner
  EXPECT_FALSE(store_->import_leads(bad));
  LeadQuery q;
  q.owners = std::vector<Id>{owner};
  EXPECT_EQ(store_->list_leads(q).value().total, 2);
}

TEST_P(StoreTest, CampaignsKeepAgentConfigAndLeadList) {
  const Id owner = make_user(Role::Admin);
  const Id l1 = store_->create_lead(lead(owner, "A", "+1")).value();
  const Id l2 = store_->create_lead(lead(owner, "B", "+2")).value();
  Campaign c;
  c.owner_id = owner;
  c.name = "Spring";
  c.agent = {"Be brief", "Puck", "de-DE", "Hallo!"};
  const Id id = store_->create_campaign(c).value();
  ASSERT_TRUE(store_->set_campaign_leads(id, {l2, l1}));
  auto got = store_->get_campaign(id).value();
  EXPECT_EQ(got.agent.greeting, "Hallo!");
  EXPECT_EQ(got.lead_ids, (std::vector<Id>{l1, l2}));
  EXPECT_FALSE(store_->set_campaign_leads(id, {l1, 777777}));  // missing lead: unchanged
  EXPECT_EQ(store_->get_campaign(id).value().lead_ids.size(), 2u);
  EXPECT_TRUE(got.transfer_targets.empty());
  got.status = "active";
  got.transfer_targets = {"+4930777"};
  ASSERT_TRUE(store_->update_campaign(got));
  EXPECT_EQ(store_->get_campaign(id).value().transfer_targets,
            (std::vector<std::string>{"+4930777"}));
  EXPECT_EQ(got.voicemail_action, "");  // migration 15: "" = the server's setting
  got.voicemail_action = "message";
  got.voicemail_message = "Please call us back.";
  ASSERT_TRUE(store_->update_campaign(got));
  const auto vm = store_->get_campaign(id).value();
  EXPECT_EQ(vm.voicemail_action, "message");
  EXPECT_EQ(vm.voicemail_message, "Please call us back.");
  auto listed = store_->list_campaigns(OwnerScope{std::vector<Id>{owner}}, {}).value();
  EXPECT_EQ(listed.total, 1);
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_EQ(listed.items[0].lead_ids, (std::vector<Id>{l1, l2}));  // as GET shows them
  ASSERT_TRUE(store_->delete_lead(l1));
  EXPECT_EQ(store_->get_campaign(id).value().lead_ids, (std::vector<Id>{l2}));
  ASSERT_TRUE(store_->delete_campaign(id));
  EXPECT_EQ(store_->get_campaign(id).error(), Errc::NotFound);
}

TEST_P(StoreTest, CallsRecordMediaIdentityAndTranscript) {
  const Id owner = make_user(Role::Admin);
  Call c;
  c.owner_id = owner;
  c.to = "+4930555";
  c.local_rtp_port = 10002;
  c.key_fingerprint = "0123456789ab";
  const Id id = store_->create_call(c).value();
  auto got = store_->get_call(id).value();
  EXPECT_EQ(got.status, CallStatus::Dialing);
  EXPECT_EQ(got.lead_id, 0);
  EXPECT_EQ(got.greeting_latency_ms, -1);
  got.status = CallStatus::Ended;
  got.packets_in = 1500;
  got.packets_out = 1499;
  got.packets_dropped_foreign = 7;
  got.greeting_latency_ms = 12;
  got.ssrc_in = 4000000000;
  got.remote_rtp = "192.0.2.1:4000";
  got.end_reason = "bye";
  got.transfer_to = "+4930555";
  got.transfer_mode = "blind";
  got.transfer_method = "refer";
  got.transfer_status = "failed";
  got.transfer_reason = "REFER refused: 405 Method Not Allowed";
  ASSERT_TRUE(store_->update_call(got));
  ASSERT_TRUE(store_->append_transcript(id, {"caller", "Hallo?", 5}));
  ASSERT_TRUE(store_->append_transcript(id, {"agent", "Guten Tag", 6}));
  auto again = store_->get_call(id).value();
  EXPECT_EQ(again.status, CallStatus::Ended);
  EXPECT_EQ(again.ssrc_in, 4000000000);
  EXPECT_EQ(again.remote_rtp, "192.0.2.1:4000");
  EXPECT_EQ(again.packets_in, 1500);
  EXPECT_EQ(again.packets_out, 1499);
  EXPECT_EQ(again.packets_dropped_foreign, 7);
  EXPECT_EQ(again.greeting_latency_ms, 12);
  EXPECT_EQ(again.transfer_to, "+4930555");
  EXPECT_EQ(again.transfer_method, "refer");
  EXPECT_EQ(again.transfer_status, "failed");
  EXPECT_EQ(again.transfer_reason, "REFER refused: 405 Method Not Allowed");
  auto lines = store_->transcript(id).value();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].text, "Guten Tag");
  EXPECT_EQ(store_->list_calls(OwnerScope{std::vector<Id>{owner}}, {}).value().total, 1);
}

TEST_P(StoreTest, InboundRoutesMapANumberToOneOwner) {
  const Id admin = make_user(Role::Admin);
  const Id other = make_user(Role::Admin);
  ASSERT_TRUE(store_->create_inbound_route({"+4930100", admin, 0, 0}));
  ASSERT_TRUE(store_->create_inbound_route({"+4930200", other, 0, 0}));
  EXPECT_EQ(store_->create_inbound_route({"+4930100", other, 0, 0}).error(), Errc::Conflict);
  auto found = store_->find_inbound_route("+4930100").value();
  EXPECT_EQ(found.owner_id, admin);
  EXPECT_EQ(found.campaign_id, 0);
  EXPECT_GT(found.created_at, 0);
  EXPECT_EQ(store_->find_inbound_route("+49999").error(), Errc::NotFound);
  auto mine = store_->list_inbound_routes(OwnerScope{std::vector<Id>{admin}}).value();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].number, "+4930100");
  EXPECT_EQ(store_->list_inbound_routes(std::nullopt).value().size(), 2u);
  ASSERT_TRUE(store_->delete_inbound_route("+4930100"));
  EXPECT_EQ(store_->find_inbound_route("+4930100").error(), Errc::NotFound);
  EXPECT_EQ(store_->delete_inbound_route("+4930100").error(), Errc::NotFound);
}

TEST_P(StoreTest, ConcurrentWritersLoseNothing) {
  const Id owner = make_user(Role::Admin);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        Call c;
        c.owner_id = owner;
        auto id = store_->create_call(c);
        if (!id || !store_->append_transcript(*id, {"agent", "x", 1})) ++failures;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store_->list_calls(OwnerScope{std::vector<Id>{owner}}, {}).value().total, 120);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace va::crm
