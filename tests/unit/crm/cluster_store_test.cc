// The store's cluster side (crm/cluster_store.h, migration 16) on SQLite and PostgreSQL: a
// node whose heartbeat stopped is declared dead exactly once even when several survivors look
// at the same moment, and only its live calls are closed; an owner's slots are counted over
// every node so that concurrent admissions on several nodes never pass the limit; the drain
// flag and the node list as GET /api/cluster/nodes shows them.
#include "crm/cluster_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "crm/errc.h"
#include "fresh_database.h"

namespace va::crm {
namespace {

class ClusterStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<va::testing::FreshDatabase>(GetParam());
    ASSERT_EQ(db_->error(), "") << "the PostgreSQL half needs a throwaway cluster";
    store_ = Store::create(db_->url(), 8).value();
    cluster_ = ClusterStore::of(*store_);
    ASSERT_NE(cluster_, nullptr);
    User u;
    u.username = "tenant";
    u.role = Role::Admin;
    u.password_hash = "x";
    tenant_ = store_->create_user(u).value();
  }

  Node join(const std::string& name, std::int64_t seen) {
    Node n;
    n.name = name;
    n.pid = 1000 + static_cast<std::int64_t>(name.back());
    n.started_at = seen - 1000;
    n.last_seen_at = seen;
    EXPECT_TRUE(store_->take_over_node(n).has_value());
    return n;
  }

  Id live_call_on(const std::string& node) {
    Call c;
    c.owner_id = tenant_;
    c.to = "+15550001";
    c.status = CallStatus::Active;
    c.node = node;
    c.answered_at = now_ms() - 500;
    return store_->create_call(c).value();
  }

  std::unique_ptr<va::testing::FreshDatabase> db_;
  std::unique_ptr<Store> store_;
  ClusterStore* cluster_ = nullptr;
  Id tenant_ = 0;
};

TEST_P(ClusterStoreTest, AStaleNodeIsDeclaredDeadOnceAndOnlyItsCallsAreClosed) {
  const std::int64_t now = now_ms();
  join("n1", now);
  join("n2", now - 60'000);  // silent for a minute
  join("n3", now);
  const Id dead_call = live_call_on("n2");
  const Id alive_call = live_call_on("n3");

  // Two survivors look at the same moment, several times each: n2 is handed out once.
  std::atomic<int> handed{0};
  std::atomic<int> closed{0};
  std::vector<std::thread> survivors;
  for (const char* me : {"n1", "n3"}) {
    survivors.emplace_back([&, me] {
      for (int i = 0; i < 5; ++i) {
        auto dead = cluster_->reap_dead_nodes(me, now_ms() - 15'000);
        ASSERT_TRUE(dead) << dead.error().message();
        for (const auto& d : *dead) {
          EXPECT_EQ(d.name, "n2");
          handed += 1;
          closed += static_cast<int>(d.interrupted.size());
        }
      }
    });
  }
  for (auto& t : survivors)
    t.join();
  EXPECT_EQ(handed.load(), 1);
  EXPECT_EQ(closed.load(), 1);
  const auto gone = store_->get_call(dead_call).value();
  EXPECT_EQ(gone.status, CallStatus::Ended);
  EXPECT_EQ(gone.end_reason, "interrupted");
  EXPECT_EQ(gone.ended_at, now - 60'000 > gone.answered_at ? now - 60'000 : gone.answered_at);
  EXPECT_EQ(store_->get_call(alive_call).value().status, CallStatus::Active);
  const auto nodes = cluster_->cluster_nodes().value();
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(nodes[1].status, "dead");
  EXPECT_EQ(nodes[1].live_calls, 0);
  EXPECT_EQ(nodes[2].status, "live");
  EXPECT_EQ(nodes[2].live_calls, 1);
}

TEST_P(ClusterStoreTest, ConcurrentAdmissionsOnThreeNodesNeverPassTheTenantLimit) {
  constexpr int kLimit = 10;
  const std::vector<std::string> names{"n1", "n2", "n3"};
  std::atomic<int> taken_on[3] = {0, 0, 0};
  std::atomic<int> refused{0};
  std::vector<std::thread> nodes;
  for (int n = 0; n < 3; ++n) {
    nodes.emplace_back([&, n] {
      for (int i = 0; i < 8; ++i) {
        auto r = cluster_->take_call_slot({names[n], tenant_, 0, tenant_, kLimit});
        ASSERT_TRUE(r) << r.error().message();
        (*r == SlotRefusal::None ? taken_on[n] : refused) += 1;
      }
    });
  }
  for (auto& t : nodes)
    t.join();
  EXPECT_EQ(taken_on[0] + taken_on[1] + taken_on[2], kLimit);
  EXPECT_EQ(refused.load(), 24 - kLimit);
  // A slot given back on the node that held it is free for any node.
  const int holder = taken_on[0] > 0 ? 0 : taken_on[1] > 0 ? 1 : 2;
  ASSERT_TRUE(cluster_->give_call_slot({names[holder], tenant_, 0, tenant_, 0}).has_value());
  EXPECT_EQ(
      cluster_->take_call_slot({names[(holder + 1) % 3], tenant_, 0, tenant_, kLimit}).value(),
      SlotRefusal::None);
  EXPECT_EQ(cluster_->take_call_slot({"n1", tenant_, 0, tenant_, kLimit}).value(),
            SlotRefusal::TenantLimit);
  // A node's slots all go with it (a restart under its name, or its death).
  ASSERT_TRUE(cluster_->clear_call_slots(names[(holder + 1) % 3]).has_value());
  EXPECT_EQ(cluster_->take_call_slot({"n1", tenant_, 0, tenant_, kLimit}).value(),
            SlotRefusal::None);
}

TEST_P(ClusterStoreTest, AnOwnersOwnLimitCountsItsSlotsOnEveryNode) {
  EXPECT_EQ(cluster_->take_call_slot({"n1", tenant_, 2, 0, 0}).value(), SlotRefusal::None);
  EXPECT_EQ(cluster_->take_call_slot({"n2", tenant_, 2, 0, 0}).value(), SlotRefusal::None);
  EXPECT_EQ(cluster_->take_call_slot({"n3", tenant_, 2, 0, 0}).value(), SlotRefusal::OwnerLimit);
}

TEST_P(ClusterStoreTest, TheDrainFlagAndHttpAddressReachTheNodeList) {
  const Node me = join("n1", now_ms());
  ASSERT_TRUE(cluster_->set_node_http(me, "http://127.0.0.1:15011").has_value());
  EXPECT_FALSE(cluster_->node_draining(me).value());
  ASSERT_TRUE(cluster_->set_node_draining("n1", true).has_value());
  EXPECT_TRUE(cluster_->node_draining(me).value());
  const auto nodes = cluster_->cluster_nodes().value();
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].http, "http://127.0.0.1:15011");
  EXPECT_TRUE(nodes[0].draining);
  EXPECT_EQ(nodes[0].pid, me.pid);
  EXPECT_EQ(cluster_->set_node_draining("nobody", true).error(), make_error_code(Errc::NotFound));
  // A restarted node takes calls again: its new address clears the drain.
  ASSERT_TRUE(cluster_->set_node_http(me, "http://127.0.0.1:15011").has_value());
  EXPECT_FALSE(cluster_->node_draining(me).value());
}

INSTANTIATE_TEST_SUITE_P(Backends, ClusterStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace va::crm
