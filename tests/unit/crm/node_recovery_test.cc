// Crash recovery in the store (migration 4, crm/sql/sql_store_nodes.cc, crm::NodeHeartbeat) on
// SQLite and PostgreSQL: a node taking its name over closes exactly the calls its previous
// process left live, as interrupted at that process's last heartbeat; other nodes' calls and
// ended calls are untouched; the heartbeat moves last_seen_at and a clean stop says stopped.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "crm/node_heartbeat.h"
#include "crm/sql/migrations.h"
#include "fresh_database.h"

namespace va::crm {
namespace {

class NodeRecoveryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<va::testing::FreshDatabase>(GetParam());
    ASSERT_EQ(db_->error(), "") << "the PostgreSQL half needs a throwaway cluster";
  }

  void open_store() {
    store_ = Store::create(db_->url(), 2).value();
    User u;
    u.username = "owner";
    u.role = Role::Admin;
    u.password_hash = "x";
    owner_ = store_->create_user(u).value();
  }

  // A call as the call layer records it on `node`, with the times it got so far.
  Id call_on(const std::string& node, const std::string& status, std::int64_t ringing_at = 0,
             std::int64_t answered_at = 0) {
    Call c;
    c.owner_id = owner_;
    c.to = "+15550001";
    c.status = call_status_from_string(status).value();
    c.node = node;
    c.ringing_at = ringing_at;
    c.answered_at = answered_at;
    if (status == "ended") {
      c.ended_at = answered_at + 1;
      c.end_reason = "remote_hangup";
    }
    const Id id = store_->create_call(c).value();
    return id;
  }

  Node node(const std::string& name, std::int64_t pid, std::int64_t started, std::int64_t seen) {
    Node n;
    n.name = name;
    n.pid = pid;
    n.started_at = started;
    n.last_seen_at = seen;
    return n;
  }

  std::unique_ptr<va::testing::FreshDatabase> db_;
  std::unique_ptr<Store> store_;
  Id owner_ = 0;
};

TEST_P(NodeRecoveryTest, TakeOverClosesExactlyThePreviousProcessesLiveCalls) {
  open_store();
  const std::int64_t now = now_ms();
  const std::int64_t last_seen = now + 60'000;  // later than every call's own events
  ASSERT_TRUE(store_->take_over_node(node("n1", 100, now - 1000, now)).has_value());
  ASSERT_TRUE(store_->touch_node(node("n1", 100, now - 1000, now), last_seen).has_value());
  const Id active = call_on("n1", "active", now + 1, now + 2);
  const Id ringing = call_on("n1", "ringing", now + 1);
  const Id dialing = call_on("n1", "dialing");
  const Id ended = call_on("n1", "ended", now + 1, now + 2);
  const Id other = call_on("n2", "active", now + 1, now + 2);

  // The process dies (no stop); the next one takes the name over.
  auto taken = store_->take_over_node(node("n1", 200, last_seen + 5000, last_seen + 5000));
  ASSERT_TRUE(taken) << taken.error().message();
  ASSERT_TRUE(taken->previous.has_value());
  EXPECT_EQ(taken->previous->pid, 100);
  EXPECT_EQ(taken->previous->last_seen_at, last_seen);
  auto ids = taken->interrupted;
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<Id>{active, ringing, dialing}));
  for (Id id : {active, ringing, dialing}) {
    const auto c = store_->get_call(id).value();
    EXPECT_EQ(c.status, CallStatus::Ended) << id;
    EXPECT_EQ(c.end_reason, "interrupted") << id;
    EXPECT_EQ(c.outcome, "interrupted") << id;
    EXPECT_EQ(c.ended_at, last_seen) << id << ": ended at the last heartbeat";
    EXPECT_EQ(c.node, "n1");
  }
  EXPECT_EQ(store_->get_call(ended).value().end_reason, "remote_hangup");
  EXPECT_EQ(store_->get_call(other).value().status, CallStatus::Active) << "another node's call";

  auto nodes = store_->list_nodes().value();
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].pid, 200);
  EXPECT_EQ(nodes[0].status, "live");
  // The dead process's incarnation can no longer beat over the new one.
  EXPECT_FALSE(store_->touch_node(node("n1", 100, now - 1000, now), now).has_value());
  EXPECT_TRUE(store_->touch_node(nodes[0], last_seen + 6000).has_value());
}

TEST_P(NodeRecoveryTest, ACallNewerThanTheLastHeartbeatEndsAtItsOwnLastEvent) {
  open_store();
  const std::int64_t now = now_ms();
  ASSERT_TRUE(store_->take_over_node(node("n1", 100, now - 9000, now - 5000)).has_value());
  const Id late = call_on("n1", "active", now + 10, now + 20);  // placed after the last beat
  auto taken = store_->take_over_node(node("n1", 101, now + 100, now + 100));
  ASSERT_TRUE(taken);
  ASSERT_EQ(taken->interrupted.size(), 1u);
  EXPECT_EQ(store_->get_call(late).value().ended_at, now + 20);
}

// Calls recorded before migration 4 carry no node: their process is gone by the time a node
// starts on the new schema, and they end at their own last event (no heartbeat was kept).
TEST_P(NodeRecoveryTest, CallsLeftLiveBeforeTheMigrationAreClosedByTheFirstStart) {
  {
    auto conn = db_->connect();
    ASSERT_EQ(sql::migrate(*conn, 3).value(), 3);
    ASSERT_TRUE(
        conn->query("INSERT INTO users (username, role, password_hash, created_at, "
                    "updated_at) VALUES ('old', 'admin', 'x', 1, 1)",
                    {}));
    ASSERT_TRUE(
        conn->query("INSERT INTO calls (owner_id, status, created_at, ringing_at, "
                    "answered_at) VALUES (1, 'active', 1000, 2000, 3000)",
                    {}));
  }
  store_ = Store::create(db_->url(), 1).value();  // migrates 3 -> latest
  EXPECT_EQ(store_->schema_version().value(), sql::latest_schema_version());
  auto taken = store_->take_over_node(node("node1", 7, now_ms(), now_ms()));
  ASSERT_TRUE(taken);
  EXPECT_FALSE(taken->previous.has_value());
  ASSERT_EQ(taken->interrupted.size(), 1u);
  const auto c = store_->get_call(taken->interrupted[0]).value();
  EXPECT_EQ(c.status, CallStatus::Ended);
  EXPECT_EQ(c.end_reason, "interrupted");
  EXPECT_EQ(c.ended_at, 3000);
}

TEST_P(NodeRecoveryTest, TheHeartbeatMovesLastSeenAndACleanStopSaysStopped) {
  open_store();
  NodeHeartbeat heartbeat(*store_, "beating", std::chrono::milliseconds(20));
  auto taken = heartbeat.start();
  ASSERT_TRUE(taken) << taken.error().message();
  const std::int64_t first = store_->list_nodes().value().at(0).last_seen_at;
  std::int64_t seen = first;
  for (int i = 0; i < 200 && seen == first; ++i) {  // bounded: up to 2 s
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    seen = store_->list_nodes().value().at(0).last_seen_at;
  }
  EXPECT_GT(seen, first) << "no heartbeat within 2 s at a 20 ms interval";
  heartbeat.stop();
  const auto after = store_->list_nodes().value().at(0);
  EXPECT_EQ(after.status, "stopped");
  EXPECT_EQ(after.pid, heartbeat.node().pid);
}

INSTANTIATE_TEST_SUITE_P(Backends, NodeRecoveryTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace va::crm
