// HeapTrimmer: freed heap the allocator kept goes back to the OS; ticks trim only when wanted
// (TrimWhenIdle: a few times after each burst of calls, never while one is live); stop is final.
#include "app/heap_trimmer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <vector>

namespace va::app {
namespace {

constexpr std::int64_t kMiB = 1024 * 1024;

TEST(HeapTrimmer, ReadsTheResidentSetSize) {
  EXPECT_GT(HeapTrimmer::resident_bytes(), 0);
}

#if defined(__GLIBC__)
TEST(HeapTrimmer, GivesBackFreedHeapThatAFreeAloneKeeps) {
  // 64 MiB in 64 KiB blocks (below the mmap threshold: they come from the arena), touched so
  // they are resident, each followed by a small block that stays: the way long-lived objects
  // sit between what a burst of calls freed, they keep free() from shrinking the arena.
  constexpr std::size_t kBlock = 64 * 1024;
  constexpr int kBlocks = 1024;
  std::vector<void*> blocks, pins;
  blocks.reserve(kBlocks);
  pins.reserve(kBlocks);
  const std::int64_t baseline = HeapTrimmer::resident_bytes();
  for (int i = 0; i < kBlocks; ++i) {
    void* p = std::malloc(kBlock);
    ASSERT_NE(p, nullptr);
    std::memset(p, 0x5a, kBlock);
    asm volatile("" : : "r"(p) : "memory");  // the stores are kept: the pages are resident
    blocks.push_back(p);
    pins.push_back(std::malloc(64));
  }
  for (void* p : blocks)
    std::free(p);
  asm volatile("" : : : "memory");
  const std::int64_t held = HeapTrimmer::resident_bytes();
  const TrimResult r = HeapTrimmer::trim_now();
  for (void* p : pins)
    std::free(p);
  EXPECT_GE(held, baseline + 48 * kMiB) << "free() alone gave the blocks back";
  EXPECT_LE(r.rss_after, r.rss_before - 48 * kMiB)
      << "RSS before " << r.rss_before / kMiB << " MiB, after " << r.rss_after / kMiB << " MiB";
}
#endif

TEST(HeapTrimmer, TicksEveryIntervalUntilStoppedThenLetsTheLoopEnd) {
  boost::asio::io_context io;
  HeapTrimmer trimmer(io, std::chrono::milliseconds(5), [] { return true; });
  boost::asio::steady_timer stop_after(io, std::chrono::milliseconds(100));
  stop_after.async_wait([&](const boost::system::error_code&) { trimmer.stop(); });
  trimmer.start();
  // Returns once the trimmer stopped (nothing else is queued); bounded in case it does not.
  io.run_for(std::chrono::seconds(10));
  EXPECT_TRUE(io.stopped());
  EXPECT_GE(trimmer.trims(), 3u);
  EXPECT_LT(trimmer.trims(), 25u);
  EXPECT_EQ(trimmer.trims(), trimmer.ticks());
}

TEST(HeapTrimmer, TrimsOnlyOnTheTicksThatWantIt) {
  boost::asio::io_context io;
  int asked = 0;
  HeapTrimmer trimmer(io, std::chrono::milliseconds(1), [&] { return ++asked % 2 == 0; });
  boost::asio::steady_timer stop_after(io, std::chrono::milliseconds(50));
  stop_after.async_wait([&](const boost::system::error_code&) { trimmer.stop(); });
  trimmer.start();
  io.run_for(std::chrono::seconds(10));
  EXPECT_TRUE(io.stopped());
  EXPECT_GE(trimmer.ticks(), 4u);
  EXPECT_EQ(trimmer.trims(), trimmer.ticks() / 2);
}

TEST(HeapTrimmer, AStopBeforeTheStartIsKept) {
  boost::asio::io_context io;
  HeapTrimmer trimmer(io, std::chrono::milliseconds(1), [] { return true; });
  trimmer.stop();
  trimmer.start();
  io.run_for(std::chrono::seconds(5));
  EXPECT_TRUE(io.stopped());
  EXPECT_EQ(trimmer.ticks(), 0u);
}

TEST(TrimWhenIdle, NeverTrimsBeforeAnyCallEnded) {
  TrimWhenIdle idle;
  for (int i = 0; i < 10; ++i)
    EXPECT_FALSE(idle(0, 0));
}

TEST(TrimWhenIdle, TrimsAFewTimesOnceTheCallsOfABurstAreGoneThenStops) {
  TrimWhenIdle idle;
  EXPECT_FALSE(idle(200, 150));  // calls live: the arenas' locks would delay their packets
  EXPECT_FALSE(idle(3, 400));
  for (int i = 0; i < TrimWhenIdle::kTrimsPerBurst; ++i)
    EXPECT_TRUE(idle(0, 403)) << i;
  EXPECT_FALSE(idle(0, 403));
  EXPECT_FALSE(idle(0, 403));
}

TEST(TrimWhenIdle, ANewBurstStartsTheCountAgainAndALiveCallPausesIt) {
  TrimWhenIdle idle;
  for (int i = 0; i < TrimWhenIdle::kTrimsPerBurst; ++i)
    EXPECT_TRUE(idle(0, 10));
  EXPECT_FALSE(idle(0, 10));
  EXPECT_FALSE(idle(1, 11));  // one more call came and went, one is still live
  EXPECT_TRUE(idle(0, 12));
  EXPECT_FALSE(idle(2, 12));  // live again: paused, the burst's trims are kept for later
  for (int i = 1; i < TrimWhenIdle::kTrimsPerBurst; ++i)
    EXPECT_TRUE(idle(0, 12)) << i;
  EXPECT_FALSE(idle(0, 12));
}

}  // namespace
}  // namespace va::app
