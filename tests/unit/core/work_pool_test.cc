// WorkPool: jobs run off the caller's thread; one owner's queued + running jobs are capped
// (the rest refused with a Retry-After, never run) while other owners still get in; the pool
// as a whole is bounded; stop() runs what was queued and refuses what comes after.
#include "core/work_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace va::core {
namespace {

// A gate the test opens: jobs block on it so the pool's counts can be observed.
struct Gate {
  std::promise<void> open;
  std::shared_future<void> opened = open.get_future().share();
  std::function<void()> job(std::atomic<int>& ran) {
    return [f = opened, &ran] {
      f.wait();
      ++ran;
    };
  }
};

TEST(WorkPoolTest, AnOwnerOverItsLimitIsRefusedWhileOthersStillGetIn) {
  WorkPool pool({/*threads=*/1, /*per_owner=*/2, /*max_queued=*/10});
  Gate gate;
  std::atomic<int> ran{0};
  EXPECT_FALSE(pool.submit(7, gate.job(ran)));
  EXPECT_FALSE(pool.submit(7, gate.job(ran)));
  auto third = pool.submit(7, gate.job(ran));
  ASSERT_TRUE(third);
  EXPECT_EQ(third->why, WorkRefusal::Why::OwnerBusy);
  EXPECT_GE(third->retry_after.count(), 1);
  EXPECT_FALSE(pool.submit(8, gate.job(ran))) << "another owner is not held by owner 7's limit";
  EXPECT_EQ(pool.stats().refused, 1);
  gate.open.set_value();
  pool.stop();
  EXPECT_EQ(ran.load(), 3) << "the refused job never runs";
}

TEST(WorkPoolTest, AFinishedJobFreesItsOwnersSlot) {
  WorkPool pool({1, 1, 10});
  std::promise<void> done;
  EXPECT_FALSE(pool.submit(1, [&] { done.set_value(); }));
  done.get_future().wait();
  std::optional<WorkRefusal> again;
  for (int i = 0; i < 200; ++i) {  // the count drops just after the job returns: bounded poll
    again = pool.submit(1, [] {});
    if (!again) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_FALSE(again) << "owner 1 stayed at its limit after its job finished";
}

TEST(WorkPoolTest, ThePoolAsAWholeIsBounded) {
  WorkPool pool({1, 100, 2});
  Gate gate;
  std::atomic<int> ran{0};
  EXPECT_FALSE(pool.submit(1, gate.job(ran)));  // taken by the thread (or queued)
  for (int i = 0; i < 200 && pool.stats().running == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(pool.stats().running, 1);
  EXPECT_FALSE(pool.submit(2, gate.job(ran)));
  EXPECT_FALSE(pool.submit(3, gate.job(ran)));
  auto full = pool.submit(4, gate.job(ran));
  ASSERT_TRUE(full);
  EXPECT_EQ(full->why, WorkRefusal::Why::PoolFull);
  EXPECT_EQ(pool.stats().queued, 2);
  gate.open.set_value();
  pool.stop();
  EXPECT_EQ(ran.load(), 3);
}

TEST(WorkPoolTest, JobsRunOffTheCallersThreadAndStopRefusesLaterWork) {
  WorkPool pool({2, 4, 8});
  std::promise<std::thread::id> where;
  EXPECT_FALSE(pool.submit(1, [&] { where.set_value(std::this_thread::get_id()); }));
  EXPECT_NE(where.get_future().get(), std::this_thread::get_id());
  pool.stop();
  auto late = pool.submit(1, [] {});
  ASSERT_TRUE(late);
  EXPECT_EQ(late->why, WorkRefusal::Why::Stopped);
}

}  // namespace
}  // namespace va::core
