// Calls that end after their playout (the AI's end_call tool, an AI failure with its apology)
// leave nothing behind: the whole call stack of call_stack_fixture.h runs such calls, is torn
// down, and LeakSanitizer (linked into this test only) must find no unreachable heap block.
// The wait-for-playout poll of a Call once captured a shared_ptr to itself: one closure and
// the Call's control block leaked per call that took this path.
#include <gtest/gtest.h>

#include "call_stack_fixture.h"

#if defined(VA_LEAK_CHECK)
#include <sanitizer/lsan_interface.h>
#endif

namespace va::call {
namespace {

using namespace std::chrono_literals;

class CallPlayoutLeakTest : public CallStackTest {
 protected:
  static constexpr const char* kQuotaKey = "demo-key-carol-quota";

  void SetUp() override {
#if !defined(VA_LEAK_CHECK)
    GTEST_SKIP() << "built without LeakSanitizer";
#endif
    sim::SimConfig sim;
    sim.mode = sim::ReplyMode::Tone;
    sim.keys = {kKeyA, kKeyB, kQuotaKey};
    sim.quota_keys = {kQuotaKey};
    sim.setup_delay = 50ms;
    // The model says its (tone) goodbye and calls end_call while that audio still plays.
    sim.tool_after_reply = "end_call";
    start({.name = "va_call_playout_leak",
           .lines = {{"1001", 440}, {"1002", 700}},
           .sim = std::move(sim),
           .port_min = 45000,
           .master_key_byte = 5});
  }

  void TearDown() override {
    CallStackTest::TearDown();
    sim_.reset();  // its thread too: nothing runs while the heap is scanned
#if defined(VA_LEAK_CHECK)
    // Every call, shard, socket and thread is gone: what is still allocated and unreachable
    // was leaked (LeakSanitizer prints each block with the stack that allocated it).
    EXPECT_EQ(__lsan_do_recoverable_leak_check(), 0) << "heap leaked: see LeakSanitizer above";
#endif
  }
};

TEST_F(CallPlayoutLeakTest, CallsEndedAfterTheirPlayoutLeaveNoHeapBehind) {
  auto carol = make_user("carol", kQuotaKey);
  const auto by_tool = manager_->place_call({alice_, "1001", 0, 0, std::nullopt}).value();
  const auto by_failure = manager_->place_call({carol, "1002", 0, 0, std::nullopt}).value();
  // end_call comes after the first reply (after the 3.7 s greeting); the quota close about a
  // second after setup. Both wait for what is queued for the phone, then hang up.
  auto tool_ended = wait_status(by_tool, "ended", 30s);
  auto failure_ended = wait_status(by_failure, "ended", 30s);
  EXPECT_EQ(tool_ended.end_reason, "ai_end_call");
  EXPECT_EQ(tool_ended.outcome, "answered");
  EXPECT_EQ(failure_ended.end_reason, "ai_failed");
  EXPECT_EQ(manager_->live_calls().size(), 0u);
  EXPECT_EQ(ports_->leased(), 0u);
}

}  // namespace
}  // namespace va::call
