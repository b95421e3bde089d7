#include "call/live_calls.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "call/errc.h"

namespace va::call {
namespace {

TEST(LiveCalls, NodeLimitRefusesTheCallBeyondIt) {
  LiveCalls live(2);
  EXPECT_FALSE(live.admit(1, 0));
  EXPECT_FALSE(live.admit(2, 0));
  EXPECT_EQ(live.admit(3, 0), Errc::NodeLimit);
  live.unadmit(2);
  EXPECT_FALSE(live.admit(3, 0));
}

TEST(LiveCalls, OwnerLimitCountsOnlyThatOwnersCalls) {
  LiveCalls live(100);
  EXPECT_FALSE(live.admit(7, 1));
  EXPECT_EQ(live.admit(7, 1), Errc::OwnerLimit);
  EXPECT_FALSE(live.admit(8, 1));
  EXPECT_EQ(live.owner_count(7), 1);
  EXPECT_EQ(live.admitted(), 2);
}

TEST(LiveCalls, RemovingACallGivesItsSlotBackOnce) {
  LiveCalls live(1);
  ASSERT_FALSE(live.admit(7, 1));
  live.add({.call_id = 42, .owner_id = 7, .status = crm::CallStatus::Dialing});
  live.remove(42);
  live.remove(42);  // idempotent: must not free a slot twice
  EXPECT_EQ(live.admitted(), 0);
  EXPECT_EQ(live.owner_count(7), 0);
  EXPECT_FALSE(live.admit(9, 1));
  EXPECT_EQ(live.admit(10, 1), Errc::NodeLimit);
}

TEST(LiveCalls, UpdateChangesOnlyThatCall) {
  LiveCalls live(10);
  live.add({.call_id = 1, .owner_id = 7, .status = crm::CallStatus::Dialing});
  live.add({.call_id = 2, .owner_id = 8, .status = crm::CallStatus::Dialing});
  live.update(1, [](LiveCall& c) {
    c.status = crm::CallStatus::Active;
    c.media.local_rtp_port = 10002;
  });
  live.update(99, [](LiveCall& c) { c.status = crm::CallStatus::Ended; });
  EXPECT_EQ(live.find(1)->status, crm::CallStatus::Active);
  EXPECT_EQ(live.find(1)->media.local_rtp_port, 10002);
  EXPECT_EQ(live.find(2)->status, crm::CallStatus::Dialing);
  EXPECT_FALSE(live.find(99));
  EXPECT_EQ(live.all().size(), 2u);
}

TEST(LiveCalls, ConcurrentAdmissionsNeverExceedTheLimit) {
  LiveCalls live(50);
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (!live.admit(i % 5, 0)) ++admitted;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(admitted.load(), 50);
  EXPECT_EQ(live.admitted(), 50);
}

TEST(LiveCalls, TenantLimitCountsTheAdminAndItsAgentsTogether) {
  LiveCalls live(100);
  // Admin 10 allows 2 calls over its tenant; agents 11 and 12 each allow 5 of their own.
  EXPECT_FALSE(live.admit(10, 0, 10, 2));
  EXPECT_FALSE(live.admit(11, 5, 10, 2));
  EXPECT_EQ(live.admit(12, 5, 10, 2), Errc::TenantLimit);
  EXPECT_EQ(live.admit(10, 0, 10, 2), Errc::TenantLimit);
  EXPECT_FALSE(live.admit(20, 5, 20, 2));  // another tenant is not touched
  EXPECT_EQ(live.tenant_count(10), 2);
  LiveCall call;
  call.call_id = 1;
  call.owner_id = 11;
  call.tenant_id = 10;
  live.add(call);
  live.remove(1);  // gives back the agent's and the tenant's slot
  EXPECT_EQ(live.tenant_count(10), 1);
  EXPECT_FALSE(live.admit(12, 5, 10, 2));
  live.unadmit(12, 10);
  live.unadmit(10, 10);
  EXPECT_EQ(live.tenant_count(10), 0);
  EXPECT_EQ(live.owner_count(10), 0);
}

}  // namespace
}  // namespace va::call
