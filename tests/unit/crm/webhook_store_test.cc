// Webhook tables (migration 8) on SQLite and PostgreSQL: endpoints by owner and scope, the
// delivery queue's claim (lease, one call's events in order, inactive endpoints wait), tries
// recorded with the delivery's state, and the cascade on delete.
#include <gtest/gtest.h>

#include "crm/errc.h"
#include "crm/store.h"
#include "fresh_database.h"

namespace va::crm {
namespace {

class WebhookStoreTest : public ::testing::TestWithParam<std::string> {
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

  Id hook(Id owner, std::vector<std::string> events = {"call.ended"}) {
    Webhook w;
    w.owner_id = owner;
    w.url = "http://127.0.0.1:9/hook";
    w.secret = "0123456789abcdef";
    w.events = std::move(events);
    auto id = store_->create_webhook(w);
    EXPECT_TRUE(id) << id.error().message();
    return id ? *id : 0;
  }

  Id delivery(Id webhook, Id call, const std::string& event, std::int64_t due = 0) {
    WebhookDelivery d;
    d.webhook_id = webhook;
    d.event = event;
    d.call_id = call;
    d.order_key = "call:" + std::to_string(call);
    d.body = "{}";
    d.created_at = 1000;
    d.next_attempt_at = due;
    auto id = store_->enqueue_webhook_delivery(d);
    EXPECT_TRUE(id) << id.error().message();
    return id ? *id : 0;
  }

  void finish(const WebhookDelivery& d, const std::string& status, std::int64_t next = 0) {
    WebhookTryResult r;
    r.attempt.delivery_id = d.id;
    r.attempt.webhook_id = d.webhook_id;
    r.attempt.attempt = d.attempts + 1;
    r.attempt.status_code = status == "delivered" ? 200 : 0;
    r.attempt.error = status == "delivered" ? "" : "connect refused";
    r.attempt.at = 2000;
    r.status = status;
    r.next_attempt_at = next;
    ASSERT_TRUE(store_->finish_webhook_try(r));
  }

  std::unique_ptr<va::testing::FreshDatabase> db_;
  std::unique_ptr<Store> store_;
};

TEST_P(WebhookStoreTest, EndpointsRoundTripAndFollowTheOwnerScope) {
  const Id a = user("admin-a", Role::Admin);
  const Id b = user("admin-b", Role::Admin);
  const Id id = hook(a, {"call.ended", "campaign.done"});
  hook(b);
  auto w = store_->get_webhook(id);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->url, "http://127.0.0.1:9/hook");
  EXPECT_EQ(w->events, (std::vector<std::string>{"call.ended", "campaign.done"}));
  EXPECT_TRUE(w->active);
  EXPECT_EQ(store_->list_webhooks(std::vector<Id>{a}).value().size(), 1u);
  EXPECT_EQ(store_->list_webhooks(std::nullopt).value().size(), 2u);
  w->events = {"call.analyzed"};
  w->active = false;
  ASSERT_TRUE(store_->update_webhook(*w));
  EXPECT_EQ(store_->get_webhook(id).value().events, std::vector<std::string>{"call.analyzed"});
  EXPECT_FALSE(store_->get_webhook(id).value().active);
}

TEST_P(WebhookStoreTest, AnOwnersEventsReachItsAdminAndSuperadminsButNoOtherTenant) {
  const Id super = user("root", Role::Superadmin);
  const Id a = user("admin-a", Role::Admin);
  const Id agent = user("agent-a", Role::Agent, a);
  const Id b = user("admin-b", Role::Admin);
  const Id ha = hook(a);
  const Id hb = hook(b);
  const Id hs = hook(super);
  auto got = store_->webhooks_for_owner(agent, a).value();
  std::vector<Id> ids;
  for (const auto& w : got)
    ids.push_back(w.id);
  EXPECT_EQ(ids, (std::vector<Id>{ha, hs}));
  (void)hb;
}

TEST_P(WebhookStoreTest, ClaimKeepsOneCallsEventsInOrderAndLeasesWhatItTakes) {
  const Id a = user("admin-a", Role::Admin);
  const Id w = hook(a);
  const Id first = delivery(w, 7, "call.ended");
  const Id second = delivery(w, 7, "call.analyzed");
  const Id other = delivery(w, 8, "call.ended");
  auto c1 = store_->claim_webhook_delivery(100, 5000).value();
  ASSERT_TRUE(c1);
  EXPECT_EQ(c1->id, first);
  // call 7's second event waits for its first; call 8 may go meanwhile.
  auto c2 = store_->claim_webhook_delivery(100, 5000).value();
  ASSERT_TRUE(c2);
  EXPECT_EQ(c2->id, other);
  EXPECT_FALSE(store_->claim_webhook_delivery(100, 5000).value());
  // A failed try keeps the order: the retry is still first.
  finish(*c1, "pending", 200);
  EXPECT_FALSE(store_->claim_webhook_delivery(150, 5000).value());
  auto again = store_->claim_webhook_delivery(250, 5000).value();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, first);
  EXPECT_EQ(again->attempts, 1);
  finish(*again, "delivered");
  auto next = store_->claim_webhook_delivery(250, 5000).value();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->id, second);
  finish(*next, "delivered");
  // A lease that ran out (a worker died) makes the delivery due again.
  auto expired = store_->claim_webhook_delivery(6000, 9000).value();
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->id, other);
}

TEST_P(WebhookStoreTest, TriesAreLoggedNewestFirstWithTheirDeliverysState) {
  const Id a = user("admin-a", Role::Admin);
  const Id w = hook(a);
  delivery(w, 7, "call.ended");
  auto c = store_->claim_webhook_delivery(0, 10).value();
  ASSERT_TRUE(c);
  finish(*c, "pending", 20);
  c = store_->claim_webhook_delivery(20, 30).value();
  ASSERT_TRUE(c);
  finish(*c, "delivered");
  auto log = store_->list_webhook_attempts(w, Page{}).value();
  ASSERT_EQ(log.total, 2);
  EXPECT_EQ(log.items[0].attempt, 2);
  EXPECT_EQ(log.items[0].status_code, 200);
  EXPECT_EQ(log.items[0].delivery_status, "delivered");
  EXPECT_EQ(log.items[1].attempt, 1);
  EXPECT_EQ(log.items[1].status_code, 0);
  EXPECT_EQ(log.items[1].error, "connect refused");
  EXPECT_EQ(log.items[1].event, "call.ended");
  EXPECT_EQ(log.items[1].call_id, 7);
  EXPECT_EQ(store_->pending_webhook_deliveries(w).value(), 0);
}

TEST_P(WebhookStoreTest, InactiveEndpointsWaitAndDeleteTakesTheLogAlong) {
  const Id a = user("admin-a", Role::Admin);
  const Id w = hook(a);
  const Id d = delivery(w, 7, "call.ended");
  auto hook_row = store_->get_webhook(w).value();
  hook_row.active = false;
  ASSERT_TRUE(store_->update_webhook(hook_row));
  EXPECT_FALSE(store_->claim_webhook_delivery(100, 200).value());
  EXPECT_EQ(store_->pending_webhook_deliveries(w).value(), 1);
  ASSERT_TRUE(store_->delete_webhook(w));
  EXPECT_EQ(store_->get_webhook(w).error(), Errc::NotFound);
  EXPECT_EQ(store_->get_webhook_delivery(d).error(), Errc::NotFound);
  EXPECT_EQ(store_->delete_webhook(w).error(), Errc::NotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace va::crm
