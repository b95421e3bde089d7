// SimShared: the simulator's locked tables. Resumption hands a conversation from one connection
// to the next exactly once, also when many threads resume and detach at the same time.
#include "sim/sim_shared.h"

#include <gtest/gtest.h>

#include <thread>

namespace va::sim {
namespace {

TEST(SimShared, AHandleAttachesItsConversationOnlyWhileNoConnectionHoldsIt) {
  const SimConfig config;
  SimShared shared{config};
  auto conv = shared.new_conversation();
  ASSERT_TRUE(conv->attached);
  const auto handle = shared.new_handle(conv);
  std::shared_ptr<Conversation> got;
  EXPECT_EQ(shared.attach(handle, got), SimShared::Attach::Busy);
  shared.detach(*conv);
  EXPECT_EQ(shared.attach(handle, got), SimShared::Attach::Ok);
  EXPECT_EQ(got.get(), conv.get());
  EXPECT_EQ(shared.attach("sim-0-nope", got), SimShared::Attach::Unknown);
}

TEST(SimShared, ConcurrentResumesNeverAttachOneConversationTwice) {
  const SimConfig config;
  SimShared shared{config};
  auto conv = shared.new_conversation();
  const auto handle = shared.new_handle(conv);
  shared.detach(*conv);
  std::atomic<int> holders{0}, max_holders{0}, attaches{0};
  auto worker = [&] {
    for (int i = 0; i < 2000; ++i) {
      std::shared_ptr<Conversation> got;
      if (shared.attach(handle, got) != SimShared::Attach::Ok) continue;
      const int now = ++holders;
      int seen = max_holders.load();
      while (now > seen && !max_holders.compare_exchange_weak(seen, now)) {
      }
      ++got->connections;  // only the holder touches the conversation
      ++attaches;
      --holders;
      shared.detach(*got);
    }
  };
  std::thread a(worker), b(worker), c(worker);
  a.join();
  b.join();
  c.join();
  EXPECT_EQ(max_holders.load(), 1);
  EXPECT_GT(attaches.load(), 0);
  EXPECT_EQ(conv->connections, static_cast<std::uint64_t>(attaches.load()));
}

TEST(SimShared, SessionsAreListedUntilRemovedAndCountersSnapshot) {
  struct Dummy : SimSessionBase {
    void shutdown() override {}
  };
  const SimConfig config;
  SimShared shared{config};
  auto d = std::make_shared<Dummy>();
  const auto id = shared.add_session(d);
  EXPECT_EQ(shared.live_sessions().size(), 1u);
  shared.remove_session(id);
  EXPECT_TRUE(shared.live_sessions().empty());
  bump(shared.counters.audio_out_samples, 480);
  bump(shared.counters.replies);
  const auto snap = shared.counters.snapshot();
  EXPECT_EQ(snap.audio_out_samples, 480u);
  EXPECT_EQ(snap.replies, 1u);
}

}  // namespace
}  // namespace va::sim
