// KeyPool's ownership rules (crm/key_pool.h, issue 20), against SQLite and PostgreSQL: a key
// set for a user or tenant is never handed out by least-used assignment or `keys assign`,
// never set for another tenant, and only pool keys are shared.
#include "crm/key_pool.h"

#include <gtest/gtest.h>

#include <thread>

#include "crm/errc.h"
#include "fresh_database.h"

namespace va::crm {
namespace {

class KeyPoolTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<va::testing::FreshDatabase>(GetParam());
    ASSERT_EQ(db_->error(), "") << "the PostgreSQL half needs a throwaway cluster";
    auto s = Store::create(db_->url(), 3);
    ASSERT_TRUE(s) << s.error().message();
    store_ = std::move(*s);
    master_.fill(42);
    pool_ = std::make_unique<KeyPool>(*store_, KeyVault(master_));
    super_ = make("root", Role::Superadmin);
    admin_a_ = make("admin-a", Role::Admin);
    agent_a_ = make("agent-a", Role::Agent, admin_a_.id);
    admin_b_ = make("admin-b", Role::Admin);
    agent_b_ = make("agent-b", Role::Agent, admin_b_.id);
  }
  void TearDown() override {
    pool_.reset();
    store_.reset();
    db_.reset();
  }

  User make(const std::string& name, Role role, Id parent = 0) {
    User u;
    u.username = name;
    u.role = role;
    u.parent_id = parent;
    u.password_hash = "x";
    u.id = store_->create_user(u).value();
    return u;
  }
  std::string fingerprint_of(const User& u) {
    return store_->get_user(u.id).value().key_fingerprint;
  }
  ApiKey key(const std::string& clear) {
    return store_->get_key_by_fingerprint(key_fingerprint(clear)).value();
  }

  std::unique_ptr<va::testing::FreshDatabase> db_;
  std::unique_ptr<Store> store_;
  KeyVault::MasterKey master_{};
  std::unique_ptr<KeyPool> pool_;
  User super_, admin_a_, agent_a_, admin_b_, agent_b_;
};

const std::string kKeyA = "AIzaTenantA-own-key-000000000000";
const std::string kPool = "AIzaSuperadmin-pool-key-00000000";

// The probe's case: admin A's key was the least-used key, so it went to tenant B.
TEST_P(KeyPoolTest, ATenantsKeyIsNeverHandedOutByLeastUsedOrAssignMissing) {
  ASSERT_TRUE(pool_->set_user_key(&admin_a_, admin_a_.id, kKeyA));
  EXPECT_EQ(pool_->assign_least_used(admin_b_.id).error(), Errc::NotFound);  // pool is empty
  EXPECT_EQ(store_->least_used_active_key().error(), Errc::NotFound);
  EXPECT_EQ(fingerprint_of(admin_b_), "");
  ASSERT_TRUE(pool_->add(kPool, "pool"));
  EXPECT_EQ(pool_->assign_missing().value(), 3);  // admins and agents without a key
  for (const auto* u : {&agent_a_, &admin_b_, &agent_b_})
    EXPECT_EQ(fingerprint_of(*u), key_fingerprint(kPool)) << u->username;
  EXPECT_EQ(fingerprint_of(admin_a_), key_fingerprint(kKeyA));
  EXPECT_EQ(key(kKeyA).users, 1);
  EXPECT_EQ(key(kKeyA).owner, KeyOwner::Tenant);
  EXPECT_EQ(key(kKeyA).owner_id, admin_a_.id);
  EXPECT_EQ(key(kKeyA).owner_name, "admin-a");
  EXPECT_EQ(key(kPool).owner, KeyOwner::Pool);
  EXPECT_EQ(key(kPool).owner_id, 0);
}

TEST_P(KeyPoolTest, ATenantKeyServesItsTenantOnlyWhoeverSetsIt) {
  auto set = pool_->set_user_key(&admin_a_, agent_a_.id, kKeyA);  // an admin on its agent
  ASSERT_TRUE(set) << set.error().message();
  EXPECT_EQ(set->owner, KeyOwner::Tenant);
  EXPECT_EQ(set->owner_id, admin_a_.id);
  EXPECT_TRUE(pool_->set_user_key(&admin_a_, admin_a_.id, kKeyA));  // and on itself
  EXPECT_EQ(pool_->set_user_key(&admin_b_, agent_b_.id, kKeyA).error(), Errc::KeyOwned);
  EXPECT_EQ(pool_->set_user_key(&super_, admin_b_.id, kKeyA).error(), Errc::KeyOwned);
  EXPECT_EQ(pool_->set_user_key(nullptr, agent_b_.id, kKeyA).error(), Errc::KeyOwned);  // CLI
  EXPECT_TRUE(pool_->set_user_key(&super_, agent_a_.id, kKeyA));     // same tenant: fine
  EXPECT_EQ(pool_->add(kKeyA, "steal it").error(), Errc::Conflict);  // never into the pool
  EXPECT_EQ(key(kKeyA).owner, KeyOwner::Tenant);
  EXPECT_EQ(key(kKeyA).users, 2);
  EXPECT_EQ(fingerprint_of(agent_b_), "");
  EXPECT_EQ(fingerprint_of(admin_b_), "");
}

TEST_P(KeyPoolTest, AKeyTheSuperadminSetsForAUserIsThatUsersAlone) {
  const std::string own = "AIzaAgentA-alone-key-00000000000";
  auto set = pool_->set_user_key(&super_, agent_a_.id, own).value();
  EXPECT_EQ(set.owner, KeyOwner::User);
  EXPECT_EQ(set.owner_id, agent_a_.id);
  EXPECT_EQ(pool_->set_user_key(&admin_a_, admin_a_.id, own).error(), Errc::KeyOwned);
  EXPECT_EQ(pool_->set_user_key(nullptr, admin_b_.id, own).error(), Errc::KeyOwned);
  EXPECT_TRUE(pool_->set_user_key(&admin_a_, agent_a_.id, own));  // the same user again
  EXPECT_EQ(pool_->resolve(agent_a_.id).value().key, own);
}

TEST_P(KeyPoolTest, OnlyTheSuperadminGivesAPoolKeyAndItStaysInThePool) {
  ASSERT_TRUE(pool_->add(kPool, "pool"));
  EXPECT_EQ(pool_->set_user_key(&admin_a_, agent_a_.id, kPool).error(), Errc::KeyInPool);
  ASSERT_TRUE(pool_->set_user_key(&super_, agent_b_.id, kPool));
  ASSERT_TRUE(pool_->set_user_key(nullptr, agent_a_.id, kPool));
  EXPECT_EQ(key(kPool).owner, KeyOwner::Pool);
  EXPECT_EQ(key(kPool).users, 2);
  EXPECT_EQ(store_->least_used_active_key().value().fingerprint, key_fingerprint(kPool));
}

TEST_P(KeyPoolTest, AnAdminOrAgentCannotSetKeysOutsideItsTenant) {
  EXPECT_EQ(pool_->set_user_key(&admin_a_, agent_b_.id, kKeyA).error(), Errc::Forbidden);
  EXPECT_EQ(pool_->set_user_key(&agent_a_, agent_a_.id, kKeyA).error(), Errc::Forbidden);
  EXPECT_EQ(store_->get_key_by_fingerprint(key_fingerprint(kKeyA)).error(), Errc::NotFound);
}

TEST_P(KeyPoolTest, ResolveRefusesAPrivateKeyHeldByAnyoneElse) {
  ASSERT_TRUE(pool_->set_user_key(&admin_a_, admin_a_.id, kKeyA));
  // Only a bug or a hand-edited database could do this; the call still does not use it.
  ASSERT_TRUE(store_->set_user_key(admin_b_.id, key(kKeyA).id));
  EXPECT_EQ(pool_->resolve(admin_b_.id).error(), Errc::NoKey);
  EXPECT_EQ(pool_->resolve(admin_a_.id).value().key, kKeyA);
}

TEST_P(KeyPoolTest, AnUnclaimedKeyIsNeverHandedOutAndTheNextSetOrAddClaimsIt) {
  const std::string left = "AIzaLeft-behind-key-000000000000";
  const std::string spare = "AIzaSpare-unlabelled-key-0000000";
  for (const auto* clear : {&left, &spare}) {
    ApiKey k;
    k.fingerprint = key_fingerprint(*clear);
    k.sealed = KeyVault(master_).seal(*clear);
    k.owner = KeyOwner::Unclaimed;
    ASSERT_TRUE(store_->add_key(k));
  }
  EXPECT_EQ(pool_->assign_least_used(admin_b_.id).error(), Errc::NotFound);
  ASSERT_TRUE(pool_->set_user_key(&admin_a_, agent_a_.id, left));
  EXPECT_EQ(key(left).owner, KeyOwner::Tenant);
  EXPECT_EQ(key(left).owner_id, admin_a_.id);
  EXPECT_EQ(pool_->resolve(agent_a_.id).value().key, left);
  EXPECT_EQ(pool_->set_user_key(&admin_b_, admin_b_.id, left).error(), Errc::KeyOwned);
  ASSERT_TRUE(pool_->add(spare, "now a pool key"));
  EXPECT_EQ(key(spare).owner, KeyOwner::Pool);
  EXPECT_EQ(pool_->assign_least_used(admin_b_.id).value().fingerprint, key_fingerprint(spare));
  EXPECT_EQ(store_->claim_key(key(spare).id, KeyOwner::User, admin_b_.id).error(),
            Errc::NotFound);  // only an unclaimed key can be claimed
}

// Two tenants setting the same new key at the same moment: one owns it, the other gets
// KeyOwned (never a bare Conflict, never both).
TEST_P(KeyPoolTest, TwoTenantsRacingForOneNewKeyLeaveExactlyOneOwner) {
  for (int round = 0; round < 8; ++round) {
    const std::string clear = "AIzaRaced-key-" + std::to_string(round) + "-000000000000";
    std::error_code ra, rb;
    std::thread a([&] {
      auto r = pool_->set_user_key(&admin_a_, agent_a_.id, clear);
      if (!r) ra = r.error();
    });
    std::thread b([&] {
      auto r = pool_->set_user_key(&admin_b_, agent_b_.id, clear);
      if (!r) rb = r.error();
    });
    a.join();
    b.join();
    EXPECT_NE(!ra, !rb) << "round " << round << ": " << ra.message() << " / " << rb.message();
    EXPECT_EQ(ra ? ra : rb, Errc::KeyOwned) << "round " << round;
    const auto winner = ra ? admin_b_.id : admin_a_.id;
    EXPECT_EQ(key(clear).owner_id, winner);
    EXPECT_EQ(key(clear).users, 1);
  }
}

// Issue 16 (migration 10): keys per provider. A user holds one key of each provider; each
// call resolves the key of its own provider; assignment hands out each provider's pool keys.
TEST_P(KeyPoolTest, AUserHoldsOneKeyPerProviderAndResolvesEachByProvider) {
  ASSERT_TRUE(pool_->add("AIzaGEMINI-pool-key-0001", "g", "gemini"));
  ASSERT_TRUE(pool_->add("sk-OPENAI-pool-key-0001", "o", "openai"));
  EXPECT_EQ(pool_->add("sk-OPENAI-pool-key-0002", "o", "watson").error(), Errc::Invalid);
  EXPECT_EQ(key("sk-OPENAI-pool-key-0001").provider, "openai");
  EXPECT_EQ(key("AIzaGEMINI-pool-key-0001").provider, "gemini");
  ASSERT_TRUE(pool_->assign_each_provider(admin_a_.id));
  auto u = store_->get_user(admin_a_.id).value();
  EXPECT_EQ(u.key_fingerprint, key_fingerprint("AIzaGEMINI-pool-key-0001"));
  EXPECT_EQ(u.openai_key_fingerprint, key_fingerprint("sk-OPENAI-pool-key-0001"));
  EXPECT_EQ(pool_->resolve(admin_a_.id, "gemini").value().key, "AIzaGEMINI-pool-key-0001");
  EXPECT_EQ(pool_->resolve(admin_a_.id, "openai").value().key, "sk-OPENAI-pool-key-0001");
  // assign_missing fills both providers for everyone else (4 users x 2 providers - admin_a's 2).
  EXPECT_EQ(pool_->assign_missing().value(), 6);
  EXPECT_EQ(pool_->resolve(agent_b_.id, "openai").value().key, "sk-OPENAI-pool-key-0001");
  // A user's own OpenAI key replaces only its OpenAI key.
  ASSERT_TRUE(pool_->set_user_key(nullptr, agent_b_.id, "sk-OWN-openai-key-b", "openai"));
  EXPECT_EQ(pool_->resolve(agent_b_.id, "openai").value().key, "sk-OWN-openai-key-b");
  EXPECT_EQ(pool_->resolve(agent_b_.id, "gemini").value().key, "AIzaGEMINI-pool-key-0001");
  EXPECT_EQ(key("sk-OWN-openai-key-b").provider, "openai");
}

TEST_P(KeyPoolTest, WithoutOpenAiPoolKeysAssignmentStillWorksForGemini) {
  ASSERT_TRUE(pool_->add("AIzaGEMINI-pool-key-0002", "g"));
  ASSERT_TRUE(pool_->assign_each_provider(admin_b_.id));
  EXPECT_EQ(pool_->resolve(admin_b_.id, "openai").error(), Errc::NoKey);
  EXPECT_TRUE(pool_->resolve(admin_b_.id));
  EXPECT_EQ(pool_->assign_missing().value(), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, KeyPoolTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace va::crm
